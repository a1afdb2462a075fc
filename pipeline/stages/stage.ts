/**
 * stage: bring the raw rows to one clean shape (jobs, annual openings, percent), check them, and
 * settle each area's median wage. A broken identity or duplicate code stops the run here, before
 * anything is published.
 */

import { CHECK_MODELS, runChecks } from '../../transforms/checks.ts';
import { runModels } from '../../transforms/run-models.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { sqlString } from '../database.ts';
import { frameworkOf } from '../frameworks.ts';
import { messages } from '../messages.ts';
import type { RunContext, Stage } from '../run-context.ts';

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
      where s.framework = '${id}' and s.cluster not in (${list})
        and exists (select 1 from stg_crosswalk_clusters c
                    where c.framework = s.framework and c.soc_code = s.soc_code
                      and c.cluster in (${list}))`);
  }
}

export const stage: Stage = {
  name: 'stage',
  reads: ['raw_projections', 'raw_crosswalk'],
  writes: ['stg_projections', 'stg_areas', 'stg_crosswalk_clusters', 'ref_framework_clusters'],
  async run(ctx) {
    const { db } = ctx;
    await runModels(db, [...CHECK_MODELS, 'staging/stg_crosswalk_clusters']);
    if (ctx.config.cross_cutting === 'cross_cutting_only') await crossCuttingOnly(ctx);
    const findings = await runChecks(db);
    ctx.findings.push(...findings);
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

    // The area median wage is the publisher's all-occupations median where the file has one;
    // otherwise the employment-weighted median of the detailed occupations' medians.
    const areas = await db.all<{
      area_code: string;
      vintage: string;
      published_median_wage: number | null;
    }>(
      'select area_code, vintage, published_median_wage from stg_areas order by area_code, vintage',
    );
    for (const a of areas) {
      let wage = a.published_median_wage;
      let basis = 'published all-occupations median';
      if (wage === null) {
        const rows = await db.all<{ median_wage: number | null; base_employment: number }>(
          `select median_wage, base_employment from stg_projections
           where is_detail and area_code = '${a.area_code}' and vintage = '${a.vintage}'`,
        );
        wage = weightedMedian(
          rows.map((r) => r.median_wage),
          rows.map((r) => r.base_employment),
        );
        basis = 'employment-weighted median of detailed occupations';
      }
      await db.exec(
        'update stg_areas set area_median_wage = $1, area_median_wage_basis = $2 where area_code = $3 and vintage = $4',
        [wage, basis, a.area_code, a.vintage],
      );
    }
    return db.scalar('select count(*) from stg_projections where is_detail');
  },
};
