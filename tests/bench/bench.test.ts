/**
 * The bench harness itself (not the timings: those are never asserted in tests): it runs, pairs
 * clusterfit with its pandas peer when this machine has pandas, and what it records agrees with
 * the runs it measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DATA_DIR, describeWithData, REPO_ROOT, tempDir } from '../helpers.ts';

// Whether the peers can run here decides what the harness must report: ratios, or why not.
const HAS_PANDAS = spawnSync('/usr/bin/python3', ['-c', 'import pandas, openpyxl']).status === 0;

const HAS_GNU_TIME = existsSync('/usr/bin/time');

describeWithData('npm run bench', () => {
  it('pairs the default jobs with their peer, reads the stages, times the draws', () => {
    const out = join(tempDir(), 'bench.json');
    const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const args = ['bench/bench.ts', '--quick', '--pairs', '1', '--only', 'peers,stability'];
    const run = spawnSync(process.execPath, [tsx, ...args, '--out', out], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CLUSTERFIT_DATA_DIR: DATA_DIR },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('| default job, tables only |');
    const results = JSON.parse(readFileSync(out, 'utf8'));
    // --quick: the two default jobs, no 1,001-area pair.
    expect(results.pairs.map((p: { key: string }) => p.key)).toEqual([
      'default_tables',
      'default_full',
    ]);
    for (const pair of results.pairs) {
      expect(pair.ok).toBe(true);
      expect(pair.ours.n).toBe(1);
      expect(pair.ours.median).toBeGreaterThan(0);
      if (HAS_PANDAS) {
        expect(pair.ratio).toBeGreaterThan(0);
        expect(pair.ratio).toBeCloseTo(pair.ours.median / pair.peer_run.median, 9);
        expect(pair.peer_run.median).toBeGreaterThan(0);
        // CPU seconds come from GNU time, as peak memory does.
        if (HAS_GNU_TIME) {
          expect(pair.cpu_ratio).toBeCloseTo(pair.ours.cpu_s / pair.peer_run.cpu_s, 9);
          expect(pair.ours.cpu_s).toBeGreaterThan(0);
        }
      } else {
        expect(pair.ratio).toBeNull();
      }
    }
    expect(results.pairs.map((p: { target: number }) => p.target)).toEqual([1, 3]);
    // Each pair's commands ran once untimed first: the timed runs are the pairs alone.
    expect(results.settings.warm_up).toBe(true);
    // --pairs sets the default jobs' pairs too (11 without it).
    expect(results.settings.default_job_pairs).toBe(1);
    if (HAS_PANDAS) expect(results.peers_skipped).toBeNull();
    else expect(results.peers_skipped).toContain('pandas');
    // The stages and their row counts are the full default run's (California 2023-2033, both
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
    expect(results.machine.cpus).toBeGreaterThan(0);
    expect(results.scale).toEqual([]);
  });
});
