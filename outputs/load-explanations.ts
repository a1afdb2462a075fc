/**
 * Everything that explains one cluster's result, read from a run's database: its metrics, score,
 * rank and decision, each metric's contribution, its stability, and the occupations that drive
 * it. Used by recommendation.md and by `clusterfit explain`, so both say the same thing.
 */
import { type Database, sqlString } from '../kernel/database.ts';
import { readNullableColumns } from '../kernel/number-groups.ts';
import { ensureTemporary, runModels } from '../transforms/run-models.ts';
import type {
  ClusterResult,
  Driver,
  Explanation,
  StabilityResult,
} from './render-recommendation.ts';

/**
 * Everything explained, in the order of mart_clusters by area, vintage, framework and rank. The
 * contributions, stability rows and drivers are read with their cluster's position in that order
 * (a join in SQL) rather than with its four key columns, and the drivers' top places are found
 * among the cluster facts (tmp_cluster_facts) by windows over that one number, the titles joined
 * to the winners only: at 1,000 areas that is 30,000 clusters and 1.4 million occupation rows.
 */
const sqlList = (values: readonly string[]): string => `[${values.map(sqlString).join(', ')}]`;

export async function loadExplanations(db: Database, top = 3): Promise<Explanation[]> {
  const order = 'area_code, vintage, framework, rank';
  const results = (await db.all(
    `select * from mart_clusters order by ${order}`,
  )) as unknown as ClusterResult[];
  await ensureTemporary(db, 'intermediate/tmp_cluster_facts');
  // Numbers the clusters in `order`, as results holds them.
  await runModels(db, ['intermediate/tmp_explained']);
  const keys = 'area_code, vintage, framework, cluster';
  // A cluster's contributions in metric order, as "order by all" gave them, read as numbers
  // (150,000 at 1,000 areas) with the metric through a dictionary.
  const metrics = (
    await db.all<{ metric: string }>(
      'select distinct metric from mart_cluster_contributions order by metric',
    )
  ).map((r) => r.metric);
  const names = ['idx', 'metric_id', 'value', 'normalized', 'weight', 'contribution'];
  const contributions: Record<string, (number | null)[]> =
    metrics.length === 0
      ? Object.fromEntries(names.map((n) => [n, []]))
      : await readNullableColumns(
          db,
          `select e.idx, list_position(${sqlList(metrics)}, c.metric) - 1 as metric_id, c.metric,
       c.value, c.normalized, c.weight, c.contribution
     from mart_cluster_contributions c join tmp_explained e using (${keys})`,
          names,
          'q.idx, q.metric',
        );
  const stability = (await db.all(
    `select e.idx, s.* from mart_stability s join tmp_explained e using (${keys})`,
  )) as unknown as (StabilityResult & { idx: number })[];
  // Each cluster's top drivers by a top-n aggregate (min_by with n) rather than two row_number
  // windows, which sorted all 1.4 million rows (at 1,000 areas) twice: 1.5 s of the run there.
  // The aggregate's key is the windows' order (allocated figure descending, NULL last, then
  // soc_code), as one struct: a NULL figure after every number, the figure negated.
  const driver = '{soc_code: soc_code, openings: allocated_openings, change: allocated_change}';
  const byFigure = (figure: string) =>
    `min_by(${driver}, {unknown: ${figure} is null, figure: -${figure}, soc_code: soc_code}, ${top})`;
  const drivers = await db.all<{
    idx: number;
    soc_code: string;
    soc_title: string;
    allocated_openings: number;
    allocated_change: number;
    by_openings: number | null;
    by_growth: number | null;
  }>(`
    with d as (
      select e.idx, f.area_id, f.soc_code,
        -- mart_occupations' allocation_weight
        case s.allocation
          when 'split' then f.weight_split
          when 'full' then f.weight_full
          else f.weight_primary
        end as weight,
        weight * f.annual_openings as allocated_openings,
        weight * f.change as allocated_change
      from tmp_cluster_facts f
      join tmp_explained e using (area_id, cluster_id)
      cross join run_settings s
      where weight > 0
    ),
    tops as (
      select idx, area_id, ${byFigure('allocated_openings')} as by_openings,
        ${byFigure('allocated_change')} as by_growth
      from d
      group by idx, area_id
    ),
    places as (
      select idx, area_id, false as growth, unnest(by_openings) as driver,
        unnest(range(1, len(by_openings) + 1)) as place
      from tops
      union all
      select idx, area_id, true, unnest(by_growth), unnest(range(1, len(by_growth) + 1))
      from tops
    ),
    -- One row per cluster and occupation, with its places in either list: fewer rows to read.
    drivers as (
      select idx, area_id, driver.soc_code as soc_code, any_value(driver) as driver,
        max(place) filter (where not growth) as by_openings,
        max(place) filter (where growth) as by_growth
      from places
      group by idx, area_id, driver.soc_code
    )
    select r.idx, r.soc_code, p.soc_title, r.driver.openings as allocated_openings,
      r.driver.change as allocated_change, r.by_openings, r.by_growth
    from drivers r
    join tmp_cluster_areas a using (area_id)
    join int_projections p
      on p.area_code = a.area_code and p.vintage = a.vintage and p.soc_code = r.soc_code`);
  await db.exec('drop table tmp_explained');

  const explanations: Explanation[] = results.map((result) => ({
    result,
    contributions: [],
    stability: null,
    byOpenings: [],
    byGrowth: [],
  }));
  const at = (idx: number) => explanations[idx] as Explanation;
  const column = (name: string) => contributions[name] as (number | null)[];
  const [idxs, ids, values, normalized, weights, parts] = names.map(column);
  (idxs as (number | null)[]).forEach((idx, row) => {
    const e = at(idx as number);
    const { area_code, vintage, framework, cluster } = e.result;
    e.contributions.push({
      area_code,
      vintage,
      framework,
      cluster,
      metric: metrics[ids?.[row] as number] as string,
      value: values?.[row] ?? null,
      normalized: normalized?.[row] as number,
      weight: weights?.[row] as number,
      contribution: parts?.[row] as number,
    });
  });
  for (const { idx, ...s } of stability) at(idx).stability = s;
  for (const d of drivers) {
    const driver: Driver = {
      soc_code: d.soc_code,
      soc_title: d.soc_title,
      allocated_openings: d.allocated_openings,
      allocated_change: d.allocated_change,
    };
    const e = at(d.idx);
    if (d.by_openings !== null) e.byOpenings[d.by_openings - 1] = driver;
    if (d.by_growth !== null) e.byGrowth[d.by_growth - 1] = driver;
  }
  return explanations;
}
