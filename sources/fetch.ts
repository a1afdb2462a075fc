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
 * leaves a partial file. Two publishers need more than one request: Projections Central's
 * per-state service is paged (see projections-central/fetch-state-pages.ts), and its bulk file
 * is behind a JSON answer whose "content" is a short-lived address. A mirror (`baseUrl`) serves
 * the publishers' paths from another host.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { messages } from '../kernel/messages.ts';
import type { SourceEntry } from '../kernel/source-entry.ts';
import { onMirror } from './mirror.ts';
import { fetchStatePages } from './projections-central/fetch-state-pages.ts';
import { readProjectionsCentralJson } from './projections-central/read-longterm-json.ts';
import { forState, type StateCode } from './projections-central/states.ts';
import { CROSSWALK_READERS, PROJECTION_READERS, WAGE_READERS } from './readers.ts';
import { type LockEntry, readLock, writeLock } from './source-lock.ts';

export interface FetchOptions {
  dataDir: string;
  /** The catalog entries to consider (the whole catalog, or a test catalog). */
  entries: readonly SourceEntry[];
  /** Only these source ids; all entries with a url when absent or empty. */
  only?: readonly string[];
  /** States for the per-state sources (`fetch --state`); alone, they select only those sources. */
  states?: readonly StateCode[];
  /**
   * A mirror: replaces the scheme, host and port of every address (`fetch --mirror`; tests point
   * it at a local server).
   */
  baseUrl?: string;
  /** Refuse a response larger than this, counted on the bytes received. */
  maxBytes: number;
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
  const selected = selectJobs(opts);
  const lock = readLock(opts.dataDir);
  const outcomes: FetchOutcome[] = [];
  if (selected.length === 0) opts.log(messages.fetchNothingToDo);
  for (const job of selected) {
    const outcome = await fetchOne(job, lock.sources[job.key], opts);
    if (outcome.lockEntry) lock.sources[job.key] = outcome.lockEntry;
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

/** One file to fetch: a catalog entry, or a per-state entry for one state. */
interface Job {
  /** The id in messages and the lock: the entry's id, or `<id>/<state>` for a per-state one. */
  key: string;
  entry: SourceEntry;
  /** The publisher's address (before any mirror), with the state filled in. */
  url: string | undefined;
  /** Path under the data directory, with the state filled in. */
  path: string;
  state?: StateCode;
}

/** How many files a fetch with these options would get (for the opening line). */
export function countJobs(opts: Pick<FetchOptions, 'entries' | 'only' | 'states'>): number {
  return selectJobs(opts).length;
}

function selectJobs(opts: Pick<FetchOptions, 'entries' | 'only' | 'states'>): Job[] {
  const states = opts.states ?? [];
  const only = opts.only ?? [];
  const entries =
    only.length > 0
      ? only.map((id) => {
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
        })
      : opts.entries.filter((e) =>
          states.length > 0 ? e.perState === true : e.url !== undefined && !e.perState,
        );
  if (states.length > 0 && !entries.some((e) => e.perState)) {
    throw new CliError(messages.fetchStateWithoutPerState(only), ExitCode.usage);
  }
  return entries.flatMap((entry): Job[] => {
    if (!entry.perState) return [{ key: entry.id, entry, url: entry.url, path: entry.path }];
    if (states.length === 0) throw new CliError(messages.fetchNeedsState(entry.id), ExitCode.usage);
    return states.map((state) => ({
      key: `${entry.id}/${state.postal}`,
      entry,
      url: entry.url === undefined ? undefined : forState(entry.url, state),
      path: forState(entry.path, state),
      state,
    }));
  });
}

interface OneOutcome extends FetchOutcome {
  lockEntry?: LockEntry;
}

async function fetchOne(
  job: Job,
  previous: LockEntry | undefined,
  opts: FetchOptions,
): Promise<OneOutcome> {
  const { entry, key: id } = job;
  const failed = (message: string): OneOutcome => ({ id, status: 'failed', message });
  if (job.url === undefined) return failed(messages.fetchNoUrl(id, entry.docs, entry.original));
  const expected = formatOf(job.path);
  const published = formatOf(new URL(job.url).pathname);
  if (KNOWN_FORMATS.includes(published as Format) && published !== expected) {
    return failed(messages.fetchFormatMismatch(id, job.url, published, expected));
  }

  const target = resolve(opts.dataDir, job.path);
  mkdirSync(dirname(target), { recursive: true });
  // The temp name keeps the target's extension: readers choose their parser by it.
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.part${extname(target)}`,
  );
  try {
    const got = await obtain(job, job.url, temp, expected, opts);
    if ('error' in got) return failed(got.error);
    const refused = job.state === undefined ? await readBack(job, temp) : undefined;
    if (refused !== undefined) return failed(refused);
    const onDisk = existsSync(target) ? sha256File(target) : undefined;
    // Without a lock entry, a file already in place is the baseline: never clobber a file the
    // analyst put there by hand without saying so. With one, the lock is what was accepted, and
    // a missing or edited file is put back to it.
    const baseline = previous?.sha256 ?? onDisk;
    if (baseline === got.sha256 && onDisk === got.sha256) {
      return {
        id,
        status: 'unchanged',
        message: messages.fetchUnchanged(id, job.path),
        sha256: got.sha256,
        bytes: got.bytes,
      };
    }
    if (baseline !== undefined && baseline !== got.sha256 && !opts.acceptNew) {
      return {
        id,
        status: 'changed',
        message: messages.fetchChanged(id, baseline, got.sha256),
        sha256: got.sha256,
        bytes: got.bytes,
      };
    }
    renameSync(temp, target);
    return {
      id,
      status: 'fetched',
      message:
        baseline !== undefined && baseline !== got.sha256
          ? messages.fetchAcceptedNew(id, job.path, baseline, got.sha256)
          : messages.fetchFetched(id, job.path, got.bytes, got.sha256),
      sha256: got.sha256,
      bytes: got.bytes,
      lockEntry: {
        url: job.url,
        path: job.path,
        sha256: got.sha256,
        bytes: got.bytes,
        fetched_at: opts.date().toISOString(),
      },
    };
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Puts the job's file, checked, at `temp`: one download, a paged service, or an indirection. */
async function obtain(
  job: Job,
  url: string,
  temp: string,
  expected: string,
  opts: FetchOptions,
): Promise<Download> {
  const here = onMirror(url, opts.baseUrl);
  if (job.state !== undefined) return obtainStatePages(job, job.state, here, temp, opts);
  if (job.entry.contentAddress) {
    const answer = `${temp}.answer`;
    try {
      const got = await downloadWithRetries(job.key, here, answer, 'json', opts);
      if ('error' in got) return got;
      const address = contentAddress(readFileSync(answer, 'utf8'));
      if (address === undefined) {
        return { error: messages.fetchNoContentAddress(job.key, here, snippet(answer)) };
      }
      // The short-lived address names the publisher's storage; a mirror serves the same path.
      const file = onMirror(new URL(address, here).toString(), opts.baseUrl);
      return await downloadWithRetries(job.key, file, temp, expected, opts);
    } finally {
      rmSync(answer, { force: true });
    }
  }
  return downloadWithRetries(job.key, here, temp, expected, opts);
}

/** Every page of one state, saved as one `{"rows": [...]}` file and read back by its reader. */
async function obtainStatePages(
  job: Job,
  state: StateCode,
  url: string,
  temp: string,
  opts: FetchOptions,
): Promise<Download> {
  const got = await fetchStatePages({
    id: job.key,
    url,
    state,
    mirror: opts.baseUrl,
    tempBase: temp,
    download: (page, dest) => downloadWithRetries(job.key, page, dest, 'json', opts),
    log: opts.log,
  });
  if ('error' in got) return got;
  // One space of indent, one row per block: a re-release diffs readably, and the same rows
  // always give the same bytes, so an unchanged state is reported as unchanged.
  writeFileSync(temp, `${JSON.stringify({ rows: got.rows }, null, 1)}\n`);
  try {
    const tables = await readProjectionsCentralJson(temp, `${job.path} (from ${url})`);
    const other = tables.find((t) => t.area.fips !== state.fips);
    if (tables.length !== 1 || other !== undefined) {
      return {
        error: messages.pcNotOneTable(
          job.key,
          tables.map((t) => `${t.area.name} ${t.base_year}-${t.proj_year}`),
        ),
      };
    }
  } catch (error) {
    if (error instanceof CliError) {
      return { error: messages.fetchReaderRefused(job.key, error.message) };
    }
    throw error;
  }
  opts.log(messages.pcPagesRead(job.key, got.rows.length, got.pages));
  const data = readFileSync(temp);
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

/**
 * Reads a downloaded file with the reader a run would use, where the catalog has one for its
 * layout: a file that reader refuses never replaces a file that works. (A state's Projections
 * Central file is read back where its pages are combined.)
 */
async function readBack(job: Job, temp: string): Promise<string | undefined> {
  const layout = job.entry.layout;
  const read = PROJECTION_READERS[layout] ?? WAGE_READERS[layout] ?? CROSSWALK_READERS[layout];
  if (read === undefined) return undefined;
  try {
    await read(temp, job.path);
    return undefined;
  } catch (error) {
    if (error instanceof CliError) return messages.fetchReaderRefused(job.key, error.message);
    throw error;
  }
}

/** The "content" address of the bulk-file service's JSON answer. */
function contentAddress(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { content?: unknown } | null;
    const content = parsed?.content;
    return typeof content === 'string' && /^(https?:\/\/|\/)/i.test(content) ? content : undefined;
  } catch {
    return undefined;
  }
}

function snippet(path: string): string {
  const flat = readFileSync(path, 'utf8').replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
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
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > opts.maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new CliError(messages.fetchTooLarge(id, url, opts.maxBytes), ExitCode.input);
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
          bytes += value.length;
          // Counted on what arrives, whatever the headers said.
          if (bytes > opts.maxBytes) {
            await reader.cancel().catch(() => {});
            throw new CliError(messages.fetchTooLarge(id, url, opts.maxBytes), ExitCode.input);
          }
          hash.update(value);
          if (head.length < SNIFF_BYTES) {
            head = Buffer.concat([head, Buffer.from(value.subarray(0, SNIFF_BYTES - head.length))]);
          }
          await file.write(value);
        }
      } catch (error) {
        if (error instanceof CliError) throw error;
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
