/**
 * A run's worker thread draws the charts and half the stability groups; when it dies, the main
 * thread does that work itself, with byte-identical results, and the run still succeeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, miniRunArgs, tempDir } from '../helpers.ts';

describe('worker thread', () => {
  it('falls back to the main thread when the worker dies, with identical charts and stability', () => {
    const args = miniRunArgs;
    const normal = tempDir();
    expect(cli(args(normal)).code).toBe(0);
    const fallback = tempDir();
    const r = cli(args(fallback), { CLUSTERFIT_FAULT: 'worker:die' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const charts = readdirSync(join(normal, 'charts')).sort();
    expect(charts.filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);
    expect(readdirSync(join(fallback, 'charts')).sort()).toEqual(charts);
    // The mini fixture has two framework groups: one drawn here, one on the worker.
    const stability = readFileSync(join(normal, 'stability.csv'), 'utf8');
    expect(
      new Set(
        stability
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[2]),
      ).size,
    ).toBe(2);
    for (const f of ['stability.csv', 'clusters.csv', ...charts.map((c) => `charts/${c}`)]) {
      expect(readFileSync(join(fallback, f)).equals(readFileSync(join(normal, f))), f).toBe(true);
    }
  });
});
