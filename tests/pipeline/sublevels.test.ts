/**
 * Sub-levels with configured rules: each rule's share of a pathway's or sub-cluster's openings
 * in flagged occupations (int_sublevel_added_metrics.sql, pivoted into a column per rule by
 * tmp_sublevel_metrics.sql), on the mini fixture, where the shares can be worked out by hand.
 * No golden file has rules, so this is where those columns are held to their values.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, FIXTURES, readCsv, tempDir } from '../helpers.ts';

describe('sub-levels of the mini fixture with two rules', () => {
  let out: string;
  beforeAll(async () => {
    const dir = tempDir('sublevels-');
    const config = join(dir, 'rules.json');
    writeFileSync(
      config,
      JSON.stringify({
        inputs: {
          'ca-edd-longterm-2023-2033':
            'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
        },
        selection: { method: 'top_n', top_n: 3 },
        // Not in name order: the columns must follow the config, not the pivot's order.
        rules: [
          { id: 'well_paid', expression: 'median_wage >= 100000' },
          { id: 'growing', expression: 'pct_change >= 15' },
        ],
        weights: { annual_openings: 0.5, well_paid_share: 0.5 },
        stability: { draws: 0 },
      }),
    );
    out = join(dir, 'out');
    const io = captureIO();
    const code = await main(
      ['run', '--config', config, '--data-dir', join(FIXTURES, 'mini-data'), '--out', out],
      io,
    );
    expect(code, io.stderr).toBe(0);
  });

  it('writes a share column per rule, in the config order, after postsecondary_share', () => {
    const header = readCsv(join(out, 'sublevels.csv'))[0] as Record<string, string>;
    const columns = Object.keys(header);
    const at = columns.indexOf('postsecondary_share');
    expect(columns.slice(at, at + 4)).toEqual([
      'postsecondary_share',
      'well_paid_share',
      'growing_share',
      'occupations',
    ]);
  });

  it('shares each sub-level’s openings between flagged and other occupations', () => {
    const rows = readCsv(join(out, 'sublevels.csv'));
    const pick = (name: string) =>
      rows
        .filter((r) => r.name === name)
        .map((r) => [r.annual_openings, r.well_paid_share, r.growing_share, r.rank]);
    // Registered Nurses (90 openings a year, $124,800, +20%) beside half the home health aides
    // (150, $37,440, +20%): 90 of 240 openings well paid, all growing.
    expect(pick('Therapeutic Services')).toEqual([['240', '0.375', '1', '1']]);
    // The same nurses beside all the aides (300) in one sub-cluster: 90 of 390.
    expect(pick('Patient Care')).toEqual([['390', '0.230769', '1', '1']]);
    // Restaurant cooks: $41,600 and +5%, flagged by neither.
    expect(pick('Food & Beverage')).toEqual([['210', '0', '0', '3']]);
    // Software developers: $166,400 and +20%.
    expect(pick('Software Development')).toEqual([['56', '1', '1', '2']]);
    // Half the electricians, whose wage is not published: not well paid (the rule cannot tell),
    // and +15% is growing.
    expect(pick('Construction')).toEqual([['29.5', '0', '1', '5']]);
  });
});
