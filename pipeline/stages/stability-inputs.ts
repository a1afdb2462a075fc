/**
 * What the stability Monte Carlo needs, read from DuckDB as numbers: each occupation's wage and
 * openings under every allocation (1.3 million rows at 1,000 areas, 7 s as row objects) and each
 * cluster's metrics. A group's StabilityGroup is built only when it is about to be drawn, so the
 * run never holds every group's per-cluster lists at once.
 */

import { ALLOCATIONS, type Allocation, type Config } from '../../kernel/config-types.ts';
import { type Database, sqlIdent } from '../../kernel/database.ts';
import {
  allocatedColumns,
  readNullableColumns,
  readNumberGroups,
} from '../../kernel/number-groups.ts';
import { ensureTemporary, runModels } from '../../transforms/run-models.ts';
import type { AllocationView, StabilityGroup } from '../../transforms/stability.ts';
import { normalizedWeights } from '../config.ts';

export interface StabilityInputs {
  /** area_code \0 vintage \0 framework of each group, in key order (the order seeds follow). */
  keys: string[];
  group(index: number): StabilityGroup;
}

const KEYS = 'area_code, vintage, framework';

export async function readStabilityInputs(db: Database, config: Config): Promise<StabilityInputs> {
  const weighted = normalizedWeights(config);
  const metrics = weighted.map(([m]) => m);
  // Without draws a group is its base ranking and the smallest weight shifts, which read the
  // configured allocation's metrics only: no occupation's wage (1.3 million rows at 1,000 areas,
  // for the draws' high-wage threshold) and no other allocation (for the draws' policy).
  const draws = config.stability.draws > 0;
  const allocations = draws ? ALLOCATIONS : ALLOCATIONS.filter((a) => a === config.allocation);
  await ensureTemporary(db, 'intermediate/tmp_cluster_facts');
  const wages = draws
    ? await readNumberGroups(db, {
        from: 'tmp_cluster_facts',
        where: 'median_wage is not null',
        keys: ['area_id', 'cluster_id'],
        order: 'median_wage, soc_code',
        columns: { wage: 'median_wage', ...allocatedColumns('annual_openings') },
      })
    : undefined;
  await runModels(db, ['intermediate/tmp_stability_clusters']);
  const groups = await db.all<{
    area_code: string;
    vintage: string;
    framework: string;
    area_median_wage: number | null;
  }>(
    `select ${KEYS}, any_value(a.area_median_wage) as area_median_wage
     from tmp_stability_clusters c left join stg_areas a using (area_code, vintage)
     group by group_id, ${KEYS} order by group_id`,
  );
  // Each cluster's wage group, found by its area's and its own number (tmp_cluster_facts').
  const clusters = await db.all<{
    group_id: number;
    cluster: string;
    area_id: number | null;
    fact_cluster_id: number | null;
  }>(
    `select c.group_id, c.cluster, a.area_id, i.cluster_id as fact_cluster_id
     from tmp_stability_clusters c
     left join tmp_cluster_areas a using (area_code, vintage)
     left join tmp_cluster_ids i using (framework, cluster)
     order by c.cluster_id`,
  );
  const wageGroup = new Map<string, number>();
  if (wages) {
    const { area_id: areas = [], cluster_id: ids = [] } = wages.keys;
    areas.forEach((area, g) => {
      wageGroup.set(`${area} ${ids[g]}`, g);
    });
  }
  const wagesOf = (c: number): number | null => {
    const { area_id, fact_cluster_id } = clusters[c] as (typeof clusters)[number];
    return wageGroup.get(`${area_id} ${fact_cluster_id}`) ?? null;
  };
  // Metrics by cluster and allocation, by slot (cluster_id × 3 + allocation index); a slot with
  // no row stays null, as a missing row's metrics did.
  const metricNames = [...new Set(['annual_openings', ...metrics])];
  const read = await readNullableColumns(
    db,
    `select c.cluster_id * ${ALLOCATIONS.length}
        + (case m.allocation ${ALLOCATIONS.map((a, i) => `when '${a}' then ${i}`).join(' ')} end)
        as slot, ${metricNames.map((m) => `m.${sqlIdent(m)}`).join(', ')}
     from mart_cluster_metrics_all m join tmp_stability_clusters c using (${KEYS}, cluster)
     where m.allocation in (${allocations.map((a) => `'${a}'`).join(', ')})`,
    ['slot', ...metricNames],
    'q.slot',
  );
  await db.exec('drop table tmp_stability_clusters');
  const bySlot = metricNames.map((m) => {
    const column = new Array<number | null>(clusters.length * ALLOCATIONS.length).fill(null);
    read.slot?.forEach((slot, row) => {
      column[slot as number] = read[m]?.[row] ?? null;
    });
    return column;
  });
  const value = (i: number, slot: number): number | null => bySlot[i]?.[slot] ?? null;

  // Each group's clusters are a run of cluster ids (ordered by the group's keys first).
  const firstCluster = new Int32Array(groups.length + 1).fill(clusters.length);
  for (let c = clusters.length - 1; c >= 0; c--) {
    firstCluster[(clusters[c] as { group_id: number }).group_id] = c;
  }

  const wageLists = (wageGroup: number | null, allocation: Allocation) => {
    if (wageGroup === null || wages === undefined)
      return { wage: new Float64Array(0), openings: new Float64Array(0) };
    const from = wages.start[wageGroup] as number;
    const to = wages.start[wageGroup + 1] as number;
    const wage = wages.columns.wage as Float64Array;
    const openings = wages.columns[allocation] as Float64Array;
    let kept = 0;
    for (let i = from; i < to; i++) if ((openings[i] as number) > 0) kept++;
    const out = { wage: new Float64Array(kept), openings: new Float64Array(kept) };
    let k = 0;
    for (let i = from; i < to; i++) {
      if (!((openings[i] as number) > 0)) continue;
      out.wage[k] = wage[i] as number;
      out.openings[k] = openings[i] as number;
      k++;
    }
    return out;
  };

  return {
    keys: groups.map((g) => `${g.area_code}\u0000${g.vintage}\u0000${g.framework}`),
    group(index) {
      const ids: number[] = [];
      for (let c = firstCluster[index] as number; c < (firstCluster[index + 1] as number); c++) {
        ids.push(c);
      }
      // JavaScript's string order, as the ranking's name tie-break uses.
      const name = (c: number) => (clusters[c] as { cluster: string }).cluster;
      ids.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
      const byAllocation: Partial<Record<Allocation, AllocationView>> = {};
      for (const allocation of allocations) {
        const a = ALLOCATIONS.indexOf(allocation);
        const slot = (c: number) => c * ALLOCATIONS.length + a;
        byAllocation[allocation] = {
          metrics: metrics.map((m) => ids.map((c) => value(metricNames.indexOf(m), slot(c)))),
          annualOpenings: ids.map((c) => value(0, slot(c)) ?? 0),
          wages: ids.map((c) => wageLists(wagesOf(c), allocation)),
        };
      }
      return {
        clusters: ids.map(name),
        metrics,
        weights: weighted.map(([, w]) => w),
        byAllocation,
        baseAllocation: config.allocation,
        areaMedianWage: (groups[index] as { area_median_wage: number | null }).area_median_wage,
      };
    },
  };
}
