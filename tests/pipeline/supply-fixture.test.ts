/**
 * Supply on a bare clone: the mini California fixture with hand-written IPEDS files in NCES's
 * layout (tests/fixtures/ipeds) and the NCES CIP–SOC fixture, given by path in the config.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { main } from '../../pipeline/cli.ts';
import { parseConfig } from '../../pipeline/config.ts';
import { captureIO, FIXTURES, readCsv, tempDir } from '../helpers.ts';

function config(dir: string, extra: Record<string, unknown>): string {
  const file = join(dir, 'supply.json');
  writeFileSync(
    file,
    JSON.stringify({
      inputs: {
        'ca-edd-longterm-2023-2033':
          'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
        'nces-cip2020-soc2018': join(FIXTURES, 'nces', 'cip2020_soc2018.csv'),
      },
      selection: { method: 'top_n', top_n: 3 },
      ...extra,
    }),
  );
  return file;
}

async function run(configFile: string, out: string): Promise<{ code: number; stderr: string }> {
  const io = captureIO();
  const code = await main(
    [
      'run',
      '--config',
      configFile,
      '--data-dir',
      join(FIXTURES, 'mini-data'),
      '--out',
      out,
      '--draws',
      '0',
    ],
    io,
  );
  return { code, stderr: io.stderr };
}

const SUPPLY = {
  completions: join(FIXTURES, 'ipeds', 'c2023_a.csv'),
  institutions: join(FIXTURES, 'ipeds', 'hd2023.csv'),
};

describe('supply on the mini fixture with NCES-layout IPEDS files', () => {
  let out: string;
  beforeAll(async () => {
    const dir = tempDir('supply-mini-');
    out = join(dir, 'out');
    const result = await run(
      config(dir, { supply: SUPPLY, weights: { annual_openings: 1, supply_gap_share: 1 } }),
      out,
    );
    if (result.code !== 0) throw new Error(result.stderr);
  }, 60_000);

  it("places only California's institution, and its 600 mapped awards add up in each framework", () => {
    const supply = readCsv(join(out, 'supply.csv'));
    for (const framework of ['legacy16', 'acte2024']) {
      const total = supply
        .filter((r) => r.framework === framework)
        .reduce((t, r) => t + Number(r.completions), 0);
      // RN 300 + 100 (29-1141 alone) and computer science 200 (15-1252, the only one in the run).
      expect(total).toBeCloseTo(600, 6);
    }
    const health = supply.filter(
      (r) => r.framework === 'legacy16' && r.cluster === 'Health Science',
    );
    expect(
      health.filter((r) => Number(r.completions) > 0).map((r) => [r.award_level, r.completions]),
    ).toEqual([
      ['associate', '100'],
      ['bachelor', '300'],
    ]);
    // 24.0101 has no CIP–SOC row: reported, not dropped.
    expect(
      readCsv(join(out, 'supply_unmapped.csv')).map((u) => [u.cip_code, u.completions]),
    ).toEqual([['24.0101', '50']]);
  });

  it('gives each sub-level its supply gap, which the score weighs (mart_sublevels keeps it)', async () => {
    const db = await Database.open(join(out, 'clusterfit.duckdb'));
    try {
      expect(
        await db.all(
          `select sublevel, supply_gap_share from mart_sublevels
           where framework = 'legacy16' order by rank limit 4`,
        ),
      ).toEqual([
        // Cooks need no postsecondary award: no gap to speak of.
        { sublevel: 'Restaurants & Food/Beverage Services', supply_gap_share: null },
        { sublevel: 'Personal Care Services', supply_gap_share: null },
        // 400 nursing awards against 90 openings a year: none unmet, so the most openings
        // (240) rank third.
        { sublevel: 'Therapeutic Services', supply_gap_share: 0 },
        // No electrician awards against 29.5 openings: all unmet.
        { sublevel: 'Construction', supply_gap_share: 1 },
      ]);
    } finally {
      db.close();
    }
    const ranks = readCsv(join(out, 'sublevels.csv'))
      .filter((r) => r.framework === 'legacy16')
      .map((r) => [r.name, r.rank]);
    expect(ranks.slice(0, 4)).toEqual([
      ['Restaurants & Food/Beverage Services', '1'],
      ['Personal Care Services', '2'],
      ['Therapeutic Services', '3'],
      ['Construction', '4'],
    ]);
  });

  it("lists the frameworks in the config's order in every supply table", async () => {
    // Each framework's rows together, in the order the config names them (run_frameworks).
    const order = (dir: string, file: string) => [
      ...new Set(readCsv(join(dir, file)).map((r) => r.framework)),
    ];
    for (const file of ['supply.csv', 'supply_programs.csv', 'supply_sublevels.csv']) {
      expect(order(out, file)).toEqual(['legacy16', 'acte2024']);
    }
    const dir = tempDir('supply-mini-order-');
    const result = await run(
      config(dir, { supply: SUPPLY, frameworks: ['acte2024', 'legacy16'] }),
      join(dir, 'out'),
    );
    expect(result.code, result.stderr).toBe(0);
    for (const file of ['supply.csv', 'supply_programs.csv', 'supply_sublevels.csv']) {
      expect(order(join(dir, 'out'), file)).toEqual(['acte2024', 'legacy16']);
    }
  });

  it('refuses a weight on supply_gap_share without a supply key, naming the key', async () => {
    const dir = tempDir('supply-mini-bad-');
    const result = await run(config(dir, { weights: { supply_gap_share: 1 } }), join(dir, 'out'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/weights\.supply_gap_share/);
  });

  it('stops with exit 3 on a completions file whose 99 total does not add up, publishing nothing', async () => {
    const dir = tempDir('supply-mini-sum-');
    const bad = join(dir, 'c2023_a.csv');
    writeFileSync(
      bad,
      'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT\n900004,51.3801,1,5,300\n900004,99,1,5,301\n',
    );
    const result = await run(
      config(dir, { supply: { ...SUPPLY, completions: bad } }),
      join(dir, 'out'),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/c2023_a\.csv, row 3.*CTOTALT.*301.*add up to 300/);
    expect(existsSync(join(dir, 'out', 'clusters.csv'))).toBe(false);
  });

  it('validates the supply key like the others: unknown keys named, allocation checked', () => {
    expect(() =>
      parseConfig(
        { supply: { complections: 'ipeds-c2023-a', institutions: 'ipeds-hd2023' } },
        'c.json',
      ),
    ).toThrowError(/supply\.complections.*supply\.completions/);
    expect(() =>
      parseConfig(
        { supply: { completions: 'a', institutions: 'b', allocation: 'primary' } },
        'c.json',
      ),
    ).toThrowError(/supply\.allocation/);
    expect(
      parseConfig(
        { supply: { completions: 'ipeds-c2024-a', institutions: 'ipeds-hd2024' } },
        'c.json',
      ).supply,
    ).toEqual({ completions: 'ipeds-c2024-a', institutions: 'ipeds-hd2024', allocation: 'split' });
    // Without the key, the config holds no supply at all (a run's config JSON is unchanged).
    expect('supply' in parseConfig({}, 'c.json')).toBe(false);
  });
});
