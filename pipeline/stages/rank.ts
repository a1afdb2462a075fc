/**
 * rank: order the clusters of each area × framework by score, decide which are approved, and test
 * how stable each decision is (transforms/stability.ts).
 */
import { rankAndSelect } from '../../transforms/rank.ts';
import { runModels } from '../../transforms/run-models.ts';
import {
  type AllocationView,
  analyzeStability,
  type ClusterStability,
  type StabilityGroup,
} from '../../transforms/stability.ts';
import { type Allocation, type Config, normalizedWeights } from '../config.ts';
import type { Database, Row } from '../database.ts';
import type { RunContext, Stage } from '../run-context.ts';
import { analyzeStabilityOnWorker } from '../worker-client.ts';
import { groupKey, groupRows } from './score.ts';
import { buildSublevels } from './sublevels.ts';

export const rank: Stage = {
  name: 'rank',
  reads: [
    'mart_cluster_metrics',
    'mart_cluster_metrics_all',
    'mart_cluster_contributions',
    'mart_occupations',
  ],
  writes: [
    'int_cluster_rank',
    'mart_clusters',
    'mart_stability',
    'mart_area_differences',
    'mart_sublevels',
    'mart_framework_bridge',
  ],
  async run(ctx) {
    const { db, config } = ctx;
    const rows = await db.all<Row & { cluster: string; score: number; annual_openings: number }>(
      `select m.area_code, m.vintage, m.framework, m.cluster, m.annual_openings, s.score
       from mart_cluster_metrics m
       join (select area_code, vintage, framework, cluster, sum(contribution) as score
             from mart_cluster_contributions group by all) s
         using (area_code, vintage, framework, cluster)
       order by area_code, vintage, framework, cluster`,
    );
    const ranked = [...groupRows(rows).values()].flatMap((g) => rankAndSelect(g, config.selection));
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
    await db.exec(`create or replace table mart_clusters as
      select m.*, r.score, r.rank, r.approved
      from mart_cluster_metrics m join int_cluster_rank r using (area_code, vintage, framework, cluster)`);
    await runStability(ctx);
    await runModels(db, ['marts/mart_area_differences']);
    await buildSublevels(ctx);
    // Dropped otherwise, so a reused --db file cannot publish a bridge from an earlier run.
    if (config.frameworks.includes('legacy16') && config.frameworks.includes('acte2024')) {
      await runModels(db, ['marts/mart_framework_bridge']);
    } else {
      await db.exec('drop table if exists mart_framework_bridge');
    }
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

/**
 * The Monte Carlo for every area × vintage × framework group. Every other group goes to the
 * run's worker thread while this thread does the rest, so both cores draw; each group has its
 * own seed, so which thread draws it never changes its result.
 */
async function runStability(ctx: RunContext): Promise<void> {
  const { db, config } = ctx;
  const groups = [...(await stabilityGroups(db, config))];
  const settings = {
    normalization: config.normalization,
    selection: config.selection,
    stability: config.stability,
  };
  // One reproducible stream per group, all derived from the configured seed.
  const seedOf = (index: number) => (config.stability.seed + Math.imul(index, 0x9e3779b9)) >>> 0;
  const onWorker = (index: number) => groups.length > 1 && index % 2 === 1;
  const totalDraws = groups.length * config.stability.draws;
  let drawsDone = 0;
  const progress = () => ctx.io.progress?.('stability', drawsDone, totalDraws);
  const results: Promise<ClusterStability[]>[] = groups.map(([, group], index) => {
    if (!onWorker(index)) return Promise.resolve([]);
    return analyzeStabilityOnWorker(group, settings, seedOf(index)).then((r) => {
      drawsDone += config.stability.draws;
      progress();
      return r;
    });
  });
  groups.forEach(([, group], index) => {
    if (onWorker(index)) return;
    const before = drawsDone;
    results[index] = Promise.resolve(
      analyzeStability(group, settings, seedOf(index), (done) => {
        drawsDone = before + done;
        progress();
      }),
    );
    drawsDone = before + config.stability.draws;
  });
  const out: Row[] = [];
  for (const [index, [key]] of groups.entries()) {
    const [area_code, vintage, framework] = key.split('\u0000');
    for (const r of await (results[index] as Promise<ClusterStability[]>)) {
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
  ctx.io.progress?.('stability', totalDraws, totalDraws);
  await db.load(
    'mart_stability',
    STABILITY_COLUMNS.map(([name, type]) => ({ name, type })),
    out,
  );
}

/**
 * Everything the Monte Carlo needs, per area × vintage × framework, read once from DuckDB
 * (exported for the stability benchmark, which times analyzeStability on a finished run).
 */
export async function stabilityGroups(
  db: Database,
  config: Config,
): Promise<Map<string, StabilityGroup>> {
  const weighted = normalizedWeights(config);
  const metrics = weighted.map(([m]) => m);
  const all = await db.all(
    'select * from mart_cluster_metrics_all order by area_code, vintage, framework, allocation, cluster',
  );
  const wages = await db.all<{
    area_code: string;
    vintage: string;
    framework: string;
    cluster: string;
    median_wage: number;
    split: number;
    full: number;
    primary: number;
  }>(`select area_code, vintage, framework, cluster, median_wage,
        weight_split * annual_openings as split, weight_full * annual_openings as full,
        weight_primary * annual_openings as "primary"
      from mart_occupations
      where cluster <> '(unmapped)' and median_wage is not null
      order by area_code, vintage, framework, cluster, median_wage, soc_code`);
  const areaWages = await db.all<{
    area_code: string;
    vintage: string;
    area_median_wage: number | null;
  }>('select area_code, vintage, area_median_wage from stg_areas');
  const wagesByCluster = new Map<string, typeof wages>();
  for (const w of wages) {
    const key = `${groupKey(w)}\u0000${w.cluster}`;
    const list = wagesByCluster.get(key);
    if (list) list.push(w);
    else wagesByCluster.set(key, [w]);
  }

  const groups = new Map<string, StabilityGroup>();
  for (const [key, rows] of groupRows(all)) {
    const clusters = [...new Set(rows.map((r) => String(r.cluster)))].sort();
    const area = areaWages.find(
      (a) => a.area_code === rows[0]?.area_code && a.vintage === rows[0]?.vintage,
    );
    const byAllocation: Partial<Record<Allocation, AllocationView>> = {};
    for (const allocation of ['split', 'full', 'primary'] as const) {
      const view = clusters.map((c) =>
        rows.find((r) => r.allocation === allocation && r.cluster === c),
      );
      byAllocation[allocation] = {
        metrics: metrics.map((m) =>
          view.map((r) => (typeof r?.[m] === 'number' ? (r[m] as number) : null)),
        ),
        annualOpenings: view.map((r) => Number(r?.annual_openings ?? 0)),
        wages: clusters.map((c) => {
          const list = (wagesByCluster.get(`${key}\u0000${c}`) ?? []).filter(
            (w) => w[allocation] > 0,
          );
          return { wage: list.map((w) => w.median_wage), openings: list.map((w) => w[allocation]) };
        }),
      };
    }
    groups.set(key, {
      clusters,
      metrics,
      weights: weighted.map(([, w]) => w),
      byAllocation,
      baseAllocation: config.allocation,
      areaMedianWage: area?.area_median_wage ?? null,
    });
  }
  return groups;
}
