/**
 * map: assign every detailed occupation to its clusters in each framework, with allocation
 * weights, and report the employment no crosswalk reaches.
 */

import { frameworkOf } from '../../kernel/frameworks.ts';
import { messages } from '../../kernel/messages.ts';
import type { Stage } from '../../kernel/run-context.ts';
import { runModels } from '../../transforms/run-models.ts';

export const map: Stage = {
  name: 'map',
  models: [
    'intermediate/int_soc_bridge_weights',
    'intermediate/int_projection_rows',
    'intermediate/int_projection_merges',
    'intermediate/int_projections_merged',
    'intermediate/int_projections',
    'marts/mart_soc_bridge_report',
    'intermediate/int_occupation_clusters',
    'marts/mart_occupations',
    'marts/mart_mapping_coverage',
  ],
  reads: [],
  writes: [],
  async run(ctx) {
    const { db } = ctx;
    await runModels(db, map.models ?? []);
    const coverage = await db.all<{
      area_code: string;
      framework: string;
      unmapped_share: number;
      unmapped_codes: string | null;
      occupation_rows: number;
    }>('select * from mart_mapping_coverage order by area_code, vintage, framework');
    const bridge = await db.all<{
      area_code: string;
      vintage: string;
      rule: string;
      soc2010_codes: number;
      base_employment: number;
    }>('select * from mart_soc_bridge_report order by all');
    for (const b of bridge) {
      ctx.notes.push(
        messages.socBridgeNote(b.area_code, b.vintage, b.rule, b.soc2010_codes, b.base_employment),
      );
    }
    for (const c of coverage) {
      const share = c.unmapped_share ?? 0;
      if (share > ctx.config.unmapped_warn_share) {
        const message = messages.unmappedWarning(
          frameworkOf(ctx.config, c.framework).title,
          share,
          (c.unmapped_codes ?? '').split(', '),
        );
        ctx.warnings.push(message);
        ctx.io.warn(message);
      }
    }
    // mart_occupations' rows, as the coverage counts them.
    return coverage.reduce((rows, c) => rows + c.occupation_rows, 0);
  },
};
