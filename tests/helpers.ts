/**
 * Shared test plumbing. The few public files the repository ships in data/ (listed in
 * data/SOURCES.md) are read from there, so their tests run on a bare clone. Every other real
 * public file is read from ../shared/data (or CLUSTERFIT_DATA_DIR); tests that need one are
 * skipped, visibly, when the folder is absent. Fixture tests always run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe } from 'vitest';
import type { CliIO } from '../pipeline/cli.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures');
export const DATA_DIR = resolve(
  REPO_ROOT,
  process.env.CLUSTERFIT_DATA_DIR ?? join('..', 'shared', 'data'),
);
export const HAS_DATA = existsSync(join(DATA_DIR, 'PROVENANCE.md'));

if (!HAS_DATA) {
  console.warn(
    `[clusterfit tests] ${DATA_DIR} not found: tests on the real public files not shipped in ` +
      'data/ are SKIPPED. Set CLUSTERFIT_DATA_DIR to the shared data folder to run them.',
  );
}

/** describe() for tests that read the real files in the shared data folder. */
export const describeWithData = HAS_DATA ? describe : describe.skip;

export function dataFile(relative: string): string {
  return join(DATA_DIR, relative);
}

/** The repository's default data directory, which ships the public files listed in SOURCES.md. */
export const DEFAULT_DATA_DIR = join(REPO_ROOT, 'data');

export interface ShippedFile {
  sha256: string;
  bytes: number;
  rows: number;
}

/**
 * The files data/SOURCES.md lists, by path under data/, read from its table of
 * `| \`path\` | \`sha256\` | bytes | rows |` rows.
 */
export const SHIPPED_FILES: ReadonlyMap<string, ShippedFile> = new Map(
  [
    ...readFileSync(join(DEFAULT_DATA_DIR, 'SOURCES.md'), 'utf8').matchAll(
      /^\| `([^`]+)` \| `([0-9a-f]{64})` \| (\d+) \| (\d+) \|$/gm,
    ),
  ].map(([, path, sha256, bytes, rows]) => [
    String(path),
    { sha256: String(sha256), bytes: Number(bytes), rows: Number(rows) },
  ]),
);

/**
 * A public file the repository ships in data/: tests that read only these run on a bare clone.
 * A path SOURCES.md does not list fails here, not later on a clone where the file is absent.
 */
export function shippedFile(relative: string): string {
  if (!SHIPPED_FILES.has(relative)) {
    throw new Error(`${relative} is not shipped in data/ (data/SOURCES.md); use dataFile()`);
  }
  return join(DEFAULT_DATA_DIR, relative);
}

export function tempDir(prefix = 'clusterfit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A quiet CliIO that records what would have been printed. */
export function captureIO(env: NodeJS.ProcessEnv = {}): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    env,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    log(line: string) {
      io.stdout += `${line}\n`;
    },
    warn(line: string) {
      io.stderr += `${line}\n`;
    },
    now: () => 0,
    date: () => new Date('2026-01-01T00:00:00Z'),
  };
  return io;
}

/** `clusterfit run` arguments for the hand-written mini fixture, publishing into `out`. */
export function miniRunArgs(out: string): string[] {
  return [
    'run',
    '--config',
    join(FIXTURES, 'configs', 'mini.json'),
    '--data-dir',
    join(FIXTURES, 'mini-data'),
    '--out',
    out,
  ];
}

/** Runs the CLI as a separate process, the way an analyst or a cron job would. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'clusterfit.js'), ...args], {
    cwd,
    env: { ...process.env, CLUSTERFIT_DATA_DIR: DATA_DIR, ...env },
    encoding: 'utf8',
    // A process that never exits (say, held open by a worker thread) fails its test instead of
    // blocking the whole suite: a synchronous spawn is beyond vitest's own timeout.
    timeout: 120_000,
  });
  if (r.error) throw new Error(`clusterfit ${args.join(' ')}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Every file under dir (charts/ included) with a SHA-256 of its bytes; the DuckDB working file by
 * name only. Hashes, not contents: deep-comparing megabyte Buffers in expect() takes minutes.
 */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort()
      .map((f) => [
        f,
        f.endsWith('.duckdb') ? '(db)' : createHash('sha256').update(readFileSync(f)).digest('hex'),
      ]),
  );
}

/** A CSV file's records by header (a BOM is dropped). */
export function readCsv(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

/**
 * Writes a small .xlsx in a publisher's layout with exceljs (another writer than our reader's
 * counterpart, as Excel would be): each sheet's rows as given, title rows included; a null cell
 * is left empty. exceljs is loaded here only, so tests that write no workbook do not pay for it.
 */
export async function writeWorkbook(
  path: string,
  sheets: { name: string; rows: (string | number | null)[][] }[],
): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row.map((c) => c ?? undefined));
  }
  await workbook.xlsx.writeFile(path);
}
