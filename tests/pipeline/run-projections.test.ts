/**
 * `clusterfit run --projections FILE` and `clusterfit validate` on a user's own file: a
 * Projections Central bulk file of three states run alone (no config), its figures in
 * clusters.csv and its columns and units in the manifest; validate's account of how it read
 * files; and the whole-period openings headed "annual" stopped before anything is published.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import {
  captureIO,
  cli,
  DATA_DIR,
  dataFile,
  describeWithData,
  FIXTURES,
  tempDir,
} from '../helpers.ts';

const BULK = join(FIXTURES, 'projections-central', 'ltprojections.csv');
const PC_RN = 'projections_state/pc_longterm_2024_2034_29-1141_all_states.csv';
const NY =
  'projections_state/ny_dol_2014_2024/ny_dol_longterm_occproj_statewide2014_2024_regions2012_2022.csv';

async function validate(args: string[]) {
  const io = captureIO();
  const code = await main(['validate', ...args, '--data-dir', DATA_DIR], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describeWithData('run --projections on a user file', () => {
  it('reads a file saved as Windows-1252 only when the config says so, and says it did', () => {
    const work = tempDir();
    // The bulk fixture as Excel on Windows saves it: an en dash is the single byte 0x96.
    const file = join(work, 'ltprojections-1252.csv');
    const text = readFileSync(BULK, 'utf8').replaceAll(
      '"Registered Nurses"',
      '"Registered Nurses \u2013 RN"',
    );
    writeFileSync(file, Buffer.from(text.replaceAll('\u2013', '\u0096'), 'latin1'));
    const refused = cli(['run', '--projections', file, '--out', join(work, 'a'), '--draws', '0']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('byte 0x96 is not UTF-8');
    expect(refused.stderr).toContain('"encoding": "windows-1252"');
    const config = join(work, 'config.json');
    writeFileSync(config, JSON.stringify({ projections: { file, encoding: 'windows-1252' } }));
    const out = join(work, 'b');
    const r = cli(['run', '--config', config, '--out', out, '--draws', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const occupations = readFileSync(join(out, 'occupations.csv'), 'utf8');
    expect(occupations).toContain('Registered Nurses \u2013 RN');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const input = manifest.inputs.find((i: { source: string }) => i.source === 'user-projections');
    expect(input.notes).toContain(
      'Read as Windows-1252, as the config\'s "projections.encoding" says (the file is not UTF-8).',
    );
  });

  it('runs every state of a multi-state file as an area, with national wages filled and recorded', () => {
    const out = tempDir();
    const r = cli(['run', '--projections', BULK, '--out', out, '--draws', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('oews-may2025-national (national) fills the values');
    const rows = Papa.parse<Record<string, string>>(
      readFileSync(join(out, 'clusters.csv'), 'utf8'),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data;
    expect([...new Set(rows.map((x) => x.area))].sort()).toEqual(['CO', 'CT', 'KS']);
    // Each state is read against the list most states share: here all three share both lists.
    const differences = Papa.parse<Record<string, string>>(
      readFileSync(join(out, 'area_differences.csv'), 'utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    expect(
      differences.map((d) => [d.area, d.compared_with, d.sharing, d.states, d.differs]),
    ).toEqual(
      ['CO', 'CO', 'CT', 'CT', 'KS', 'KS'].map((a) => [a, 'most states', '3', '3', 'false']),
    );
    expect(readFileSync(join(out, 'recommendation.md'), 'utf8')).toContain(
      '0 of 6 state × framework lists differ from the list most states share',
    );
    // Connecticut's Health Science: RN 36,140 + NP 4,880 in 2024; 38,380 + 6,880 in 2034 (file rows 18-19).
    const health = rows.find(
      (x) => x.area === 'CT' && x.framework === 'legacy16' && x.cluster === 'Health Science',
    );
    expect(health).toMatchObject({ base_employment: '41020', projected_employment: '45260' });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const input = manifest.inputs.find((i: { source: string }) => i.source === 'user-projections');
    expect(input).toMatchObject({ layout: 'projections-central-bulk-csv', rows: 21 });
    expect(input.columns).toContainEqual({ field: 'annual_openings', header: 'avgannualopenings' });
    expect(input.units).toContainEqual({
      unit: 'rounding',
      value: '10',
      how: 'layout projections-central-bulk-csv',
    });
    expect(input.notes).toContain(
      '7 United States rows (STFIPS 0 / "United States") dropped: the nation is never taken for a state.',
    );
  });

  it('stops whole-period openings headed annual by their identity, publishing nothing (exit 3)', () => {
    const out = tempDir();
    const file = join(FIXTURES, 'generic', 'total-openings-headed-annual.csv');
    const r = cli(['run', '--projections', file, '--out', out, '--draws', '0']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('fails the identity "openings rate');
    expect(r.stderr).toContain('Nothing was published');
  });
});

describeWithData('validate on user files', () => {
  it('shows each column read as its field, the units and the identities of the real PC RN table', async () => {
    const r = await validate([dataFile(PC_RN)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('layout:  projections-central-bulk-csv (detected)');
    expect(r.stdout).toContain('    base                   ← "Base"');
    expect(r.stdout).toContain('    annual_openings        ← "AvgAnnualOpenings"');
    expect(r.stdout).toContain('United States rows dropped 1');
    expect(r.stdout).toContain(
      'holds         projected − base = change: 54 of 54 rows (tolerance ±15 (3 terms rounded to 10))',
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('trusted');
  });

  it('trusts a Projections Central REST page whose rounded figures miss change by 10', async () => {
    const r = await validate([join(FIXTURES, 'projections-central', 'longterm-ct-rounded.json')]);
    expect(r.stdout).toContain('layout:  projections-central-rest-json (detected)');
    expect(r.stdout).toContain('Unused columns: "StateURL"');
    expect(r.code).toBe(0);
  });

  it('counts suppressed ALMIS cells as warnings and still trusts the file', async () => {
    const r = await validate([join(FIXTURES, 'almis', 'iioccprj-kansas.csv'), '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.understood.levels).toEqual({
      total: 2,
      major: 2,
      minor: 2,
      broad: 2,
      detailed: 10,
    });
    expect(report.findings.filter((f: { check: string }) => f.check === 'suppressed')).toHaveLength(
      4,
    );
  });

  it('reads columns and units from --config, and refuses openings declared annual that are totals', async () => {
    const dir = tempDir();
    const config = join(dir, 'ny.json');
    writeFileSync(
      config,
      JSON.stringify({
        projections: {
          file: dataFile(NY),
          layout: 'generic',
          columns: { base: 'Base Year', projected: 'Projected Year' },
        },
      }),
    );
    const ny = await validate([dataFile(NY), '--config', config]);
    expect(ny.stdout).toContain('    base                   ← "Base Year"');
    expect(ny.code).toBe(0);
    const bad = await validate([join(FIXTURES, 'generic', 'total-openings-headed-annual.csv')]);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain('fails the identity "openings rate');
    expect(bad.stdout.trimEnd().split('\n').at(-1)).toBe('not trusted: 1 error');
  });
});
