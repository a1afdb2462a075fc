import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import {
  DEFAULT_CONFIG,
  loadConfig,
  normalizedWeights,
  parseConfig,
} from '../../pipeline/config.ts';
import { tempDir } from '../helpers.ts';

function errorOf(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

describe('config', () => {
  it('returns the documented defaults without a file', () => {
    const c = loadConfig(undefined);
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c.frameworks).toEqual(['legacy16', 'acte2024']);
    expect(c.allocation).toBe('split');
  });

  it('names a misspelled key and suggests the right one', () => {
    const e = errorOf(() => parseConfig({ weigths: {} }, 'my.json'));
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).toContain('my.json');
    expect(e.message).toContain('unknown key "weigths"');
    expect(e.message).toContain('Did you mean "weights"?');
  });

  it('names nested unknown keys with their path', () => {
    const e = errorOf(() => parseConfig({ weights: { median_wages: 1 } }, 'c.json'));
    expect(e.message).toContain('"weights.median_wages"');
    expect(e.message).toContain('"weights.median_wage"');
    const s = errorOf(() => parseConfig({ selection: { topn: 3 } }, 'c.json'));
    expect(s.message).toContain('"selection.topn"');
  });

  it('names the key and the value of a wrong type', () => {
    expect(errorOf(() => parseConfig({ allocation: 'splitt' }, 'c.json')).message).toBe(
      'Config file c.json: key "allocation" must be one of "split", "full", "primary", but it is "splitt".',
    );
    expect(
      errorOf(() => parseConfig({ weights: { pct_change: '0.3' } }, 'c.json')).message,
    ).toContain('key "weights.pct_change" must be a number');
    expect(errorOf(() => parseConfig({ frameworks: 'legacy16' }, 'c.json')).message).toContain(
      'key "frameworks" must be a list',
    );
    expect(errorOf(() => parseConfig({ selection: { top_n: 2.5 } }, 'c.json')).message).toContain(
      'selection.top_n',
    );
  });

  it('replaces the weights as a whole and scales them to sum to 1', () => {
    const c = parseConfig({ weights: { annual_openings: 3, median_wage: 1 } }, 'c.json');
    expect(normalizedWeights(c)).toEqual([
      ['annual_openings', 0.75],
      ['median_wage', 0.25],
    ]);
    expect(errorOf(() => parseConfig({ weights: { median_wage: 0 } }, 'c.json')).message).toContain(
      'at least one metric a positive weight',
    );
  });

  it('reports a missing file and invalid JSON with the file name', () => {
    const dir = tempDir();
    expect(errorOf(() => loadConfig(join(dir, 'nope.json'))).message).toContain('nope.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "allocation": ');
    const e = errorOf(() => loadConfig(bad));
    expect(e.message).toContain('bad.json is not valid JSON');
  });
});
