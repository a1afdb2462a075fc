/**
 * stage: bring the raw rows to one clean shape (jobs, annual openings, percent), check them, and
 * settle each area's median wage. A broken identity or duplicate code stops the run here, before
 * anything is published.
 */

import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { col, sqlList, sqlString, type TableColumn } from '../../kernel/database.ts';
import { frameworkOf } from '../../kernel/frameworks.ts';
import { messages } from '../../kernel/messages.ts';
import type { RunContext, Stage } from '../../kernel/run-context.ts';
import { CHECK_MODELS, runChecks } from '../../transforms/checks.ts';
import { runModels } from '../../transforms/run-models.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';

/**
 * `cross_cutting: "cross_cutting_only"`: an occupation the crosswalk lists under a cross-cutting
 * cluster leaves its sector clusters, so its jobs count once, in the cross-cutting cluster.
 */
async function crossCuttingOnly(ctx: RunContext): Promise<void> {
  for (const id of ctx.config.frameworks) {
    const cc = frameworkOf(ctx.config, id).crossCutting;
    if (cc.length === 0) continue;
    const list = cc.map(sqlString).join(', ');
    await ctx.db.exec(`delete from stg_crosswalk_clusters s
      where s.framework = ${sqlString(id)} and s.cluster not in (${list})
        and exists (select 1 from stg_crosswalk_clusters c
                    where c.framework = s.framework and c.soc_code = s.soc_code
                      and c.cluster in (${list}))`);
  }
}

/**
 * The area median wage is the publisher's all-occupations median where the file has one;
 * otherwise the employment-weighted median of the detailed occupations' medians. Written in one
 * UPDATE: one per area cost a second and a half at 1,000 areas.
 */
async function settleAreaMedianWages(ctx: RunContext): Promise<void> {
  const { db } = ctx;
  const areas = await db.all<{
    area_code: string;
    vintage: string;
    published_median_wage: number | null;
  }>('select area_code, vintage, published_median_wage from stg_areas order by area_code, vintage');
  const unpublished = new Map<string, { wages: (number | null)[]; jobs: number[] }>();
  for (const a of areas) {
    if (a.published_median_wage === null) {
      unpublished.set(`${a.area_code}\u0000${a.vintage}`, { wages: [], jobs: [] });
    }
  }
  if (unpublished.size > 0) {
    const rows = await db.all<{
      area_code: string;
      vintage: string;
      median_wage: number | null;
      base_employment: number;
    }>(
      `select p.area_code, p.vintage, p.median_wage, p.base_employment
       from stg_projections p join stg_areas a using (area_code, vintage)
       where p.is_detail and a.published_median_wage is null`,
    );
    for (const r of rows) {
      const area = unpublished.get(`${r.area_code}\u0000${r.vintage}`);
      area?.wages.push(r.median_wage);
      area?.jobs.push(r.base_employment);
    }
  }
  const settled = areas.map((a) => {
    const occupations = unpublished.get(`${a.area_code}\u0000${a.vintage}`);
    return occupations
      ? {
          wage: weightedMedian(occupations.wages, occupations.jobs),
          basis: 'employment-weighted median of detailed occupations',
        }
      : { wage: a.published_median_wage, basis: 'published all-occupations median' };
  });
  const values: [TableColumn, unknown[]][] = [
    [col('area_code', 'VARCHAR'), areas.map((a) => a.area_code)],
    [col('vintage', 'VARCHAR'), areas.map((a) => a.vintage)],
    [col('wage', 'DOUBLE'), settled.map((a) => a.wage)],
    [col('basis', 'VARCHAR'), settled.map((a) => a.basis)],
  ];
  const columns = values.map(([c, v]) => `unnest(${sqlList(c, v)}) as ${c.name}`);
  await db.exec(`update stg_areas set area_median_wage = w.wage, area_median_wage_basis = w.basis
    from (select ${columns.join(', ')}) w
    where stg_areas.area_code = w.area_code and stg_areas.vintage = w.vintage`);
}

export const stage: Stage = {
  name: 'stage',
  models: [...CHECK_MODELS, 'staging/stg_crosswalk_clusters', 'staging/ref_framework_clusters'],
  // The checks' own queries (transforms/checks.ts).
  reads: ['raw_projections', 'raw_soc_bridge', 'raw_soc_structure'],
  writes: [],
  async run(ctx) {
    const { db } = ctx;
    await runModels(db, stage.models ?? []);
    if (ctx.config.cross_cutting === 'cross_cutting_only') await crossCuttingOnly(ctx);
    const findings = await runChecks(db);
    // A loop, not push(...findings): spreading 125,000 findings as arguments overflows the stack.
    for (const f of findings) ctx.findings.push(f);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      throw new CliError(
        messages.dataErrors(
          errors.length,
          errors.slice(0, 10).map((f) => f.message),
        ),
        ExitCode.input,
      );
    }
    for (const f of findings) if (f.severity === 'warning') ctx.warnings.push(f.message);

    await settleAreaMedianWages(ctx);
    return db.scalar('select count(*) from stg_projections where is_detail');
  },
};
