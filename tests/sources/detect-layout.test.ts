/**
 * Layout detection on every real projections file in the catalog, and the refusals: an HTML
 * page saved as .xlsx, an empty file, and a CSV that is no projections layout.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CliError } from '../../kernel/cli-error.ts';
import {
  DETECTABLE_LAYOUTS,
  detectLayout,
  LAYOUT_SIGNATURES,
} from '../../sources/detect-layout.ts';
import { PROJECTION_READERS } from '../../sources/readers.ts';
import { dataFile, describeWithData, tempDir } from '../helpers.ts';

const REAL_FILES: [string, string][] = [
  [
    'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx',
    'ca-edd-longterm-statewide',
  ],
  [
    'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
    'ca-edd-longterm-statewide',
  ],
  [
    'projections_state/ca_edd_2020_2030/ca_edd_longterm_occproj_2020_2030_all_areas.csv',
    'ca-edd-longterm-all-areas',
  ],
  [
    'projections_state/ny_dol_2014_2024/ny_dol_longterm_occproj_statewide2014_2024_regions2012_2022.csv',
    'ny-dol-longterm',
  ],
  ['projections_national/bls_ep_2016_2026_table1_7.csv', 'bls-ep-2016-table1-7'],
  ['projections_national/bls_ep_2024_2034_occupations.csv', 'bls-ep-2024-occupations'],
  [
    'projections_national/bls_ep_2019_2029/bls_ep_2019_2029_occupation.xlsx',
    'bls-ep-2019-occupation-workbook',
  ],
  ['projections_national/bls_ep_2019_2029', 'bls-ep-2019-occupation-workbook'],
];

/** The CliError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<CliError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

it('has a signature for every projections reader', () => {
  expect(DETECTABLE_LAYOUTS.map((s) => s.layout).sort()).toEqual(
    Object.keys(PROJECTION_READERS).sort(),
  );
});

describeWithData('detectLayout on the real files', () => {
  for (const [file, layout] of REAL_FILES) {
    it(`recognizes ${file} as ${layout}`, async () => {
      expect(await detectLayout(dataFile(file), file)).toBe(layout);
    });
  }

  it('names every layout tried when nothing matches (the SOC structure is not projections)', async () => {
    const e = await failure(
      detectLayout(dataFile('soc/bls_soc_structure_2018.csv'), 'bls_soc_structure_2018.csv'),
    );
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('bls_soc_structure_2018.csv');
    for (const s of LAYOUT_SIGNATURES) expect(e.message).toContain(s.layout);
  });
});

it('refuses an HTML page saved as .xlsx and an empty file as untrustworthy input (exit 3)', async () => {
  const dir = tempDir();
  const html = join(dir, 'download.xlsx');
  writeFileSync(html, '<!DOCTYPE html><html><body>Access denied</body></html>');
  const e1 = await failure(detectLayout(html, 'download.xlsx'));
  expect(e1.exitCode).toBe(3);
  expect(e1.message).toContain('download.xlsx');
  expect(e1.message).toContain('<!DO');
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const e2 = await failure(detectLayout(empty, 'empty.csv'));
  expect(e2.exitCode).toBe(3);
  expect(e2.message).toBe('empty.csv: the file is empty.');
});
