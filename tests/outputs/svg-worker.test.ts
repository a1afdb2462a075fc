/**
 * Charts are drawn on a worker thread; when the worker dies, the same charts are drawn on the
 * main thread, byte for byte, and the run still succeeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDir } from '../helpers.ts';

describe('chart worker', () => {
  it('falls back to drawing on the main thread when the worker dies, with identical charts', () => {
    const args = (out: string) => [
      'run',
      '--config',
      join(FIXTURES, 'configs', 'mini.json'),
      '--data-dir',
      join(FIXTURES, 'mini-data'),
      '--out',
      out,
    ];
    const normal = tempDir();
    expect(cli(args(normal)).code).toBe(0);
    const fallback = tempDir();
    const r = cli(args(fallback), { CLUSTERFIT_FAULT: 'worker:charts' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const charts = readdirSync(join(normal, 'charts')).sort();
    expect(charts.filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);
    expect(readdirSync(join(fallback, 'charts')).sort()).toEqual(charts);
    for (const f of charts) {
      expect(
        readFileSync(join(fallback, 'charts', f)).equals(readFileSync(join(normal, 'charts', f))),
        f,
      ).toBe(true);
    }
  });
});
