/**
 * The bench harness itself (not the timings: those are never asserted in tests): it runs, and
 * what it records agrees with the runs it measured.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DATA_DIR, describeWithData, REPO_ROOT, tempDir } from '../helpers.ts';

describeWithData('npm run bench', () => {
  it('measures the default run and the stability draws, and records what it ran', () => {
    const out = join(tempDir(), 'bench.json');
    const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const args = ['bench/bench.ts', '--quick', '--only', 'default,stability', '--out', out];
    const run = spawnSync(process.execPath, [tsx, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CLUSTERFIT_DATA_DIR: DATA_DIR },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('| default run, process start to outputs |');
    const results = JSON.parse(readFileSync(out, 'utf8'));
    // The stages and their row counts are the default run's (California 2023-2033, both
    // frameworks: 16 + 14 clusters scored; 4,476 rows read).
    expect(Object.keys(results.stages)).toEqual([
      'ingest',
      'stage',
      'map',
      'score',
      'rank',
      'publish',
    ]);
    expect(results.stages.ingest.rows).toBe(4476);
    expect(results.stages.score.rows).toBe(30);
    expect(Object.keys(results.stability.draws)).toEqual(['1000', '10000', '100000']);
    expect(results.stability.group).toBe('CA 2023-2033 legacy16');
    expect(results.default_run.n).toBe(1);
    expect(results.default_run.median).toBeGreaterThan(0);
    expect(results.machine.cpus).toBeGreaterThan(0);
    expect(results.scale).toEqual([]);
  });
});
