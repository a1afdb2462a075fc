/**
 * publish: write the run's tables and recommendation into the staging folder. The run moves them
 * into the output folder only after the manifest is written too.
 */
import { writeFileSync } from 'node:fs';
import type {
  AreaFacts,
  ClusterResult,
  Contribution,
} from '../../outputs/render-recommendation.ts';
import { renderRecommendation } from '../../outputs/render-recommendation.ts';
import { toCsv } from '../../outputs/to-csv.ts';
import { PUBLICATION_FILES, writePublications } from '../../outputs/write-publications.ts';
import { FRAMEWORKS } from '../frameworks.ts';
import type { Stage } from '../run-context.ts';
import { VERSION } from '../version.ts';

export const CLUSTERS_COLUMNS = [
  'area',
  'area_name',
  'vintage',
  'framework',
  'cluster',
  'base_employment',
  'projected_employment',
  'change',
  'pct_change',
  'annual_openings',
  'median_wage',
  'high_wage_share',
  'postsecondary_share',
  'occupations',
  'score',
  'rank',
  'approved',
] as const;

export const OCCUPATIONS_COLUMNS = [
  'area',
  'vintage',
  'framework',
  'cluster',
  'soc_code',
  'soc_title',
  'mapped_via',
  'via_codes',
  'allocation_weight',
  'base_employment',
  'projected_employment',
  'change',
  'pct_change',
  'annual_openings',
  'allocated_base_employment',
  'allocated_annual_openings',
  'median_wage',
  'education',
  'high_wage',
  'postsecondary',
  'source_file',
  'source_row',
] as const;

const DATA_QUALITY_COLUMNS = ['severity', 'check', 'file', 'row', 'column', 'value', 'message'];

export const publish: Stage = {
  name: 'publish',
  reads: ['mart_clusters', 'mart_occupations', 'mart_cluster_contributions', 'stg_areas'],
  writes: [
    'clusters.csv',
    'occupations.csv',
    'data_quality.csv',
    'recommendation.md',
    ...PUBLICATION_FILES,
  ],
  async run(ctx) {
    const { db, out, config } = ctx;
    // Rounded here, once: cents for money and jobs (split allocation gives fractions of a job),
    // 4 decimals for percents, 6 for shares and scores. Equal inputs give equal bytes.
    const clusters = await db.all(`select area_code as area, area_name, vintage, framework, cluster,
        round(base_employment, 2) as base_employment,
        round(projected_employment, 2) as projected_employment,
        round(change, 2) as change,
        round(pct_change, 4) as pct_change,
        round(annual_openings, 2) as annual_openings,
        round(median_wage, 2) as median_wage,
        round(high_wage_share, 6) as high_wage_share,
        round(postsecondary_share, 6) as postsecondary_share,
        occupations,
        round(score, 6) as score,
        rank,
        approved
      from mart_clusters
      order by area, vintage, list_position(${sqlList(config.frameworks)}, framework), rank`);
    writeFileSync(out.path('clusters.csv'), toCsv(CLUSTERS_COLUMNS, clusters));

    const occupations = await db.all(`select area_code as area, vintage, framework, cluster,
        soc_code, soc_title, mapped_via, via_codes,
        round(allocation_weight, 6) as allocation_weight,
        base_employment, projected_employment, change, round(pct_change, 4) as pct_change,
        round(annual_openings, 2) as annual_openings,
        round(allocation_weight * base_employment, 2) as allocated_base_employment,
        round(allocation_weight * annual_openings, 2) as allocated_annual_openings,
        median_wage, education, high_wage, postsecondary, source_file, source_row
      from mart_occupations
      order by area, vintage, list_position(${sqlList(config.frameworks)}, framework), cluster, soc_code`);
    writeFileSync(out.path('occupations.csv'), toCsv(OCCUPATIONS_COLUMNS, occupations));

    writeFileSync(
      out.path('data_quality.csv'),
      toCsv(
        DATA_QUALITY_COLUMNS,
        ctx.findings as unknown as Record<string, string | number | null>[],
      ),
    );

    const contributions = (await db.all(
      'select * from mart_cluster_contributions order by all',
    )) as unknown as Contribution[];
    const areas = (await db.all(
      'select * from stg_areas order by area_code, vintage',
    )) as unknown as AreaFacts[];
    const mappedShare = (await db.all(
      'select area_code, framework, mapped_share as share from mart_mapping_coverage',
    )) as unknown as { area_code: string; framework: string; share: number }[];
    const projections = ctx.resolved.get(config.projections);
    const markdown = renderRecommendation({
      clusters: (await db.all('select * from mart_clusters')) as unknown as ClusterResult[],
      contributions,
      areas,
      mappedShare,
      frameworks: config.frameworks.map((f) => FRAMEWORKS[f]),
      config,
      projectionsTitle: projections?.source.title ?? config.projections,
      projectionsPublisher: projections?.source.publisher ?? '',
      notes: ctx.inputs.flatMap((i) => i.notes),
      warnings: ctx.warnings,
      version: VERSION,
    });
    writeFileSync(out.path('recommendation.md'), markdown);
    await writePublications(ctx, {
      clusters: { columns: CLUSTERS_COLUMNS, rows: clusters },
      occupations: { columns: OCCUPATIONS_COLUMNS, rows: occupations },
      dataQuality: {
        columns: DATA_QUALITY_COLUMNS,
        rows: ctx.findings as unknown as Record<string, string | number | null>[],
      },
      recommendation: markdown,
    });
    return clusters.length + occupations.length;
  },
};

function sqlList(values: readonly string[]): string {
  return `[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
}
