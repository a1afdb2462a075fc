/**
 * A run's ending but for the charts' files: the run's facts for its summary, the history's
 * append and diff, changes.json and .md, the outputs written so far hashed, the database closed.
 * Publish runs it once its tables are written, while the worker still draws the charts
 * (RunContext.endTables), or else the run calls it after publish: a full default run's main
 * thread waited 0.07-0.28 s for the charts and then spent 0.13-0.15 s here.
 *
 * The history has a connection of its own (RunHistory): attached while the run ingests, the
 * run's inputs and clusters appended during publish, so that here only the run's own row and
 * the detach (which writes the file) are left, and they run beside the run's facts. On the run's
 * one connection the ending was ~25 statements one after
 * another, each a round trip the main thread waited on (bench/README.md, "ending").
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Config } from '../kernel/config-types.ts';
import type { Database } from '../kernel/database.ts';
import type { OutputFolder } from '../kernel/output-folder.ts';
import type { RunContext } from '../kernel/run-context.ts';
import { VERSION } from '../kernel/version.ts';
import { type Changes, diffHistory, renderChanges, renderFirstRun } from './changes.ts';
import { fileDigestAsync } from './data-dir.ts';
import { HISTORY_FILE, type RunHistory } from './history.ts';

/** A state whose approved list differs from the one most states of the run share. */
export interface StateDifference {
  framework: string;
  area: string;
  /** Clusters this state approves that the common list does not, and the other way round. */
  added: string[];
  dropped: string[];
  /** How many states share the common list, of how many. */
  common: number;
  states: number;
}

/** A multi-area run at a glance, from mart_area_differences (area_differences.csv). */
export interface AreasAtAGlance {
  count: number;
  frameworks: string[];
  /**
   * Per framework and comparison: areas read against their state's list ('state'), or states
   * against the list most states share ('most states', `common` of them).
   */
  differences: {
    framework: string;
    compared_with: 'state' | 'most states';
    compared: number;
    differ: number;
    common: number | null;
  }[];
}

/** What the run's ending gives the manifest and the run's result. */
export interface RunEnding {
  runId: string;
  finished: string;
  changes: Changes | null;
  approvedRows: { area: string; framework: string; clusters: string }[];
  /** StateDifference's rows, their lists as written ("a; b"). */
  stateRows: (Omit<StateDifference, 'added' | 'dropped'> & { added: string; dropped: string })[];
  areas: AreasAtAGlance;
  /** The manifest's entries of the files written so far, by name. */
  outputs: Map<string, OutputEntry>;
}

export interface OutputEntry {
  file: string;
  sha256: string;
  rows: number | null;
}

export interface EndingInputs {
  ctx: RunContext;
  runId: string;
  started: Date;
  fingerprint: string;
  argv: string[] | undefined;
  /** The output folder's history, attached at the start (RunHistory.attach). */
  history: Promise<RunHistory>;
  /** The database file's background checkpoint, if one was started: false if declined. */
  checkpoint: Promise<boolean> | undefined;
  /** Closes the run's database (and tells the run it is closed). */
  closeDatabase: () => void;
}

export async function endRunTables(e: EndingInputs): Promise<RunEnding> {
  const { ctx, runId } = e;
  const { config, db, out } = ctx;
  const finished = ctx.io.date().toISOString();
  const history = await e.history;
  const configJson = JSON.stringify(config);
  // The history's last statements on its connection, the detach (which writes its file) the
  // last of them, while this connection reads the run's facts.
  const recording = (async () => {
    try {
      await history.append(
        {
          run_id: runId,
          started_at: e.started.toISOString(),
          finished_at: finished,
          command: e.argv ? e.argv.join(' ') : null,
          clusterfit: VERSION,
          config_hash: sha256(configJson),
          fingerprint: e.fingerprint,
          config_json: configJson,
        },
        out.path('recommendation.md'),
      );
      // Every run says what changed since the folder's previous one, so a changes.md from an
      // older run never sits beside newer results.
      const last = history.last;
      return last
        ? await diffHistory(history.db, out.path(HISTORY_FILE), last.run_id, runId)
        : null;
    } finally {
      await history.close();
    }
  })();
  const reading = runFacts(db, config);
  // A large run's checkpoint at publish's start is declined (occupations.csv's COPY writes
  // beside it), which left all of it to close(), on the main thread after everything else:
  // made here instead, once the run's facts are read, beside the hashing below.
  const checkpointing = (async () => {
    await reading.catch(() => undefined);
    if ((await e.checkpoint) === false) await db.checkpointInBackground();
  })();
  // The outputs written so far (none is written again, while the worker may still draw the
  // charts) hashed meanwhile, a piece at a time, the main thread free between pieces for the
  // statements' next steps; after them, the main thread's hashing (0.4 s for a 1,000-area
  // occupations.csv) came after the history's row, one after the other.
  const hashing = outputDigests(out, out.files());
  // All settled before any error is thrown: the database is closed next.
  const [recorded, read, hashed] = await Promise.allSettled([recording, reading, hashing]);
  await checkpointing;
  if (recorded.status === 'rejected') throw recorded.reason;
  if (read.status === 'rejected') throw read.reason;
  if (hashed.status === 'rejected') throw hashed.reason;
  const changes = recorded.value;
  const changed = ['changes.json', 'changes.md'];
  writeFileSync(
    out.path('changes.json'),
    `${JSON.stringify(changes ?? { previous_run: null, run: runId }, null, 2)}\n`,
  );
  writeFileSync(out.path('changes.md'), changes ? renderChanges(changes) : renderFirstRun(runId));
  const outputs = new Map([...hashed.value, ...(await outputDigests(out, changed))]);
  e.closeDatabase();
  return { runId, finished, changes, ...read.value, outputs };
}

/** The run's approved lists, the states off the list most states share, its areas at a glance. */
async function runFacts(db: Database, config: Config) {
  const approvedRows = await db.all<RunEnding['approvedRows'][number]>(
    `select area_name as area, framework, string_agg(cluster, '; ' order by rank) as clusters
     from mart_clusters where approved group by all order by all`,
  );
  // mart_area_differences is rank's (area_differences.csv), made in every run.
  const stateRows = await db.all<RunEnding['stateRows'][number]>(
    `select area_name as area, framework, added, dropped,
       sharing::integer as common, states::integer as states
     from mart_area_differences where compared_with = 'most states' and differs
     order by framework, area_code`,
  );
  const count = await db.scalar('select count(distinct area_code) from stg_areas');
  const differences = await db.all<AreasAtAGlance['differences'][number]>(
    `select framework, compared_with, count(*)::integer as compared,
       (count(*) filter (where differs))::integer as differ,
       any_value(sharing)::integer as common
     from mart_area_differences d join run_frameworks f using (framework)
     group by framework, compared_with
     order by any_value(f.position), compared_with desc`,
  );
  const areas: AreasAtAGlance = { count, frameworks: config.frameworks, differences };
  return { approvedRows, stateRows, areas };
}

/** A published file's manifest entry: its SHA-256, and for a CSV its rows. */
export async function outputDigest(out: OutputFolder, name: string): Promise<OutputEntry> {
  // A CSV as written: a header, then one line per row, each ending in "\n".
  const { sha256: digest, lineFeeds } = await fileDigestAsync(
    out.path(name),
    name.endsWith('.csv'),
  );
  return { file: name, sha256: digest, rows: lineFeeds === null ? null : lineFeeds - 1 };
}

/** The manifest's entries of the published files among `names` (not the databases), by name. */
export async function outputDigests(
  out: OutputFolder,
  names: string[],
): Promise<Map<string, OutputEntry>> {
  const entries = new Map<string, OutputEntry>();
  for (const name of names.filter((n) => !n.endsWith('.duckdb'))) {
    entries.set(name, await outputDigest(out, name));
  }
  return entries;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
