/**
 * One state's long-term projections from the Projections Central REST service, every page of it.
 *
 * The service answers `{"rows": [...], "pager": {"current_page": 0, "total_items": 657,
 * "total_pages": 1, "items_per_page": 1000}}` (recorded for Nevada, 2026); pages are asked for
 * with `&page=N`, counted from 0. A proxy or a later version may signal the next page with a
 * `links.next` address instead; both are followed. The loop stops on an empty page or a page
 * that repeats an earlier one (a server that ignores `page`), never runs past MAX_PAGES, and
 * refuses a result whose row count differs from the pager's `total_items`: a missing page
 * would make its occupations look like ones the state does not project.
 *
 * Every row must carry the state's FIPS code. The national row (STFIPS 0) is refused by name,
 * not filtered out: it can only arrive if the request went somewhere else.
 */
import { readFileSync, rmSync } from 'node:fs';
import { messages } from '../../kernel/messages.ts';
import { onMirror } from '../mirror.ts';
import type { StateCode } from './states.ts';

/** A hard stop: 50 pages of 1,000 rows is 60 times the largest state seen (833 rows in 2026). */
export const MAX_PAGES = 50;

/** Downloads one address to `dest` with the fetch command's bounds (time, size, retries). */
export type PageDownload = (
  url: string,
  dest: string,
) => Promise<{ sha256: string; bytes: number } | { error: string }>;

export interface StatePagesRequest {
  /** Source id in messages, e.g. "pc-longterm-state/NV". */
  id: string;
  /** The first page's address (already pointed at a mirror when one is used). */
  url: string;
  state: StateCode;
  /** The mirror's base address: a `links.next` elsewhere is brought back to it. */
  mirror: string | undefined;
  /** Pages are downloaded beside this path (`<tempBase>.page<N>`) and removed once read. */
  tempBase: string;
  download: PageDownload;
  log: (line: string) => void;
}

export type StatePages = { rows: Record<string, unknown>[]; pages: number } | { error: string };

/** Follows the pager and returns every row of the state, or why it cannot be trusted. */
export async function fetchStatePages(req: StatePagesRequest): Promise<StatePages> {
  const rows: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let url = req.url;
  let totalItems: number | undefined;
  let page = 0;
  // Pages that brought rows (an empty last page is not one).
  let pages = 0;
  for (;;) {
    if (page >= MAX_PAGES) return { error: messages.pcTooManyPages(req.id, MAX_PAGES) };
    const dest = `${req.tempBase}.page${page}`;
    let text: string;
    try {
      const got = await req.download(url, dest);
      if ('error' in got) return got;
      if (seen.has(got.sha256)) {
        req.log(messages.pcRepeatedPage(req.id, url));
        break;
      }
      seen.add(got.sha256);
      text = readFileSync(dest, 'utf8');
    } finally {
      rmSync(dest, { force: true });
    }
    const parsed = parsePage(req.id, url, text);
    if ('error' in parsed) return parsed;
    if (parsed.rows.length === 0) {
      if (page === 0) return { error: messages.pcNoRows(req.id, url) };
      break;
    }
    pages++;
    for (const [i, row] of parsed.rows.entries()) {
      const wrong = checkRow(req, url, page, i, row);
      if (wrong !== undefined) return { error: wrong };
      rows.push(row as Record<string, unknown>);
    }
    totalItems = wholeNumber(parsed.pager?.total_items) ?? totalItems;
    const next = nextPage(req, url, page, parsed);
    if ('error' in next) return next;
    if (next.url === undefined) break;
    url = next.url;
    page++;
  }
  if (totalItems !== undefined && rows.length !== totalItems) {
    return { error: messages.pcIncomplete(req.id, totalItems, rows.length, pages) };
  }
  return { rows, pages };
}

interface Page {
  rows: unknown[];
  pager: Record<string, unknown> | undefined;
  next: unknown;
}

function parsePage(id: string, url: string, text: string): Page | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { error: messages.pcNotJson(id, url, snippet(text)) };
  }
  if (Array.isArray(parsed)) return { rows: parsed, pager: undefined, next: undefined };
  const obj =
    parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  if (!Array.isArray(obj.rows)) {
    return { error: messages.pcNotRows(id, url, snippet(text)) };
  }
  const pager = isObject(obj.pager) ? obj.pager : undefined;
  const links = isObject(obj.links) ? obj.links : undefined;
  const next = links?.next;
  return { rows: obj.rows, pager, next: isObject(next) ? next.href : next };
}

function checkRow(
  req: StatePagesRequest,
  url: string,
  page: number,
  index: number,
  row: unknown,
): string | undefined {
  if (!isObject(row)) return messages.pcRowNotObject(req.id, url, page, index + 1);
  const fips = wholeNumber(row.STFIPS);
  if (fips === Number(req.state.fips)) return undefined;
  const where = { id: req.id, url, page, row: index + 1, area: String(row.Area ?? '').trim() };
  if (fips === 0) return messages.pcNationalRow(where, req.state.postal);
  return messages.pcWrongState(where, String(row.STFIPS ?? ''), req.state.postal, req.state.fips);
}

function nextPage(
  req: StatePagesRequest,
  url: string,
  page: number,
  parsed: Page,
): { url: string | undefined } | { error: string } {
  if (typeof parsed.next === 'string' && parsed.next !== '') {
    const next = new URL(parsed.next, url);
    if (req.mirror !== undefined) {
      // A link into the mirror is followed as is; any other (the publisher's address, or a path
      // from the publisher's root) names a publisher path, which the mirror serves.
      const base = req.mirror.replace(/\/+$/, '');
      return { url: next.href.startsWith(`${base}/`) ? next.href : onMirror(next.href, base) };
    }
    if (next.origin === new URL(url).origin) return { url: next.href };
    return { error: messages.pcNextElsewhere(req.id, url, next.href) };
  }
  const totalPages = wholeNumber(parsed.pager?.total_pages);
  if (totalPages === undefined) return { url: undefined };
  const current = wholeNumber(parsed.pager?.current_page) ?? page;
  if (current + 1 >= totalPages) return { url: undefined };
  const next = new URL(url);
  next.searchParams.set('page', String(current + 1));
  return { url: next.toString() };
}

function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  // Only digits: Number("") is 0, which would read a blank STFIPS as the nation.
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
