/**
 * Each preset rule on the hand-written mini fixture, whose occupations were checked by hand
 * against the published definitions (thresholds as documented in transforms/rules.ts):
 *   area median wage 52,000 (the fixture's published all-occupations median);
 *   all-occupation growth 10% (10,000 → 11,000 jobs in the total row);
 *   openings per occupation: mean 123.83, median 74.5; median growth 17.5%;
 *   median of the occupations' median wages 83,200.
 * Occupations: RN 29-1141 (wage 124,800; +20%; 90 openings/yr), home health and personal care
 * aides 31-1120 (37,440; +20%; 300), software developers 15-1252 (166,400; +20%; 56),
 * restaurant cooks 35-2014 (41,600; +5%; 210), buyers 13-1020 (83,200; −5%; 28),
 * electricians 47-2111 (no wage estimate; +15%; 59).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../kernel/cli-error.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, FIXTURES, tempDir } from '../helpers.ts';

const DATA = join(FIXTURES, 'mini-data');
const INPUTS = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8')).inputs;

type Rec = Record<string, string>;

async function runWith(config: object): Promise<{ occupations: Rec[]; clusters: Rec[] }> {
  const dir = tempDir();
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ inputs: INPUTS, frameworks: ['legacy16'], ...config }));
  await runPipeline({ configFile: file, outDir: dir, dataDir: DATA }, captureIO());
  const read = (name: string) =>
    Papa.parse<Rec>(readFileSync(join(dir, name), 'utf8'), { header: true, skipEmptyLines: true })
      .data;
  return { occupations: read('occupations.csv'), clusters: read('clusters.csv') };
}

describe('rule presets on hand-checked occupations', () => {
  let occupations: Rec[];
  let clusters: Rec[];
  const flagged = (rule: string) =>
    [...new Set(occupations.filter((o) => o[rule] === 'true').map((o) => o.soc_code))].sort();

  beforeAll(async () => {
    ({ occupations, clusters } = await runWith({
      rules: [
        { id: 'ohio', preset: 'ohio-in-demand' },
        { id: 'colorado', preset: 'colorado-top-jobs' },
        { id: 'tennessee', preset: 'tennessee-majority' },
        { id: 'washington', preset: 'washington-demand' },
        { id: 'bright', preset: 'onet-bright-outlook' },
        { id: 'mine', expression: 'annual_openings >= 200 or postsecondary' },
      ],
    }));
  });

  it("Ohio: wage ≥ 80% of the area median and (growth above the area's or openings above the average)", () => {
    // Cooks: 41,600 = 0.8 × 52,000 exactly, growth 5% < 10% but 210 openings > 123.83.
    expect(flagged('ohio')).toEqual(['15-1252', '29-1141', '35-2014']);
  });

  it('Colorado: more than 40 openings, more than 10% growth, wage at or above the tier', () => {
    expect(flagged('colorado')).toEqual(['15-1252', '29-1141']);
  });

  it("Tennessee: above the area's median occupation on 2 of wage, growth, openings", () => {
    // Aides: growth 20% > 17.5% and 300 openings > 74.5, though the wage is below 83,200.
    expect(flagged('tennessee')).toEqual(['15-1252', '29-1141', '31-1120']);
  });

  it('Washington: in demand above the 50-job floor; declining occupations not in demand', () => {
    expect(flagged('washington')).toEqual(['29-1141', '31-1120']);
    const cls = (code: string) => occupations.find((o) => o.soc_code === code)?.washington_class;
    expect(cls('13-1020')).toBe('not in demand');
    expect(cls('35-2014')).toBe('balanced');
    expect(cls('15-1252')).toBe('balanced');
  });

  it('O*NET Bright Outlook: growth of at least 10% or at least 100,000 openings', () => {
    expect(flagged('bright')).toEqual(['15-1252', '29-1141', '31-1120', '47-2111']);
  });

  it('a user expression over the occupation columns', () => {
    expect(flagged('mine')).toEqual([
      '13-1020',
      '15-1252',
      '29-1141',
      '31-1120',
      '35-2014',
      '47-2111',
    ]);
  });

  it('gives each cluster the share of its openings in flagged occupations', () => {
    // Health Science: RN 90 (flagged by Ohio) and half the aides' 300 (not): 90 / 240.
    const hs = clusters.find((c) => c.cluster === 'Health Science');
    expect(hs?.ohio_share).toBe('0.375');
    expect(hs?.tennessee_share).toBe('1');
  });
});

describe('rules in the score', () => {
  it('lets a rule share carry weight', async () => {
    const { clusters } = await runWith({
      rules: [{ id: 'bright', preset: 'onet-bright-outlook' }],
      weights: { bright_share: 1 },
      selection: { method: 'top_n', top_n: 1 },
    });
    const top = clusters.find((c) => c.rank === '1');
    expect(Number(top?.bright_share)).toBe(1);
  });

  it('names the rule when its expression does not run', async () => {
    const error = await runWith({
      rules: [{ id: 'typo', expression: 'annual_opening > 10' }],
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(
      /^Config file .*config\.json, key "rules\[0\]": rule "typo" cannot be evaluated: .*annual_opening/,
    );
  });

  it('rejects an unknown preset and a misspelled parameter, naming the key', async () => {
    const bad = async (rules: object[]) =>
      runWith({ rules }).then(
        () => '',
        (e: unknown) => (e as Error).message,
      );
    expect(await bad([{ id: 'x', preset: 'ohio' }])).toContain(
      'key "rules[0].preset" must be one of',
    );
    expect(await bad([{ id: 'x', preset: 'ohio-in-demand', params: { wage_shar: 1 } }])).toContain(
      'unknown key "rules[0].params.wage_shar"',
    );
  });
});
