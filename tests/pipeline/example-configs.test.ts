/**
 * Every reference config in configs/ parses (a new built-in metric once made the in-demand
 * config's rule id clash with it, unnoticed), and every example in configs/examples/ (one per
 * layout family of a user's own projections file) parses, and validate reads its file in the
 * layout it names, trusting it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../pipeline/config.ts';
import { validateFile } from '../../pipeline/validate.ts';
import { DATA_DIR, REPO_ROOT } from '../helpers.ts';

const EXAMPLES = join(REPO_ROOT, 'configs', 'examples');
const REFERENCE = readdirSync(join(REPO_ROOT, 'configs')).filter((f) => f.endsWith('.json'));

it('finds the reference configs', () => {
  expect(REFERENCE).toContain('ca-2023-2033-in-demand.json');
  expect(REFERENCE.length).toBeGreaterThanOrEqual(11);
});

it.each(REFERENCE)('configs/%s parses', (name) => {
  const config = loadConfig(join(REPO_ROOT, 'configs', name));
  expect(config.frameworks.length).toBeGreaterThan(0);
});

it('has one example per layout family', () => {
  expect(readdirSync(EXAMPLES).sort()).toEqual([
    'almis.json',
    'generic-columns-units.json',
    'pc-bulk-csv.json',
    'pc-rest-json.json',
    'pc-web-export.json',
  ]);
});

for (const name of readdirSync(EXAMPLES)) {
  it(`${name}: validate trusts its file in its layout`, async () => {
    const spec = loadConfig(join(EXAMPLES, name)).projections_file;
    if (!spec) throw new Error(`${name} has no projections file`);
    const report = await validateFile({
      file: join(REPO_ROOT, spec.file),
      ...(spec.layout === undefined ? {} : { layout: spec.layout }),
      columns: spec.columns,
      units: spec.units,
      dataDir: DATA_DIR,
    });
    expect(report.summary.trusted).toBe(true);
    expect(report.layout).toBe(spec.layout);
    expect(report.rows).toBeGreaterThan(5);
  });
}
