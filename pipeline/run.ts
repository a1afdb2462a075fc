/**
 * A run, end to end:
 *
 *   ingest  →  stage  →  map  →  score  →  rank  →  publish
 *   (files     (clean,     (SOC →     (metrics,   (order,    (tables, recommendation,
 *    → raw_*)   annual,     cluster    scores)     approve)   manifest; then renamed
 *               checked)    weights)                          into the output folder)
 *
 * Inputs are resolved before anything is created, so a missing file stops the run with the
 * previous outputs untouched; every stage then works in one embedded DuckDB database.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import {
  type Config,
  FORMATS,
  type Format,
  outputFormats,
  USER_PROJECTIONS_ID,
} from '../kernel/config-types.ts';
import { Database } from '../kernel/database.ts';
import { frameworkOf } from '../kernel/frameworks.ts';
import { emit } from '../kernel/logger.ts';
import { messages } from '../kernel/messages.ts';
import { OutputFolder } from '../kernel/output-folder.ts';
import type { FileDigest, ResolvedInput, RunContext, RunIO, Stage } from '../kernel/run-context.ts';
import { VERSION, versions } from '../kernel/version.ts';
import { relationsOf } from '../transforms/model-refs.ts';
import { materializeViews } from '../transforms/run-models.ts';
import { fillAttributeDefaults } from './attribute-defaults.ts';
import type { Changes } from './changes.ts';
import { BOUNDS, checkOption, loadConfig, normalizedWeights } from './config.ts';
import { fileDigest, resolveInput, resolveOptionalInput } from './data-dir.ts';
import { acquireLock } from './folder-lock.ts';
import { HISTORY_FILE, previousRun, RunHistory } from './history.ts';
import {
  type AreasAtAGlance,
  endRunTables,
  type OutputEntry,
  outputDigests,
  type RunEnding,
  type StateDifference,
  sha256,
} from './run-ending.ts';
import { ingest, readAhead } from './stages/ingest.ts';
import { map } from './stages/map.ts';
import { checkRuleColumns, publish, startOccupationsCsv } from './stages/publish.ts';
import { rank } from './stages/rank.ts';
import { score } from './stages/score.ts';
import { stage } from './stages/stage.ts';
import { supply, supplyInputs } from './stages/supply.ts';
import { applyStateRun } from './state-run.ts';
import { startWorker } from './worker-client.ts';

export const STAGES: readonly Stage[] = [ingest, stage, map, supply, score, rank, publish];

export type { AreasAtAGlance, StateDifference } from './run-ending.ts';

export interface RunOptions {
  configFile?: string;
  outDir: string;
  dataDir: string;
  dbPath?: string;
  /** How long to wait for another run holding the output folder (default 60 s). */
  waitSeconds?: number;
  /**
   * `refresh`: skip the run when the inputs, config and clusterfit version are those of the
   * folder's last run, and write changes.md / changes.json against that run otherwise.
   */
  refresh?: boolean;
  /** Command-line values that take precedence over the config file. */
  overrides?: {
    areas?: string[];
    seed?: number;
    draws?: number;
    /** `--formats`: what publish writes (overrides the config's `formats`). */
    formats?: Format[];
    /** `run --state`: the state's fetched Projections Central file (see state-run.ts). */
    state?: string;
    /** `projections`: the user's own projections file (--projections), relative to the cwd. */
    projections?: string;
  };
  argv?: string[];
}

export interface StageRecord {
  name: string;
  reads: readonly string[];
  writes: readonly string[];
  rows: number;
  duration_ms: number;
}

export interface RunResult {
  outDir: string;
  /** This run's id in the history, or the unchanged last run's under `refresh`. */
  runId: string;
  /** `refresh` found nothing new and published nothing. */
  unchanged: boolean;
  /** Unchanged: the input and config files modified since that run, with the same content. */
  touched?: string[];
  /** `refresh`: what changed against the previous run (null when there was none). */
  changes: Changes | null;
  /** How many files (and folders) were published. */
  files: number;
  approved: { area: string; framework: string; clusters: string[] }[];
  /** A run of several states: those whose approved list differs from the most common one. */
  /** In a run of several states, those whose approved list is not the one most states share. */
  stateDifferences?: StateDifference[];
  /** How many areas the run has, its frameworks, and per framework how many lists differ. */
  areas?: AreasAtAGlance;
  /** The published files, as the manifest lists them (with manifest.json). */
  outputs?: string[];
  warnings: string[];
}

export async function runPipeline(opts: RunOptions, io: RunIO): Promise<RunResult> {
  const started = io.date();
  const config = loadConfig(opts.configFile);
  if (opts.overrides?.areas) config.areas = opts.overrides.areas;
  if (opts.overrides?.seed !== undefined) config.stability.seed = opts.overrides.seed;
  if (opts.overrides?.draws !== undefined) config.stability.draws = opts.overrides.draws;
  if (opts.overrides?.formats !== undefined) config.formats = opts.overrides.formats;
  if (opts.overrides?.projections !== undefined) {
    config.projections = USER_PROJECTIONS_ID;
    config.projections_file = { file: opts.overrides.projections, columns: {}, units: {} };
  }
  if (opts.overrides?.state !== undefined) {
    io.log(applyStateRun(config, opts.overrides.state, opts.dataDir));
  }
  if (config.projections_file || opts.overrides?.state !== undefined) {
    const { notes, warnings } = fillAttributeDefaults(config, opts.dataDir);
    for (const line of notes) io.log(line);
    for (const line of warnings) io.warn(line);
  }
  checkRuleColumns(config, opts.configFile ?? null);
  checkOption('--seed', config.stability.seed, BOUNDS.seed);
  checkOption('--draws', config.stability.draws, BOUNDS.draws);
  const wait = opts.waitSeconds ?? 60;
  checkOption('--wait', wait, BOUNDS.wait);
  const resolved = resolveInputs(config, opts.dataDir);
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const locks = [await acquireLock(join(outDir, LOCK_FILE), wait)];
  try {
    if (opts.dbPath) locks.push(await acquireLock(`${resolve(opts.dbPath)}.lock`, wait));
    // Holding the lock, anything a dead run left half done can be undone safely.
    for (const item of OutputFolder.recover(outDir)) io.warn(messages.recovered(outDir, item));
    return await runLocked(opts, io, { started, config, resolved, outDir });
  } finally {
    for (const lock of locks.reverse()) lock.release();
  }
}

interface Prepared {
  started: Date;
  config: Config;
  resolved: Map<string, ResolvedInput>;
  outDir: string;
}

async function runLocked(opts: RunOptions, io: RunIO, p: Prepared): Promise<RunResult> {
  const { started, config, resolved } = p;
  const {
    fingerprint,
    files: inputFiles,
    digests,
  } = runFingerprint(config, opts.dataDir, resolved);
  // What the folder's last run published, by its manifest: all of it still there counts as
  // published, and what this run does not write again is removed when it commits.
  const previousOutputs = publishedOutputs(p.outDir);
  const published =
    previousOutputs.length > 0 && previousOutputs.every((f) => existsSync(join(p.outDir, f)));
  // Only a refresh of published outputs may skip the run; a run reads the history at its end.
  const previous = opts.refresh && published ? await previousRun(p.outDir) : null;
  if (previous !== null && previous.fingerprint === fingerprint) {
    // Saved again or re-downloaded with the same bytes: worth saying, not worth a rerun.
    const since = Date.parse(previous.started_at);
    const files = [
      ...(opts.configFile ? [{ path: resolve(opts.configFile), file: opts.configFile }] : []),
      ...inputFiles.values(),
    ];
    const touched = files.filter((f) => statSync(f.path).mtimeMs > since).map((f) => f.file);
    return {
      outDir: p.outDir,
      runId: previous.run_id,
      unchanged: true,
      touched,
      changes: null,
      files: 0,
      approved: [],
      warnings: [],
    };
  }
  const out = OutputFolder.prepare(p.outDir);
  const runId = `${started.toISOString().replace(/[-:.]/g, '')}-${fingerprint.slice(0, 8)}`;
  const formats = outputFormats(config);
  // The worker thread loads Vega while the stages run; it takes half the stability groups at
  // rank and draws the charts at publish. A run with neither does not start it: loading Vega on
  // the second core slowed the stages' SQL, which uses both.
  const charts = formats.has('charts') && config.charts.areas !== 'none';
  if (charts || config.stability.draws > 0) startWorker(charts);
  const dbPath = opts.dbPath ? resolve(opts.dbPath) : out.path('clusterfit.duckdb');
  let db: Database | undefined;
  let history: Promise<RunHistory> | undefined;
  let checkpoint: Promise<boolean> | undefined;
  let ending: Promise<RunEnding> | undefined;
  let occupationsCsv: Promise<unknown> | undefined;
  let packages: Record<string, string> = {};
  try {
    const small = smallRun([...digests.values()].reduce((sum, d) => sum + d.bytes, 0));
    // DuckDB opens its instance on a thread of its own while ingest's files are read here.
    const opening = Database.open(
      dbPath,
      small
        ? { threads: 1, uncompressed: true, smallBlocks: true, noWal: true, smallData: true }
        : {},
    );
    const reads = readAhead(config, resolved);
    db = await opening;
    if (small) materializeViews(db);
    // The folder's history attached, migrated and its last run read on a connection of its own
    // while ingest works on this one; awaited at the ending, where an unreadable history stops
    // the run as it did when the ending attached it.
    const attaching = RunHistory.attach(db, p.outDir, out.path(HISTORY_FILE));
    attaching.catch(() => undefined);
    history = attaching;
    const ctx: RunContext = {
      config,
      configFile: opts.configFile ?? null,
      dataDir: opts.dataDir,
      db,
      dbPath,
      out,
      io,
      resolved,
      digests,
      inputs: [],
      findings: [],
      warnings: [],
      notes: [],
      readAhead: reads,
    };
    // The run's ending but for the charts' files (run-ending.ts), its one run shared: publish
    // runs it as the charts are drawn (RunContext.endTables), or else it runs after publish.
    const endTables = () => {
      ending ??= endRunTables({
        ctx,
        runId,
        started,
        fingerprint,
        argv: opts.argv,
        history: attaching,
        checkpoint,
        closeDatabase: () => {
          db?.close();
          db = undefined;
        },
      });
      return ending;
    };
    ctx.endTables = async () => {
      await endTables();
    };
    // A large run has no transaction before publish: what occupations.csv reads is committed
    // once score is done, and rank starts it for its last part. Started with rank (beside its
    // statements, which use both cores) the run's CPU rose ~2 s and it was no sooner (4 pairs at
    // 1,001 areas); at rank's end, beside its stability table's JavaScript, 0.28 s sooner (median
    // of 4 interleaved pairs). A small run's stages are one transaction: it starts the COPY once
    // they have committed (below).
    const startOccupations = () => {
      if (!occupationsCsv) {
        occupationsCsv = startOccupationsCsv(ctx, { holdMemory: !small });
        // Awaited by publish, or on failure below: never an unhandled rejection meanwhile.
        occupationsCsv?.catch(() => undefined);
      }
      return occupationsCsv;
    };
    if (!small) ctx.startOccupationsCsv = startOccupations;
    const stages: StageRecord[] = [];
    if (small) await db.exec('begin transaction');
    for (const s of STAGES) {
      if (s.enabled && !s.enabled(config)) continue;
      // Publish writes temporary tables only: the database file is written meanwhile.
      if (s === publish) {
        const committing = small ? db.exec('commit') : undefined;
        // The manifest's package versions (resolving each package.json: 3-15 ms of the main
        // thread) while DuckDB commits the stages' transaction (1-5 ms without a log, noWal).
        packages = versions();
        await committing;
        // A small run's database file is written once occupations.csv's COPY is done, one after
        // the other off the run's connection, which publish's other statements keep busy: the
        // three at once on 2 cores slowed that chain. A large run's COPY started at rank, and
        // the checkpoint is declined beside it (left to close).
        const database = db;
        if (small) ctx.startOccupationsCsv = startOccupations;
        const writing = small ? startOccupations() : undefined;
        checkpoint = writing
          ? writing.catch(() => undefined).then(() => database.checkpointInBackground())
          : db.checkpointInBackground();
        const written = checkpoint;
        // The run's inputs and clusters go into the history while publish works, after the
        // checkpoint (beside it, the checkpoint took twice as long). Registered on `attaching`
        // before the ending awaits it, so it runs first and the ending's append waits for it.
        attaching.then((h) => h.appendResults(runId, ctx.inputs, written)).catch(() => undefined);
      }
      const t0 = io.now();
      const running = s.run(ctx);
      // What the main thread has to do anyway, done while DuckDB runs the stage's first
      // statement and it would wait: the stage's reads and writes for the manifest, read from
      // its models' text (5 ms a run, between stages, with DuckDB idle); the recommendation's
      // sorts need ICU's collation data (6-7 ms of CPU to load, on first use), loaded at the
      // stage stage, not before ingest (the fingerprint's sort loaded it there).
      const relations = relationsOf(s.models ?? [], s);
      if (s === stage) 'a'.localeCompare('b');
      const rows = await running;
      const duration = io.now() - t0;
      stages.push({
        name: s.name,
        ...relations,
        rows,
        duration_ms: Math.round(duration),
      });
      emit(
        io,
        { event: 'stage', stage: s.name, rows, duration_ms: Math.round(duration) },
        messages.stageDone(s.name, rows, duration),
      );
    }
    const ended = await endTables();

    // Every published file (charts and typed tables included); the database is working state.
    // Those written before the charts were hashed then (endTables).
    const later = await outputDigests(
      out,
      out.files().filter((name) => !ended.outputs.has(name)),
    );
    const outputs = out
      .files()
      .filter((name) => !name.endsWith('.duckdb'))
      .map((name) => (ended.outputs.get(name) ?? later.get(name)) as OutputEntry);
    const { finished, changes, approvedRows, stateRows, areas } = ended;
    const manifest = {
      clusterfit: VERSION,
      run_id: runId,
      fingerprint,
      command: opts.argv ?? null,
      started_at: started.toISOString(),
      finished_at: finished,
      data_dir: opts.dataDir,
      database: opts.dbPath ? dbPath : 'clusterfit.duckdb',
      config_file: opts.configFile ?? null,
      config,
      weights_normalized: Object.fromEntries(normalizedWeights(config)),
      stability: { draws: config.stability.draws, seed: config.stability.seed },
      frameworks: config.frameworks.map((f) => frameworkOf(config, f)),
      inputs: ctx.inputs,
      conversions: ctx.inputs.flatMap((i) => i.notes.map((note) => ({ file: i.file, note }))),
      notes: ctx.notes,
      stages,
      findings: ctx.findings.filter((f) => f.severity !== 'error'),
      warnings: ctx.warnings,
      formats: FORMATS.filter((f) => formats.has(f)),
      outputs,
      versions: packages,
    };
    writeFileSync(out.path('manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const written = out.commit(previousOutputs);
    return {
      outDir: out.dir,
      runId,
      unchanged: false,
      changes,
      files: written.length,
      outputs: written,
      areas,
      approved: approvedRows.map((r) => ({
        area: r.area,
        framework: r.framework,
        clusters: r.clusters.split('; '),
      })),
      stateDifferences: stateRows.map((r) => ({
        ...r,
        added: r.added === '' ? [] : r.added.split('; '),
        dropped: r.dropped === '' ? [] : r.dropped.split('; '),
      })),
      warnings: ctx.warnings,
    };
  } catch (error) {
    await occupationsCsv?.catch(() => undefined);
    await ending?.catch(() => undefined);
    await history?.then((h) => h.close()).catch(() => undefined);
    await checkpoint;
    db?.close();
    out.abort();
    throw error;
  }
}

/**
 * Whether a run whose inputs total `inputBytes` is small (under 32 MB): its ~170 statements take
 * milliseconds each, and their fixed costs dominate. It runs on one DuckDB thread (splitting
 * such statements across two cost more than it saved), and the stages before publish write in
 * one transaction (one commit, where each statement committed alone and wrote the database's
 * log; a failed run leaves a --db database as it was). The tables-only CA EDD job (2 MB of
 * inputs), interleaved pairs: 1.65 -> 1.38 s of CPU for the one thread at load 6; the
 * transaction 1.63 -> 1.51 s of CPU and 0.28 s sooner by the clock at load 6, inside the noise
 * (0.03 s) at load 2. At 1,001 areas (162 MB) the transaction made the staging statements 3-4
 * times slower (43.7 s against 29.0 s), and every core pays for itself. Its file is written
 * uncompressed (Database.open): the checkpoint of the default job's tables (a copy of a run's
 * 44 tables, five runs each) took 110-117 -> 50-63 ms of CPU and 216-507 -> 94-163 ms by the
 * clock, for a file of 9.4 -> 10.5 MB; in 16 KB blocks and without a log (Database.open
 * smallBlocks, noWal) the file is 2.5 MB and the commit writes nothing before the checkpoint.
 */
export function smallRun(inputBytes: number): boolean {
  return inputBytes < 32 * 1024 * 1024;
}

/** The files the folder's last run published, as its manifest lists them (none without one). */
function publishedOutputs(dir: string): string[] {
  let manifest: { outputs?: { file?: unknown }[] };
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return [];
  }
  const files = Array.isArray(manifest.outputs) ? manifest.outputs.map((o) => o?.file) : [];
  return files.filter((f): f is string => typeof f === 'string');
}

/** The lock file that keeps two runs out of one output folder. */
export const LOCK_FILE = '.clusterfit.lock';

/**
 * What decides a run's results: clusterfit's version, the resolved config and the bytes of every
 * file the run may read. Two runs with the same fingerprint publish the same tables. Besides the
 * config's inputs that includes the SOC 2010 → 2018 bridge files, which ingest reads only when
 * some projections are SOC 2010, where they exist: one that goes unused can cause a needless
 * rerun, never a missed one. The digests are kept so ingest need not hash the files again.
 */
function runFingerprint(
  config: Config,
  dataDir: string,
  resolved: Map<string, ResolvedInput>,
): {
  fingerprint: string;
  files: Map<string, ResolvedInput>;
  digests: Map<string, FileDigest>;
} {
  const files = new Map(resolved);
  for (const id of ['soc-2010-2018-crosswalk', config.soc_bridge.reference]) {
    const input = files.has(id) ? undefined : resolveOptionalInput(id, config, dataDir);
    if (input) files.set(id, input);
  }
  const digests = new Map<string, FileDigest>();
  // By code unit, not localeCompare, whose first call loads ICU's collation data (6-7 ms of CPU)
  // before the run's first statement (run.ts loads it while DuckDB runs the stage stage). The
  // same order as before for ids of letters, digits, '-' and ':' (the catalog's, and
  // `crosswalk:<id>`): a framework id with '_' may sort otherwise, its fingerprint changing once.
  const inputs = [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, input]) => {
      const digest = digests.get(input.path) ?? fileDigest(input.path);
      digests.set(input.path, digest);
      return [id, digest.sha256];
    });
  const fingerprint = sha256(JSON.stringify({ clusterfit: VERSION, config, inputs }));
  return { fingerprint, files, digests };
}

/** Every input the config needs, checked to exist before the run creates anything. */
function resolveInputs(config: Config, dataDir: string): Map<string, ResolvedInput> {
  const ids = [
    ...(config.derive ? [config.derive.employment, config.derive.rates] : [config.projections]),
    ...[config.attributes.wages, config.attributes.education].filter(
      (id): id is string => id !== null,
    ),
    ...config.frameworks.map((f) => frameworkOf(config, f).crosswalkSource),
    'soc-2018-structure',
  ];
  const resolved = new Map<string, ResolvedInput>();
  for (const id of ids) resolved.set(id, resolveInput(id, config, dataDir));
  for (const [id, input] of supplyInputs(config, dataDir)) resolved.set(id, input);
  const expectKind = (key: string, id: string, kind: string) => {
    const input = resolved.get(id);
    if (input && input.source.kind !== kind) {
      throw new CliError(
        messages.wrongSourceKind(key, id, input.source.kind, kind),
        ExitCode.usage,
      );
    }
  };
  if (config.attributes.wages) expectKind('attributes.wages', config.attributes.wages, 'wages');
  if (config.attributes.education) {
    expectKind('attributes.education', config.attributes.education, 'projections');
  }
  if (config.derive) {
    expectKind('derive.employment', config.derive.employment, 'wages');
    expectKind('derive.rates', config.derive.rates, 'projections');
  } else {
    expectKind('projections', config.projections, 'projections');
  }
  return resolved;
}
