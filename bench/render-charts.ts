/**
 * How long the charts of a run take: 2 frameworks × 3 charts, SVG and PNG, cold (first use of
 * Vega in the process) and warm. Reads the marts of a finished run's database:
 *
 *   node bin/clusterfit.js run --out /tmp/cf && npx tsx bench/render-charts.ts /tmp/cf/clusterfit.duckdb
 */

import { Database } from '../kernel/database.ts';
import { FRAMEWORKS } from '../kernel/frameworks.ts';
import type { ChartFrame } from '../outputs/charts/chart-frame.ts';
import type { ClusterResult, Contribution } from '../outputs/render-recommendation.ts';
import { renderCharts } from '../outputs/write-charts.ts';
import { drawChartsOnWorker } from '../pipeline/worker-client.ts';

const path = process.argv[2] ?? 'output/clusterfit.duckdb';
const db = await Database.open(path);
const clusters = (await db.all('select * from mart_clusters')) as unknown as ClusterResult[];
const contributions = (await db.all(
  'select * from mart_cluster_contributions',
)) as unknown as Contribution[];
db.close();
const frames: ChartFrame[] = [...new Set(clusters.map((c) => c.framework))].map((id) => ({
  areaName: clusters[0]?.area_name ?? '',
  areaCode: clusters[0]?.area_code ?? '',
  vintage: clusters[0]?.vintage ?? '',
  frameworkId: id,
  frameworkTitle: FRAMEWORKS[id as keyof typeof FRAMEWORKS]?.title ?? id,
  publishers: ['bench'],
  method: 'bench',
  scoreTitle: 'Composite score',
}));
for (const run of ['cold', 'warm', 'warm']) {
  const t0 = performance.now();
  const charts = await renderCharts(
    {
      clusters,
      contributions,
      stability: null,
      bridge: [],
      frames,
    },
    drawChartsOnWorker,
  );
  console.log(
    `${run}: ${charts.length} charts, SVG and PNG ${Math.round(performance.now() - t0)} ms`,
  );
}
