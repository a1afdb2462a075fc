/**
 * `clusterfit fetch`: downloads each catalog source that has a direct address into the data
 * directory, and records what it accepted in the source lock.
 *
 *   catalog entry ─► format check ─► GET (timeout, stall timeout, retries on 5xx/network)
 *        ─► stream to a temp file beside the target, hashing ─► content check (HTML? zip? empty?)
 *        ─► compare with the lock ─► rename into place (new or accepted) or discard (unchanged,
 *           changed without --accept-new, refused)
 *
 * A target file is only ever replaced by a rename, so an interrupted or refused download never
 * leaves a partial file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { CliError, ExitCode } from '../pipeline/cli-error.ts';
import { messages } from '../pipeline/messages.ts';
import type { SourceEntry } from './catalog.ts';
import { type LockEntry, readLock, writeLock } from './source-lock.ts';

export interface FetchOptions {
  dataDir: string;
  /** The catalog entries to consider (the whole catalog, or a test catalog). */
  entries: readonly SourceEntry[];
  /** Only these source ids; all entries with a url when absent or empty. */
  only?: readonly string[];
  /** Replaces the scheme, host and port of every entry's url (tests point it at a local server). */
  baseUrl?: string;
  /** Abort when no bytes arrive for this long (also while waiting for the response headers). */
  stallTimeoutMs: number;
  /** Abort one request after this long in all. */
  totalTimeoutMs: number;
  /** Further attempts after the first, on network errors, timeouts and 5xx answers. */
  retries: number;
  /** First wait between attempts; doubles each time, at most 30 s. */
  backoffMs: number;
  acceptNew: boolean;
  log: (line: string) => void;
  date: () => Date;
}

export type FetchStatus = 'fetched' | 'unchanged' | 'changed' | 'failed';

export interface FetchOutcome {
  id: string;
  status: FetchStatus;
  message: string;
  sha256?: string;
  bytes?: number;
}

export interface FetchResult {
  outcomes: FetchOutcome[];
  exitCode: ExitCode;
}

const MAX_BACKOFF_MS = 30_000;
const MAX_ATTEMPTS = 11;
const KNOWN_FORMATS = ['csv', 'xlsx', 'json'] as const;
type Format = (typeof KNOWN_FORMATS)[number];

/** The file format a catalog entry is read as, from its path under the data directory. */
export function formatOf(path: string): string {
  return extname(path).slice(1).toLowerCase();
}

/** Downloads the selected sources; never throws for one source's failure, only for bad usage. */
export async function fetchSources(opts: FetchOptions): Promise<FetchResult> {
  const selected = selectEntries(opts);
  const lock = readLock(opts.dataDir);
  const outcomes: FetchOutcome[] = [];
  if (selected.length === 0) opts.log(messages.fetchNothingToDo);
  for (const entry of selected) {
    const outcome = await fetchOne(entry, lock.sources[entry.id], opts);
    if (outcome.lockEntry) lock.sources[entry.id] = outcome.lockEntry;
    const { lockEntry: _, ...rest } = outcome;
    outcomes.push(rest);
    opts.log(rest.message);
  }
  if (outcomes.some((o) => o.status === 'fetched')) writeLock(opts.dataDir, lock);
  const count = (s: FetchStatus) => outcomes.filter((o) => o.status === s).length;
  opts.log(
    messages.fetchSummary(count('fetched'), count('unchanged'), count('changed'), count('failed')),
  );
  const bad = count('failed') + count('changed') > 0;
  return { outcomes, exitCode: bad ? ExitCode.input : ExitCode.ok };
}

function selectEntries(opts: FetchOptions): SourceEntry[] {
  if (!opts.only || opts.only.length === 0) return opts.entries.filter((e) => e.url !== undefined);
  return opts.only.map((id) => {
    const entry = opts.entries.find((e) => e.id === id);
    if (!entry) {
      throw new CliError(
        messages.unknownSource(
          id,
          opts.entries.map((e) => e.id),
        ),
        ExitCode.usage,
      );
    }
    return entry;
  });
}

interface OneOutcome extends FetchOutcome {
  lockEntry?: LockEntry;
}

async function fetchOne(
  entry: SourceEntry,
  previous: LockEntry | undefined,
  opts: FetchOptions,
): Promise<OneOutcome> {
  const failed = (message: string): OneOutcome => ({ id: entry.id, status: 'failed', message });
  if (entry.url === undefined)
    return failed(messages.fetchNoUrl(entry.id, entry.docs, entry.original));
  const url = rewrite(entry.url, opts.baseUrl);
  const expected = formatOf(entry.path);
  const published = formatOf(new URL(entry.url).pathname);
  if (KNOWN_FORMATS.includes(published as Format) && published !== expected) {
    return failed(messages.fetchFormatMismatch(entry.id, entry.url, published, expected));
  }

  const target = resolve(opts.dataDir, entry.path);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.part`,
  );
  try {
    const got = await downloadWithRetries(entry.id, url, temp, expected, opts);
    if ('error' in got) return failed(got.error);
    const onDisk = existsSync(target) ? sha256File(target) : undefined;
    // Without a lock entry, a file already in place is the baseline: never clobber a file the
    // analyst put there by hand without saying so. With one, the lock is what was accepted, and
    // a missing or edited file is put back to it.
    const baseline = previous?.sha256 ?? onDisk;
    if (baseline === got.sha256 && onDisk === got.sha256) {
      return {
        id: entry.id,
        status: 'unchanged',
        message: messages.fetchUnchanged(entry.id, entry.path),
        sha256: got.sha256,
        bytes: got.bytes,
      };
    }
    if (baseline !== undefined && baseline !== got.sha256 && !opts.acceptNew) {
      return {
        id: entry.id,
        status: 'changed',
        message: messages.fetchChanged(entry.id, baseline, got.sha256),
        sha256: got.sha256,
        bytes: got.bytes,
      };
    }
    renameSync(temp, target);
    return {
      id: entry.id,
      status: 'fetched',
      message:
        baseline !== undefined && baseline !== got.sha256
          ? messages.fetchAcceptedNew(entry.id, entry.path, baseline, got.sha256)
          : messages.fetchFetched(entry.id, entry.path, got.bytes, got.sha256),
      sha256: got.sha256,
      bytes: got.bytes,
      lockEntry: {
        url: entry.url,
        path: entry.path,
        sha256: got.sha256,
        bytes: got.bytes,
        fetched_at: opts.date().toISOString(),
      },
    };
  } finally {
    rmSync(temp, { force: true });
  }
}

function rewrite(url: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return url;
  const u = new URL(url);
  return new URL(`${u.pathname}${u.search}`, baseUrl).toString();
}

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

type Download = { sha256: string; bytes: number } | { error: string };

/** Failures worth another attempt: the network, a timeout, a 5xx. A 4xx or a wrong body is not. */
class Retryable extends Error {}

async function downloadWithRetries(
  id: string,
  url: string,
  temp: string,
  expected: string,
  opts: FetchOptions,
): Promise<Download> {
  // Bounded whatever the caller asks: each attempt is bounded in time by the total timeout.
  const attempts = Math.min(MAX_ATTEMPTS, Math.max(1, Math.floor(opts.retries) + 1));
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadOnce(id, url, temp, expected, opts);
    } catch (error) {
      if (!(error instanceof Retryable)) {
        if (error instanceof CliError) return { error: error.message };
        throw error;
      }
      if (attempt >= attempts) return { error: messages.fetchGaveUp(error.message, attempts) };
      const wait = Math.min(MAX_BACKOFF_MS, opts.backoffMs * 2 ** (attempt - 1));
      opts.log(messages.fetchRetrying(id, attempt, attempts, wait / 1000, error.message));
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

const SNIFF_BYTES = 512;

async function downloadOnce(
  id: string,
  url: string,
  temp: string,
  expected: string,
  opts: FetchOptions,
): Promise<{ sha256: string; bytes: number }> {
  const controller = new AbortController();
  let why: Retryable | undefined;
  const abort = (reason: Retryable) => {
    why ??= reason;
    controller.abort(reason);
  };
  const total = setTimeout(
    () => abort(new Retryable(messages.fetchTimeout(id, url, opts.totalTimeoutMs / 1000))),
    opts.totalTimeoutMs,
  );
  let stall: NodeJS.Timeout | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(
      () => abort(new Retryable(messages.fetchStalled(id, url, opts.stallTimeoutMs / 1000))),
      opts.stallTimeoutMs,
    );
  };
  const file = await open(temp, 'w');
  try {
    armStall();
    let response: Response;
    try {
      response = await fetch(url, {
        signal: controller.signal,
        redirect: 'follow',
        // Some publishers (bls.gov) refuse requests that do not say who is asking.
        headers: { 'user-agent': 'clusterfit (open-source Perkins V pipeline; data download)' },
      });
    } catch (error) {
      throw why ?? new Retryable(messages.fetchNetwork(id, url, detail(error)));
    }
    if (response.status >= 500) {
      await response.body?.cancel().catch(() => {});
      throw new Retryable(messages.fetchHttpStatus(id, url, response.status, response.statusText));
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new CliError(
        messages.fetchHttpStatus(id, url, response.status, response.statusText),
        ExitCode.input,
      );
    }
    const type = response.headers.get('content-type') ?? '';
    if (/text\/html|application\/xhtml/i.test(type) && expected !== 'html') {
      await response.body?.cancel().catch(() => {});
      throw new CliError(
        messages.fetchHtml(id, url, expected, `Content-Type ${type}`),
        ExitCode.input,
      );
    }
    const hash = createHash('sha256');
    let bytes = 0;
    let head = Buffer.alloc(0);
    if (response.body) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          armStall();
          const { done, value } = await reader.read();
          if (done) break;
          hash.update(value);
          bytes += value.length;
          if (head.length < SNIFF_BYTES) {
            head = Buffer.concat([head, Buffer.from(value.subarray(0, SNIFF_BYTES - head.length))]);
          }
          await file.write(value);
        }
      } catch (error) {
        throw why ?? new Retryable(messages.fetchNetwork(id, url, detail(error)));
      }
    }
    checkContent(id, url, expected, head, bytes);
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    clearTimeout(total);
    clearTimeout(stall);
    await file.close();
  }
}

/** Refuses a body that cannot be the expected kind of file. */
function checkContent(id: string, url: string, expected: string, head: Buffer, bytes: number) {
  if (bytes === 0) throw new CliError(messages.fetchEmpty(id, url), ExitCode.input);
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (expected !== 'html' && (text.startsWith('<!doctype') || text.startsWith('<html'))) {
    throw new CliError(
      messages.fetchHtml(id, url, expected, 'the body starts with an HTML tag'),
      ExitCode.input,
    );
  }
  if (expected === 'xlsx' && (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50)) {
    const sniff = head
      .toString('latin1', 0, Math.min(8, head.length))
      .replace(/[^\x20-\x7e]/g, '?');
    throw new CliError(messages.fetchNotZip(id, url, sniff), ExitCode.input);
  }
}

function detail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
