/** What every stage of a run can see. Side effects (log, clock) come in through `io`. */

import type { Config } from './config-types.ts';
import type { Database } from './database.ts';
import type { OutputFolder } from './output-folder.ts';
import type { SourceEntry } from './source-entry.ts';

/** A structured log record: what happened (`event`) and its facts. */
export interface LogEvent {
  event: string;
  level?: 'info' | 'warn' | 'error';
  [field: string]: unknown;
}

export interface RunIO {
  log(line: string): void;
  warn(line: string): void;
  /** A structured record with its sentence; without it, the sentence goes to log(). */
  event?(event: LogEvent, message: string): void;
  /** Progress of a long step (drawn only on an interactive terminal). */
  progress?(task: string, done: number, total: number): void;
  /** Milliseconds, for durations. */
  now(): number;
  /** Wall-clock time, for the manifest. */
  date(): Date;
}

export interface InputRecord {
  source: string;
  title: string;
  publisher: string;
  vintage: string;
  layout: string;
  file: string;
  sha256: string;
  bytes: number;
  rows: number;
  notes: string[];
  /** A user's own projections file: which column was read as which field. */
  columns?: { field: string; header: string }[];
  /** A user's own projections file: each unit, and how it was decided. */
  units?: { unit: string; value: string; how: string }[];
}

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  check: string;
  file: string;
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ResolvedInput {
  source: SourceEntry;
  /** Absolute path on disk. */
  path: string;
  /** The path as shown to people and recorded in the manifest: relative to the data directory. */
  file: string;
}

export type FileDigest = { sha256: string; bytes: number };

export interface RunContext {
  config: Config;
  configFile: string | null;
  dataDir: string;
  db: Database;
  dbPath: string;
  out: OutputFolder;
  io: RunIO;
  /** Inputs by source id, resolved (and checked to exist) before any stage runs. */
  resolved: Map<string, ResolvedInput>;
  /** SHA-256 and size of input files already hashed this run, by absolute path. */
  digests: Map<string, FileDigest>;
  inputs: InputRecord[];
  findings: Finding[];
  warnings: string[];
  /** Sentences for the manifest and the recommendation's data notes (conversions, bridges). */
  notes: string[];
  /**
   * Input files whose read (and parse) run.ts started while DuckDB's instance opened, by reader
   * and path (pipeline/stages/ingest.ts readAhead); ingest takes each where it reads the file.
   */
  readAhead?: Map<string, Promise<unknown>>;
  /**
   * The run's ending that needs no chart (its history, changes, the database closed, the files
   * written so far hashed): publish calls it once every table is written, while the charts are
   * still drawn, and reads the database no more after it.
   */
  endTables?: () => Promise<void>;
  /**
   * occupations.csv's writing on a second connection (pipeline/stages/publish.ts
   * startOccupationsCsv), set by run.ts: started by its first call (in a large run rank's, for its
   * last statements; in a small one run.ts's, once the stages have committed, so the database
   * file's checkpoint follows it), the same write returned to every later one (publish's, which
   * awaits it).
   */
  startOccupationsCsv?: () => Promise<unknown> | undefined;
}

export interface Stage {
  name: 'ingest' | 'stage' | 'map' | 'supply' | 'score' | 'rank' | 'publish';
  /**
   * The SQL models it runs (transforms/models, "<layer>/<name>"), every one it may run: their
   * relations make its reads and writes in the manifest (transforms/model-refs.ts relationsOf).
   */
  models?: readonly string[];
  /**
   * What its TypeScript reads and writes besides its models: input files, the named tables it
   * loads or reads itself, output files.
   */
  reads: readonly string[];
  writes: readonly string[];
  /** Whether the config asks for this stage (absent: always); a skipped stage leaves no record. */
  enabled?(config: Config): boolean;
  /** Runs the stage; returns the number of rows it produced. */
  run(ctx: RunContext): Promise<number>;
}
