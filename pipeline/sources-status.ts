/**
 * `clusterfit sources`: the catalog, and for each source whether its file is in the data
 * directory and is the copy the catalog (or the last accepted fetch) recorded.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { messages } from '../kernel/messages.ts';
import type { SourceEntry } from '../kernel/source-entry.ts';
import { forState, STATES } from '../sources/projections-central/states.ts';
import { readLock } from '../sources/source-lock.ts';
import { fileDigest } from './data-dir.ts';

/**
 * - missing: no file at the expected path;
 * - matches: the file is the copy recorded in the catalog, or the one fetch last accepted;
 * - differs: another file (a new release or an edited file);
 * - present: a file nothing recorded a sha256 for.
 */
export type FileStatus = 'missing' | 'matches' | 'differs' | 'present';

export interface FileState {
  path: string;
  status: FileStatus;
  sha256: string | null;
  bytes: number | null;
  /** What the sha256 was compared with: the catalog's record or the fetch lock's. */
  recorded_by: 'catalog' | 'fetch lock' | null;
}

export interface SourceState {
  id: string;
  kind: string;
  title: string;
  publisher: string;
  vintage: string;
  docs: string;
  url: string | null;
  original: string | null;
  /** The expected path (with `{state}` for a per-state source). */
  path: string;
  expected_sha256: string | null;
  expected_bytes: number | null;
  /** One entry for a source; one per state file present for a per-state source. */
  files: (FileState & { state?: string })[];
}

/** Every catalog entry with the state of its file(s) under `dataDir`. */
export function sourcesStatus(entries: readonly SourceEntry[], dataDir: string): SourceState[] {
  const lock = readLock(dataDir);
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    title: e.title,
    publisher: e.publisher,
    vintage: e.vintage,
    docs: e.docs,
    url: e.url ?? null,
    original: e.original ?? null,
    path: e.path,
    expected_sha256: e.sha256 ?? null,
    expected_bytes: e.bytes ?? null,
    files: e.perState
      ? statePaths(e, dataDir).map((s) => ({
          state: s.state,
          ...fileState(dataDir, s.path, undefined, lock.sources[`${e.id}/${s.state}`]?.sha256),
        }))
      : [fileState(dataDir, e.path, e.sha256, lock.sources[e.id]?.sha256)],
  }));
}

/** The per-state files present, in FIPS order (a directory listing, not 56 stat calls). */
function statePaths(entry: SourceEntry, dataDir: string): { state: string; path: string }[] {
  const folder = resolve(dataDir, dirname(entry.path));
  const names = existsSync(folder) ? new Set(readdirSync(folder)) : new Set<string>();
  return STATES.map((s) => ({ state: s.postal, path: forState(entry.path, s) })).filter((s) =>
    names.has(s.path.split('/').at(-1) ?? ''),
  );
}

function fileState(
  dataDir: string,
  path: string,
  catalogSha: string | undefined,
  lockSha: string | undefined,
): FileState {
  const full = resolve(dataDir, path);
  if (!existsSync(full) || !statSync(full).isFile()) {
    return { path, status: 'missing', sha256: null, bytes: null, recorded_by: null };
  }
  const { sha256, bytes } = fileDigest(full);
  // What fetch accepted last is the newer word on the file; the catalog's record otherwise.
  const [recorded, by] =
    lockSha !== undefined
      ? [lockSha, 'fetch lock' as const]
      : catalogSha !== undefined
        ? [catalogSha, 'catalog' as const]
        : [undefined, null];
  const status: FileStatus =
    recorded === undefined ? 'present' : recorded === sha256 ? 'matches' : 'differs';
  return { path, status, sha256, bytes, recorded_by: by };
}

/** The listing for a person: one paragraph per source, then a count line. */
export function formatSourcesText(states: SourceState[], dataDir: string): string {
  const lines = [messages.sourcesHeader(states.length, dataDir), ''];
  for (const s of states) {
    lines.push(`${s.id}  [${s.kind}]  ${statusLine(s)}`);
    lines.push(`  ${s.title}`);
    lines.push(`  publisher: ${s.publisher}`);
    lines.push(`  vintage:   ${s.vintage}`);
    lines.push(`  path:      ${s.path}`);
    lines.push(`  docs:      ${s.docs}`);
    if (s.url) lines.push(`  download:  ${s.url}`);
    if (s.original) lines.push(`  original:  ${s.original}`);
    if (s.expected_sha256)
      lines.push(`  sha256:    ${s.expected_sha256} (${s.expected_bytes} bytes)`);
    lines.push('');
  }
  const count = (status: FileStatus) =>
    states.flatMap((s) => s.files).filter((f) => f.status === status).length;
  const addresses = states.reduce((n, s) => n + (s.url ? 1 : 0) + (s.original ? 1 : 0), 0);
  lines.push(
    messages.sourcesSummary(
      addresses,
      count('matches'),
      count('differs'),
      count('present'),
      count('missing'),
    ),
  );
  return `${lines.join('\n')}\n`;
}

function statusLine(s: SourceState): string {
  if (s.files.length === 0) return messages.sourcesNoStateFile(s.id);
  return s.files
    .map((f) => {
      const what = messages.sourcesFileStatus(f.status, f.recorded_by);
      return 'state' in f && f.state !== undefined ? `${f.state}: ${what}` : what;
    })
    .join('; ');
}
