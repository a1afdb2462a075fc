/**
 * `clusterfit validate` through the CLI entry (in process, quietly): trusted real files, the
 * JSON form, a reader error as an error finding, and the usage errors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, DATA_DIR, dataFile, describeWithData, tempDir } from '../helpers.ts';

async function validate(args: string[]) {
  const io = captureIO();
  const code = await main(['validate', ...args, '--data-dir', DATA_DIR], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const BLS_2024 = 'projections_national/bls_ep_2024_2034_occupations.csv';

describeWithData('clusterfit validate on the real files', () => {
  it('trusts the BLS 2024-34 file and prints file, layout, areas, rows and vintage', async () => {
    const r = await validate([dataFile(BLS_2024)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(dataFile(BLS_2024));
    expect(r.stdout).toContain('layout:  bls-ep-2024-occupations (detected)');
    expect(r.stdout).toContain('United States (US)');
    expect(r.stdout).toContain('rows:    832');
    expect(r.stdout).toContain('vintage: 2024-2034');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('trusted');
  });

  it('names the area whose detailed rows fall short of its published total (NY regions)', async () => {
    const r = await validate([
      dataFile(
        'projections_state/ny_dol_2014_2024/ny_dol_longterm_occproj_statewide2014_2024_regions2012_2022.csv',
      ),
    ]);
    expect(r.code).toBe(0);
    // Region 5's 531 detailed rows sum to 1,315,170; its 00-0000 row (file row 2484) says 1,348,130.
    expect(r.stdout).toContain(
      'New York region 5: detailed occupations add up to 1,315,170 jobs, 97.6% of the published total 1,348,130 (the publisher suppresses small occupations).',
    );
    expect(r.stdout).toContain(
      'New York State: detailed occupations add up to 9,829,130 jobs, 99.1% of the published total 9,914,750;',
    );
  });

  it('gives the findings array and a summary as JSON', async () => {
    const r = await validate([
      dataFile('projections_national/bls_ep_2016_2026_table1_7.csv'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.layout).toBe('bls-ep-2016-table1-7');
    expect(report.summary).toMatchObject({ errors: 0, trusted: true });
    // 45-3000 is a minor group BLS publishes as a line item: a warning, not an error.
    expect(report.findings).toContainEqual(
      expect.objectContaining({ severity: 'warning', check: 'unknown_code', value: '45-3000' }),
    );
  });

  it('reports a reader error as an error finding with its place, and exits 3', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bls.csv');
    writeFileSync(
      bad,
      'Occupation Title,Occupation Code,Employment 2024,Employment 2034,"Employment Change, 2024-2034","Employment Percent Change, 2024-2034","Occupational Openings, 2024-2034 Annual Average",Median Annual Wage 2024,Typical Entry-Level Education\n' +
        'Registered nurses,29-1141,"3,391.00",12O,166.1,4.9,189.1,"93,600",Bachelor\'s degree\n',
    );
    const r = await validate([bad, '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ errors: 1, trusted: false });
    expect(report.findings[0]).toMatchObject({
      check: 'read',
      file: bad,
      row: 2,
      column: 'Employment 2034',
      value: '12O',
    });
    const text = await validate([bad]);
    expect(text.stdout).toContain(
      'row 2, column "Employment 2034", value "12O": expected a number',
    );
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('not trusted: 1 error');
  });

  it('exits 2 on an unknown layout, a missing file, a bad format and an unrecognized file', async () => {
    const unknown = await validate([dataFile(BLS_2024), '--layout', 'bls-ep-2099']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown layout "bls-ep-2099"');
    expect(unknown.stderr).toContain('bls-ep-2024-occupations');
    const missing = await validate([join(tempDir(), 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.csv');
    const format = await validate([dataFile(BLS_2024), '--format', 'xml']);
    expect(format.code).toBe(2);
    const soc = await validate([dataFile('soc/bls_soc_structure_2018.csv')]);
    expect(soc.code).toBe(2);
    expect(soc.stderr).toContain('match none of the layouts tried');
  });
});
