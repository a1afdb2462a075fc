/**
 * The Perkins measures (hshwid_share, middle_skill_share) checked by hand on six real occupations
 * of California EDD's 2023-2033 statewide projections (../shared/data, the CSV), each put in a
 * cluster of its own by a hand-written crosswalk (tests/fixtures/frameworks), so a cluster's share
 * is 1 when its occupation qualifies and 0 when it does not.
 *
 * Thresholds, each from the file's "Total, All Occupations" row or its detailed rows:
 *   high-wage: median annual wage at least the area median, $58,296.52 (the total row's
 *     published median; Perkins V leaves "high-wage" to the states, and relative-to-area is the
 *     most common reading);
 *   in-demand: growth above the all-occupation rate, 8.81% (1,719,400 / 19,511,500 in the total
 *     row), OR annual openings above the average of the 676 detailed occupations, 3,536.57 a year
 *     (their 10-year "Total Job Openings" summed, / 676, / 10);
 *   high-skill: a postsecondary award (BLS typical entry education of a postsecondary nondegree
 *     award or higher);
 *   middle-skill: a postsecondary award below a bachelor's (postsecondary nondegree award or
 *     associate's degree; National Skills Coalition, "middle-skill jobs").
 * The occupations (wage; growth; annual openings; education), from the file:
 *   15-1252 software developers: $175,554.87; 17.55%; 22,211; bachelor's → HSHWID, not middle;
 *   29-2034 radiologic technologists: $110,596.18; 14.43%; 1,342; associate's → HSHWID, middle;
 *   29-2061 LVNs: $79,267.27; 8.32% (below 8.81%); 7,037 (above 3,536.57); postsecondary
 *     non-degree award → HSHWID through openings, middle;
 *   29-1292 dental hygienists: $124,370.62; 8.26%; 1,726; associate's → not HSHWID (neither
 *     growth nor openings above the area's), middle;
 *   25-2021 elementary teachers: $100,858.54; 2.45%; 9,562; bachelor's → HSHWID through openings;
 *   47-2111 electricians: $78,789.80; 18.28%; 9,012; high school diploma → neither (no award).
 * "Mixed" holds software developers and dental hygienists (each split half into it, which
 * leaves the shares unchanged): HSHWID 22,211 / (22,211 + 1,726) = 0.927894, middle skill
 * 1,726 / 23,937 = 0.072106.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, FIXTURES, readCsv, tempDir } from '../helpers.ts';

const CROSSWALK = join(FIXTURES, 'frameworks', 'perkins-measures-crosswalk.csv');

let lastRun = '';

/** middle_skill_openings per cluster of the last run. */
function middleSkillOpenings(): Record<string, number> {
  return Object.fromEntries(
    readCsv(join(lastRun, 'clusters.csv')).map((c) => [c.cluster, Number(c.middle_skill_openings)]),
  );
}

async function shares(extra: object): Promise<Record<string, [number, number]>> {
  const dir = tempDir();
  lastRun = dir;
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      inputs: {
        'ca-edd-longterm-2023-2033':
          'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
      },
      framework_definitions: [{ id: 'checks', crosswalk: CROSSWALK }],
      frameworks: ['checks'],
      weights: { hshwid_share: 1, middle_skill_share: 1, change: 1 },
      stability: { draws: 0 },
      charts: { areas: 'none' },
      ...extra,
    }),
  );
  await runPipeline({ configFile: file, outDir: dir, dataDir: DATA_DIR }, captureIO());
  return Object.fromEntries(
    readCsv(join(dir, 'clusters.csv')).map((c) => [
      c.cluster,
      [Number(c.hshwid_share), Number(c.middle_skill_share)],
    ]),
  );
}

describeWithData('Perkins measures on real California EDD occupations', () => {
  let byDefault: Record<string, [number, number]>;
  beforeAll(async () => {
    byDefault = await shares({});
  }, 60_000);

  it('flags high-skill, high-wage, in-demand and middle-skill occupations as worked out by hand', () => {
    expect(byDefault).toEqual({
      'Software Developers': [1, 0],
      'Radiologic Technologists': [1, 1],
      'Licensed Vocational Nurses': [1, 1],
      'Dental Hygienists': [0, 1],
      'Elementary Teachers': [1, 0],
      Electricians: [0, 0],
      Mixed: [0.927894, 0.072106],
    });
  });

  it('counts the middle-skill openings a year (middle_skill_openings), split across clusters', () => {
    const openings = middleSkillOpenings();
    // LVNs 70,370 / 10; dental hygienists 17,260 / 10, half of them in "Mixed" (split).
    expect(openings['Licensed Vocational Nurses']).toBe(7037);
    expect(openings['Dental Hygienists']).toBe(863);
    expect(openings.Mixed).toBe(863);
    expect(openings['Software Developers']).toBe(0);
  });

  it('takes absolute thresholds from the config: above 8,000 openings, LVNs no longer qualify', async () => {
    const strict = await shares({ hshwid: { min_openings: 8000 } });
    // LVNs: 7,037 openings and 8.32% growth; teachers keep theirs with 9,562 openings.
    expect(strict['Licensed Vocational Nurses']).toEqual([0, 1]);
    expect(strict['Elementary Teachers']).toEqual([1, 0]);
    expect(strict['Radiologic Technologists']).toEqual([1, 1]);
  }, 60_000);
});

describeWithData('selection presets on California EDD 2023-2033', () => {
  let lastDir = '';
  async function approved(preset: string): Promise<Record<string, string>[]> {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        inputs: {
          'ca-edd-longterm-2023-2033':
            'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
        },
        frameworks: ['legacy16'],
        preset,
        stability: { draws: 0 },
        charts: { areas: 'none' },
      }),
    );
    await runPipeline({ configFile: file, outDir: dir, dataDir: DATA_DIR }, captureIO());
    lastDir = dir;
    return readCsv(join(dir, 'clusters.csv'));
  }

  it('Pathways to Prosperity: the three clusters with the most middle-skill openings', async () => {
    const clusters = await approved('pathways-to-prosperity');
    const byOpenings = [...clusters].sort(
      (a, b) => Number(b.middle_skill_openings) - Number(a.middle_skill_openings),
    );
    expect(clusters.filter((c) => c.approved === 'true').map((c) => c.cluster)).toEqual(
      byOpenings.slice(0, 3).map((c) => c.cluster),
    );
    expect(byOpenings.slice(0, 3).map((c) => c.cluster)).toEqual([
      'Health Science',
      'Transportation, Distribution & Logistics',
      'Human Services',
    ]);
  }, 60_000);

  it("SREB's Advanced Career: one cluster, by high-skill, high-wage, in-demand share and openings", async () => {
    const clusters = await approved('sreb-advanced-career');
    expect(clusters.filter((c) => c.approved === 'true').map((c) => c.cluster)).toEqual([
      'Business Management & Administration',
    ]);
    // The recommendation's Method names the preset with its source, and the test's thresholds.
    const method = readFileSync(join(lastDir, 'recommendation.md'), 'utf8');
    expect(method).toContain(
      "- Preset `sreb-advanced-career` (SREB's Advanced Career pathways): Southern Regional Education Board",
    );
    expect(method).toContain('a median wage at least 1 × the area median wage');
  }, 60_000);
});
