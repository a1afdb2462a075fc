/** The config key "projections" as a user's own file: every key checked, named in its error. */
import { expect, it } from 'vitest';
import { USER_PROJECTIONS_ID } from '../../kernel/config-types.ts';
import { parseConfig } from '../../pipeline/config.ts';

const parse = (projections: unknown) => parseConfig({ projections }, 'my.json');

it('keeps a catalog id as it was, with no user file', () => {
  const config = parse('ny-dol-longterm-2014-2024');
  expect(config.projections).toBe('ny-dol-longterm-2014-2024');
  expect('projections_file' in config).toBe(false);
});

it('reads {"file", "layout", "columns", "units"} as the user file', () => {
  const config = parse({
    file: 'ks.csv',
    layout: 'generic',
    columns: { soc_code: 'SOC Code (2018)' },
    units: { openings: 'total', employment: 'jobs', pct_change: 'fraction', rounding: 10 },
  });
  expect(config.projections).toBe(USER_PROJECTIONS_ID);
  expect(config.projections_file).toEqual({
    file: 'ks.csv',
    layout: 'generic',
    columns: { soc_code: 'SOC Code (2018)' },
    units: { openings: 'total', employment: 'jobs', pct_change: 'fraction', rounding: 10 },
  });
});

it('names the key of every mistake', () => {
  expect(() => parse({ file: 'ks.csv', colums: {} })).toThrow('"projections.colums"');
  expect(() => parse({ file: 'ks.csv', colums: {} })).toThrow('"projections.columns"');
  expect(() => parse({ file: 'ks.csv', columns: { base_emp: 'Base' } })).toThrow(
    'projections.columns.base_emp',
  );
  expect(() => parse({ file: 'ks.csv', units: { openings: 'weekly' } })).toThrow(
    'projections.units.openings',
  );
  expect(() => parse({ file: 'ks.csv', units: { rounding: 0 } })).toThrow(
    'projections.units.rounding',
  );
  expect(() => parse({ layout: 'generic' })).toThrow('projections.file');
});
