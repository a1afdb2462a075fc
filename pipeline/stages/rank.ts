/**
 * rank: order the clusters of each area × framework by score, decide which are approved, and test
 * how stable each decision is (transforms/stability.ts).
 */

import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import type { Config } from '../../kernel/config-types.ts';
import type { Database, Row } from '../../kernel/database.ts';
import { messages } from '../../kernel/messages.ts';
import type { RunContext, Stage } from '../../kernel/run-context.ts';
import { rankAndSelect } from '../../transforms/rank.ts';
import { runModels } from '../../transforms/run-models.ts';
import {
  analyzeStability,
  type ClusterStability,
  type StabilityGroup,
} from '../../transforms/stability.ts';
import { analyzeStabilityOnWorker } from '../worker-client.ts';
import { groupRows } from './score.ts';
import { readStabilityInputs } from './stability-inputs.ts';
import { buildSublevels, SUBLEVEL_MODELS, SUBLEVEL_TABLES } from './sublevels.ts';

export const rank: Stage = {
  name: 'rank',
  models: [
    'marts/mart_clusters',
    'intermediate/tmp_stability_clusters',
    'marts/mart_area_differences',
    ...SUBLEVEL_MODELS,
    'marts/mart_framework_bridge',
  ],
  reads: ['mart_cluster_metrics', 'int_cluster_score', 'stg_areas', 'tmp_cluster_facts'],
  writes: ['int_cluster_rank', 'mart_stability', ...SUBLEVEL_TABLES],
  async run(ctx) {
    const { db, config } = ctx;
    const rows = await db.all<Row & { cluster: string; score: number; annual_openings: number }>(
      `select m.area_code, m.vintage, m.framework, m.cluster, m.annual_openings, s.score
       from mart_cluster_metrics m join int_cluster_score s
         using (area_code, vintage, framework, cluster)
       order by area_code, vintage, framework, cluster`,
    );
    const groups = [...groupRows(rows).values()];
    checkTopN(ctx, groups);
    const ranked = groups.flatMap((g) => rankAndSelect(g, config.selection));
    await db.load(
      'int_cluster_rank',
      [
        { name: 'area_code', type: 'VARCHAR' },
        { name: 'vintage', type: 'VARCHAR' },
        { name: 'framework', type: 'VARCHAR' },
        { name: 'cluster', type: 'VARCHAR' },
        { name: 'score', type: 'DOUBLE' },
        { name: 'rank', type: 'INTEGER' },
        { name: 'approved', type: 'BOOLEAN' },
      ],
      ranked,
    );
    await runModels(db, ['marts/mart_clusters']);
    // The Monte Carlo draws on both threads while DuckDB builds the tables below, which do not
    // depend on it: its inputs are read first, and its table is written last, so the database
    // is never asked two things at once.
    const stability = await startStability(ctx);
    await runModels(db, ['marts/mart_area_differences']);
    await buildSublevels(ctx);
    // Dropped otherwise, so a reused --db file cannot publish a bridge from an earlier run.
    if (bridgesFrameworks(config)) {
      await runModels(db, ['marts/mart_framework_bridge']);
    } else {
      await db.exec('drop table if exists mart_framework_bridge');
    }
    // A large run's occupations.csv beside the stability table's JavaScript (run.ts).
    ctx.startOccupationsCsv?.();
    await finishStability(ctx, stability);
    return ranked.length;
  },
};

const STABILITY_COLUMNS = [
  ['area_code', 'VARCHAR'],
  ['vintage', 'VARCHAR'],
  ['framework', 'VARCHAR'],
  ['cluster', 'VARCHAR'],
  ['approved', 'BOOLEAN'],
  ['base_rank', 'INTEGER'],
  ['p_approved', 'DOUBLE'],
  ['median_rank', 'INTEGER'],
  ['rank_low', 'INTEGER'],
  ['rank_high', 'INTEGER'],
  ['flip_weight_shift', 'DOUBLE'],
  ['flip_from', 'VARCHAR'],
  ['flip_to', 'VARCHAR'],
  ['robust', 'BOOLEAN'],
  ['draws', 'INTEGER'],
  ['seed', 'INTEGER'],
] as const;

interface StabilityRun {
  keys: string[];
  /** Each group's results, in key order, once every group is drawn. */
  results: Promise<ClusterStability[][]>;
  /** Lets this thread take groups too. */
  joinIn: () => void;
}

/**
 * Starts the Monte Carlo for every area × vintage × framework group on the run's worker, which
 * takes the next group as it comes free (it keeps two in hand, so it never waits for this thread
 * to pass it one). Once joinIn is called, this thread takes groups too, between which it yields
 * to the worker's replies. Each group has its own seed, so which thread draws it never changes
 * its result. A group's inputs are built only when it is taken. Until joinIn, this thread is
 * free for the caller's SQL (whose streamed reads a group drawn here between two chunks would
 * hold up).
 */
async function startStability(ctx: RunContext): Promise<StabilityRun> {
  const { db, config } = ctx;
  const inputs = await readStabilityInputs(db, config);
  const count = inputs.keys.length;
  const settings = {
    normalization: config.normalization,
    selection: config.selection,
    stability: config.stability,
  };
  // One reproducible stream per group, all derived from the configured seed.
  const seedOf = (index: number) => (config.stability.seed + Math.imul(index, 0x9e3779b9)) >>> 0;
  const totalDraws = count * config.stability.draws;
  let settled = 0;
  let drawing = 0;
  const progress = () => ctx.io.progress?.('stability', settled + drawing, totalDraws);
  const results = new Array<ClusterStability[]>(count);
  let next = 0;
  const onWorker = async () => {
    for (let index = next++; index < count; index = next++) {
      results[index] = await analyzeStabilityOnWorker(inputs.group(index), settings, seedOf(index));
      settled += config.stability.draws;
      progress();
    }
  };
  let joinIn = () => {};
  const joined = new Promise<void>((resolve) => {
    joinIn = resolve;
  });
  const here = async () => {
    await joined;
    for (let index = next++; index < count; index = next++) {
      results[index] = analyzeStability(inputs.group(index), settings, seedOf(index), (done) => {
        drawing = done;
        progress();
      });
      drawing = 0;
      settled += config.stability.draws;
      // Lets the worker's replies in, so it is handed its next group.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // With no draws a group is its exact ranking only: not worth a worker thread loading Vega.
  const onBoth = count > 1 && config.stability.draws > 0;
  const done = Promise.all(onBoth ? [onWorker(), onWorker(), here()] : [here()]).then(() => {
    ctx.io.progress?.('stability', totalDraws, totalDraws);
    return results;
  });
  // Awaited by finishStability; until then a failure must not surface as unhandled.
  done.catch(() => {});
  return { keys: inputs.keys, results: done, joinIn };
}

/** Waits for the draws and writes mart_stability. */
async function finishStability(ctx: RunContext, run: StabilityRun): Promise<void> {
  const { db, config } = ctx;
  run.joinIn();
  const results = await run.results;
  const out: Row[] = [];
  for (const [index, key] of run.keys.entries()) {
    const [area_code, vintage, framework] = key.split('\u0000');
    for (const r of results[index] as ClusterStability[]) {
      out.push({
        area_code: area_code ?? null,
        vintage: vintage ?? null,
        framework: framework ?? null,
        ...r,
        draws: config.stability.draws,
        seed: config.stability.seed,
      });
    }
  }
  await db.load(
    'mart_stability',
    STABILITY_COLUMNS.map(([name, type]) => ({ name, type })),
    out,
  );
}

/**
 * Every group the Monte Carlo draws, built at once (for the stability benchmark, which times
 * analyzeStability on a finished run; the rank stage builds each group only when it draws it).
 */
export async function stabilityGroups(
  db: Database,
  config: Config,
): Promise<Map<string, StabilityGroup>> {
  const inputs = await readStabilityInputs(db, config);
  return new Map(inputs.keys.map((key, index) => [key, inputs.group(index)]));
}

/**
 * `top_n` above a framework's cluster count would approve every cluster, silently; it is checked
 * here, once the frameworks' clusters are known (a user's framework may have only a few).
 */
function checkTopN(ctx: RunContext, groups: readonly (readonly Row[])[]): void {
  const { selection } = ctx.config;
  if (selection.method !== 'top_n') return;
  for (const g of groups) {
    if (selection.top_n > g.length) {
      throw new CliError(
        messages.topNAboveClusters(
          ctx.configFile ?? '(default config)',
          selection.top_n,
          String(g[0]?.framework),
          String(g[0]?.area_code),
          g.length,
        ),
        ExitCode.usage,
      );
    }
  }
}

/** Whether the run has both frameworks mart_framework_bridge (bridge.csv) maps between. */
export function bridgesFrameworks(config: Pick<Config, 'frameworks'>): boolean {
  return config.frameworks.includes('legacy16') && config.frameworks.includes('acte2024');
}
