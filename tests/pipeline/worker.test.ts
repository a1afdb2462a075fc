/**
 * A run's worker thread draws the charts and half the stability groups; when it dies, the main
 * thread does that work itself, with byte-identical results, and the run still succeeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { renderPng } from '../../outputs/render-png.ts';
import { drawChartsOnWorker, retireWorker } from '../../pipeline/worker-client.ts';
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

  it('ends a retired worker only once its tasks are answered; a later task starts another', async () => {
    const spec = (cluster: string): TopLevelSpec => ({
      data: { values: [{ cluster, jobs: 3 }] },
      mark: 'bar',
      encoding: { x: { field: 'jobs', type: 'quantitative' }, y: { field: 'cluster' } },
    });
    const asked = drawChartsOnWorker([spec('Health Science'), spec('Finance')]);
    // Retired with two charts pending: both still arrive, drawn.
    retireWorker();
    const [health, finance] = await Promise.all(asked);
    expect(health?.svg).toContain('Health Science');
    expect(finance?.svg).toContain('Finance');
    expect(
      Buffer.from(health?.png ?? [])
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    // The PNG worker's bytes are the ones this thread draws from the same SVG.
    expect(Buffer.from(finance?.png ?? []).equals(await renderPng(finance?.svg ?? ''))).toBe(true);
    const [again] = drawChartsOnWorker([spec('Health Science')]);
    expect((await again)?.svg).toBe(health?.svg);
  }, 60_000);
});
