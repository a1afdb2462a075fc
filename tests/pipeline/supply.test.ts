/**
 * Supply beside demand (issue 25) on the real files: the derived Connecticut config with IPEDS
 * 2022–23 (configs/ct-2016-2026-derived-supply.json, which also weights the supply gap).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, DATA_DIR, describeWithData, REPO_ROOT, readCsv, tempDir } from '../helpers.ts';

const sum = (rows: Record<string, string>[], column: string): number =>
  rows.reduce((t, r) => t + Number(r[column]), 0);

describeWithData('supply on the derived Connecticut 2016–26 run with IPEDS 2023', () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir('supply-ct-');
    const io = captureIO();
    const code = await main(
      [
        'run',
        '--config',
        join(REPO_ROOT, 'configs', 'ct-2016-2026-derived-supply.json'),
        '--data-dir',
        DATA_DIR,
        '--out',
        out,
        '--draws',
        '0',
      ],
      io,
    );
    if (code !== 0) throw new Error(`clusterfit exited ${code}: ${io.stderr}`);
  }, 120_000);

  it("adds up, in each framework, to Connecticut's 52,923 awards less those that reach no occupation", () => {
    const supply = readCsv(join(out, 'supply.csv'));
    expect(Object.keys(supply[0] ?? {}).slice(0, 7)).toEqual([
      'area',
      'framework',
      'cluster',
      'award_level',
      'completions',
      'annual_openings',
      'completions_per_opening',
    ]);
    const unmapped = readCsv(join(out, 'supply_unmapped.csv'));
    // Counted from the file in tests/sources/ipeds: 52,923 first-major 6-digit awards in CT.
    // 1,464 awards of 31 programs reach no occupation of the run (no CIP–SOC row to one).
    expect(sum(unmapped, 'completions')).toBe(1464);
    expect(new Set(unmapped.map((u) => u.cip_code)).size).toBe(31);
    for (const framework of ['legacy16', 'acte2024']) {
      const rows = supply.filter((r) => r.framework === framework);
      expect(sum(rows, 'completions') + 1464).toBeCloseTo(52923, 0);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.notes).toContain(
      'Supply: 52,923 first-major awards of 6-digit programs in supply/ipeds_c2023_a_majornum1.csv were placed in 1 area of this run; 51,459 of them reach an occupation through the CIP–SOC crosswalk (see supply.csv and supply_unmapped.csv).',
    );
  });

  it("traces registered nursing's 1,678 bachelor's and 737 associate's awards to Health Science", () => {
    const programs = readCsv(join(out, 'supply_programs.csv')).filter(
      (p) => p.cip_code === '51.3801' && p.framework === 'legacy16',
    );
    const at = (level: string) => programs.filter((p) => p.award_level === level);
    for (const [level, awards] of [
      ['bachelor', 1678],
      ['associate', 737],
    ] as const) {
      const rows = at(level);
      expect(rows.every((p) => Number(p.program_completions) === awards)).toBe(true);
      // Split by openings between Registered Nurses (Health Science) and nursing instructors.
      expect(sum(rows, 'completions')).toBeCloseTo(awards, 1);
      const health = rows.find((p) => p.cluster === 'Health Science');
      expect(health?.soc_codes).toBe('29-1141');
      expect(Number(health?.completions)).toBeGreaterThan(awards * 0.9);
    }
    expect(Number(at('bachelor').find((p) => p.cluster === 'Health Science')?.completions)).toBe(
      1602.49,
    );
  });

  it('sets awards beside the openings that need their level, per cluster and per sub-level', () => {
    const supply = readCsv(join(out, 'supply.csv'));
    const health = supply.filter(
      (r) => r.framework === 'legacy16' && r.cluster === 'Health Science',
    );
    expect(health.map((r) => r.award_level)).toEqual([
      'short_certificate',
      'certificate',
      'associate',
      'bachelor',
      'graduate',
    ]);
    for (const r of health) {
      expect(Number(r.gap)).toBeCloseTo(Number(r.annual_openings) - Number(r.completions), 1);
    }
    // Registered Nurses (2,236 openings a year, bachelor's entry) are among the bachelor's openings.
    expect(
      Number(health.find((r) => r.award_level === 'bachelor')?.annual_openings),
    ).toBeGreaterThan(2236);
    const sublevels = readCsv(join(out, 'supply_sublevels.csv')).filter(
      (r) => r.framework === 'legacy16' && r.cluster === 'Health Science',
    );
    expect(sum(sublevels, 'completions')).toBeCloseTo(sum(health, 'completions'), 0);
  });

  it('weights the supply gap and explains it in the recommendation and the brief', () => {
    const recommendation = readFileSync(join(out, 'recommendation.md'), 'utf8');
    expect(recommendation).toContain('## Supply beside demand');
    expect(recommendation).toContain('Awards are not people');
    expect(recommendation).toMatch(
      /\*\*Health Science: approved\*\*.*Supply: 7,602 awards a year lead to this cluster's occupations, against 12,241 annual openings that need a postsecondary award; 42\.3% of those openings are not met by in-area completions at their level \(supply gap share\)\. Largest program: 51\.3801 Registered Nursing\/Registered Nurse, 2,593 awards a year against 2,236 annual openings/,
    );
    expect(recommendation).toContain(
      'share of award-level openings not met by in-area completions 0.15',
    );
    const brief = readFileSync(join(out, 'brief.md'), 'utf8');
    expect(brief).toContain('## Supply beside demand');
    expect(brief).toContain('(charts/supply-CT-2016-2026-legacy16.png)');
    expect(readFileSync(join(out, 'brief.html'), 'utf8')).toContain(
      'alt="Openings against awards, by Career Cluster and award level"',
    );
    expect(existsSync(join(out, 'supply.parquet'))).toBe(true);
  });

  it('adds the supply tables to results.xlsx, with the same figures as supply.csv', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(out, 'results.xlsx'));
    const sheet = workbook.getWorksheet('supply');
    if (!sheet) throw new Error('results.xlsx has no supply sheet');
    expect(workbook.getWorksheet('supply sublevels')).toBeDefined();
    const rows = readCsv(join(out, 'supply.csv'));
    expect(sheet.rowCount).toBe(rows.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const second = (sheet.getRow(2).values as unknown[]).slice(1);
    const first = rows[0] as Record<string, string>;
    expect(second[header.indexOf('completions')]).toBe(Number(first.completions));
  });

  it("shows each program's awards beside its openings in clusterfit programs", async () => {
    const programsOut = join(tempDir('supply-programs-'), 'programs');
    const io = captureIO();
    expect(await main(['programs', out, '--out', programsOut, '--data-dir', DATA_DIR], io)).toBe(0);
    expect(io.stdout).toContain('| Awards a year | Awards to this cluster |');
    const rn = readCsv(join(programsOut, 'programs.csv')).find(
      (p) =>
        p.framework === 'legacy16' && p.cluster === 'Health Science' && p.cip_code === '51.3801',
    );
    // 1,678 bachelor's + 737 associate's + 295 graduate + 5 certificates; 2,236 RN openings.
    expect([rn?.awards, rn?.awards_to_cluster, rn?.annual_openings]).toEqual([
      '2715',
      '2592.83',
      '2236.07',
    ]);
  });
});

describeWithData('supply with allocation "full" on the derived Connecticut run', () => {
  it("counts each program's awards whole for every occupation it leads to", async () => {
    const dir = tempDir('supply-ct-full-');
    const config = JSON.parse(
      readFileSync(join(REPO_ROOT, 'configs', 'ct-2016-2026-derived-supply.json'), 'utf8'),
    );
    config.supply.allocation = 'full';
    writeFileSync(join(dir, 'full.json'), JSON.stringify(config));
    const io = captureIO();
    const args = ['run', '--config', join(dir, 'full.json'), '--data-dir', DATA_DIR];
    expect(await main([...args, '--out', join(dir, 'out'), '--draws', '0'], io), io.stderr).toBe(0);
    const rn = readCsv(join(dir, 'out', 'supply_programs.csv')).filter(
      (p) => p.framework === 'legacy16' && p.cip_code === '51.3801' && p.award_level === 'bachelor',
    );
    // Registered Nurses and nursing instructors each count all 1,678 bachelor's awards.
    expect(rn.map((p) => [p.cluster, p.completions])).toEqual([
      ['Education & Training', '1678'],
      ['Health Science', '1678'],
    ]);
  }, 120_000);
});
