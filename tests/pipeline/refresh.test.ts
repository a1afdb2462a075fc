/**
 * Scheduled refresh on the mini fixture, each step a real clusterfit process as cron would start
 * it: rerun only on change, say exactly what changed, keep a history, and survive the faults an
 * unattended job meets (a second job at once, SIGKILL, a full disk, a corrupt history file).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OutputFolder } from '../../kernel/output-folder.ts';
import { listRuns } from '../../pipeline/history.ts';
import {
  cli,
  DATA_DIR,
  describeWithData,
  FIXTURES,
  REPO_ROOT,
  snapshot,
  tempDir,
} from '../helpers.ts';

const CONFIG = join(FIXTURES, 'configs', 'mini.json');
const PROJECTIONS = 'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv';

/** A private copy of the mini data and config, so a test can change them. */
function workspace(): { data: string; config: string; out: string } {
  const work = tempDir('clusterfit-refresh-');
  cpSync(join(FIXTURES, 'mini-data'), join(work, 'data'), { recursive: true });
  copyFileSync(CONFIG, join(work, 'config.json'));
  return { data: join(work, 'data'), config: join(work, 'config.json'), out: join(work, 'out') };
}

const refreshArgs = (w: { data: string; config: string; out: string }, ...more: string[]) => [
  'refresh',
  '--config',
  w.config,
  '--data-dir',
  w.data,
  '--out',
  w.out,
  '--draws',
  '50',
  ...more,
];

function start(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [join(REPO_ROOT, 'bin', 'clusterfit.js'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const leftovers = (dir: string) =>
  readdirSync(dir).filter((n) => n.startsWith('.staging-') || n.startsWith('.commit-'));

describe('refresh reruns only on change and says what changed', () => {
  const w = workspace();
  const results: ReturnType<typeof cli>[] = [];

  beforeAll(() => {
    results.push(cli(refreshArgs(w)));
    results.push(cli(refreshArgs(w)));
  });

  it('publishes a first run with exit 10, then reports unchanged with exit 0 and rewrites nothing', () => {
    const [first, second] = results as [ReturnType<typeof cli>, ReturnType<typeof cli>];
    expect(first.code, first.stderr).toBe(10);
    expect(first.stdout).toMatch(/changed: run \S+ is the first recorded in/);
    expect(readFileSync(join(w.out, 'changes.md'), 'utf8')).toContain('is the first recorded');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/unchanged: inputs, config and clusterfit version are those of/);
    expect(existsSync(join(w.out, '.clusterfit.lock'))).toBe(false);
  });

  it('leaves every file as it was (same bytes, same modification time) when unchanged', () => {
    const before = snapshot(w.out);
    const mtime = statSync(join(w.out, 'clusters.csv')).mtimeMs;
    // Saved again with the same bytes (touch): said, but not a reason to rerun.
    const later = new Date(Date.now() + 1000);
    utimesSync(w.config, later, later);
    const again = cli(refreshArgs(w));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      `Modified since that run but byte-for-byte the same: ${w.config}.`,
    );
    expect(snapshot(w.out)).toEqual(before);
    expect(statSync(join(w.out, 'clusters.csv')).mtimeMs).toBe(mtime);
  });

  it('names the config value that changed, and the clusters it brings onto the list', async () => {
    const config = json(w.config);
    config.selection.top_n = 4;
    writeFileSync(w.config, JSON.stringify(config));
    const r = cli(refreshArgs(w));
    expect(r.code, r.stderr).toBe(10);
    expect(r.stdout).toContain('1 config value changed, 2 approval changes');
    const changes = json(join(w.out, 'changes.json'));
    expect(changes.inputs).toEqual([]);
    expect(changes.config).toEqual([{ key: 'selection.top_n', from: 3, to: 4 }]);
    // The fourth-ranked cluster of each framework joins the list.
    const clusters = (await import('../helpers.ts')).readCsv(join(w.out, 'clusters.csv'));
    const fourth = clusters.filter((c) => c.rank === '4').map((c) => [c.framework, c.cluster]);
    expect(
      changes.approvals.map((a: Record<string, string>) => [a.framework, a.cluster, a.change]),
    ).toEqual(fourth.map(([f, c]) => [f, c, 'added']).sort());
    expect(readFileSync(join(w.out, 'changes.md'), 'utf8')).toContain(
      '- config selection.top_n: 3 → 4',
    );
  });

  it('names the input file that changed, with its checksums and the metrics that moved', () => {
    const path = join(w.data, PROJECTIONS);
    const text = readFileSync(path, 'utf8');
    // Software Developers 15-1252: 1,000 more projected jobs (change, percent change and openings
    // kept in step: 1,160 / 800 = 1.45 as the file's fraction).
    const row = text.split('\n').find((l) => l.includes(',15-1252,')) as string;
    const cells = row.split(',');
    const bumped = cells.map((c, i) =>
      i === 4 || i === 5 || i === 9 ? String(Number(c) + 1000) : i === 6 ? '1.45' : c,
    );
    writeFileSync(path, text.replace(row, bumped.join(',')));
    const r = cli(refreshArgs(w));
    expect(r.code, r.stderr).toBe(10);
    const changes = json(join(w.out, 'changes.json'));
    expect(changes.config).toEqual([]);
    expect(changes.inputs).toHaveLength(1);
    expect(changes.inputs[0]).toMatchObject({
      source: 'ca-edd-longterm-2023-2033',
      change: 'changed',
    });
    expect(changes.inputs[0].from.sha256).not.toBe(changes.inputs[0].to.sha256);
    const it = changes.metrics.find(
      (m: Record<string, string>) =>
        m.framework === 'legacy16' &&
        m.cluster === 'Information Technology' &&
        m.metric === 'annual_openings',
    );
    expect(it.to - it.from).toBeCloseTo(100, 6); // 1,000 more openings over ten years
  });

  it('keeps every run in the history; diff reproduces changes.md; history --format json', () => {
    const h = cli(['history', '--out', w.out, '--format', 'json']);
    expect(h.code, h.stderr).toBe(0);
    const runs = JSON.parse(h.stdout) as { run_id: string; config_hash: string }[];
    expect(runs).toHaveLength(3);
    expect(new Set(runs.map((r) => r.config_hash)).size).toBe(2);
    const [, second, third] = runs as [unknown, { run_id: string }, { run_id: string }];
    const d = cli(['diff', second.run_id, third.run_id, '--out', w.out]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toBe(readFileSync(join(w.out, 'changes.md'), 'utf8'));
    const text = cli(['history', '--out', w.out]);
    expect(text.stdout).toContain(`3 runs in ${w.out}, oldest first:`);
    const missing = cli(['diff', 'nope', third.run_id, '--out', w.out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No run "nope"');
  });
});

describe('--log-format json', () => {
  it('writes one JSON object per line: each stage with its rows and duration, then the outcome', () => {
    const w = workspace();
    const r = cli(refreshArgs(w, '--log-format', 'json'));
    expect(r.code, r.stderr).toBe(10);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'string')).toBe(
      true,
    );
    const manifest = json(join(w.out, 'manifest.json'));
    const stages = lines.filter((l) => l.event === 'stage');
    expect(stages.map((l) => [l.stage, l.rows])).toEqual(
      manifest.stages.map((s: { name: string; rows: number }) => [s.name, s.rows]),
    );
    expect(stages.every((l) => Number.isInteger(l.duration_ms))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ event: 'changed', exit_code: 10, first_run: true });
    expect(lines.find((l) => l.event === 'published')?.run_id).toBe(manifest.run_id);
  });

  it('reports a failure as a JSON line naming file, row and column', () => {
    const w = workspace();
    const path = join(w.data, PROJECTIONS);
    // Software Developers' base employment: text where a number belongs.
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(',Software Developers,800,', ',Software Developers,8x0,'),
    );
    const r = cli(refreshArgs(w, '--log-format', 'json'));
    expect(r.code).toBe(3);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
    expect(last).toMatchObject({
      level: 'error',
      event: 'failed',
      exit_code: 3,
      file: PROJECTIONS,
      column: 'Base Year Employment Estimate 2023[4][5]',
      value: '8x0',
    });
    expect(last.row).toBeGreaterThan(1);
    expect(existsSync(join(w.out, 'clusters.csv'))).toBe(false);
  });
});

describe('refresh under faults', () => {
  /** A folder with one published run, and its snapshot. */
  function published() {
    const w = workspace();
    const r = cli(refreshArgs(w));
    expect(r.code, r.stderr).toBe(10);
    return { w, before: snapshot(w.out) };
  }
  const runIds = async (out: string) => (await listRuns(out)).map((r) => r.run_id);

  it('two refreshes started at once: both end cleanly, one result published, one run recorded', async () => {
    const w = workspace();
    const [a, b] = await Promise.all([
      finished(start(refreshArgs(w))),
      finished(start(refreshArgs(w))),
    ]);
    expect([a.code, b.code].sort(), a.stderr + b.stderr).toEqual([0, 10]);
    expect((a.code === 0 ? a : b).stdout).toContain('unchanged');
    expect(await runIds(w.out)).toHaveLength(1);
    expect(leftovers(w.out)).toEqual([]);
    expect(existsSync(join(w.out, '.clusterfit.lock'))).toBe(false);
  });

  it('a lock held by a live process: exit 4 after --wait, naming it; a dead holder is taken over', async () => {
    const { w, before } = published();
    const holder = spawn('sleep', ['30']);
    writeFileSync(join(w.out, '.clusterfit.lock'), `${holder.pid}\n`);
    const busy = cli(refreshArgs(w, '--wait', '1'));
    expect(busy.code).toBe(4);
    expect(busy.stderr).toContain(`Another clusterfit run (process ${holder.pid}) is writing here`);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('exit', r));
    const lock = readFileSync(join(w.out, '.clusterfit.lock'), 'utf8');
    expect(lock).toBe(`${holder.pid}\n`);
    const now = snapshot(w.out);
    delete now[join(w.out, '.clusterfit.lock')];
    expect(now).toEqual(before);
    const taken = cli(refreshArgs(w));
    expect(taken.code, taken.stderr).toBe(0); // unchanged, and the stale lock is gone
    expect(existsSync(join(w.out, '.clusterfit.lock'))).toBe(false);
  });

  it('kill -9 while outputs are written: the previous outputs stay intact; the rerun completes', async () => {
    const { w, before } = published();
    const ids = await runIds(w.out);
    const config = json(w.config);
    config.selection.top_n = 5;
    writeFileSync(w.config, JSON.stringify(config));
    const child = start(refreshArgs(w));
    const done = finished(child);
    // Wait until the run is publishing: its staging folder holds the workbook. (Its charts come
    // last, with only their hashing and the commit after them: too short a window to kill in.)
    for (let i = 0; i < 600; i++) {
      const staging = readdirSync(w.out).find((n) => n.startsWith('.staging-'));
      if (staging && existsSync(join(w.out, staging, 'results.xlsx'))) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const after = snapshot(w.out);
    for (const [file, hash] of Object.entries(before)) expect(after[file], file).toBe(hash);
    expect(await runIds(w.out)).toEqual(ids);

    const rerun = cli(refreshArgs(w));
    expect(rerun.code, rerun.stderr).toBe(10);
    expect(rerun.stderr).toContain('cleaned up');
    expect(leftovers(w.out)).toEqual([]);
    expect(await runIds(w.out)).toHaveLength(2);
    expect(json(join(w.out, 'changes.json')).config).toEqual([
      { key: 'selection.top_n', from: 3, to: 5 },
    ]);
  });

  it('SIGKILL between the renames of a commit: the next run rolls the folder back first', async () => {
    const { w, before } = published();
    const config = json(w.config);
    config.selection.top_n = 2;
    writeFileSync(w.config, JSON.stringify(config));
    const killed = await finished(start(refreshArgs(w), { CLUSTERFIT_FAULT: 'commit:4:kill' }));
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(w.out).some((n) => n.startsWith('.commit-'))).toBe(true);
    // What the next run does first, under the lock: undo the half-done commit from its journal.
    expect(OutputFolder.recover(w.out).some((n) => n.startsWith('.commit-'))).toBe(true);
    const restored = snapshot(w.out);
    // The dead run's lock stays until the next run finds its process gone and takes it over.
    expect(restored).toHaveProperty([join(w.out, '.clusterfit.lock')]);
    delete restored[join(w.out, '.clusterfit.lock')];
    expect(restored).toEqual(before);
    const rerun = cli(refreshArgs(w));
    expect(rerun.code, rerun.stderr).toBe(10);
    expect(await runIds(w.out)).toHaveLength(2);
  });

  it('a rename that fails mid-commit (EIO): exit 5, every output and the history as before', async () => {
    const { w, before } = published();
    const ids = await runIds(w.out);
    writeFileSync(
      w.config,
      JSON.stringify({ ...json(w.config), selection: { method: 'top_n', top_n: 2 } }),
    );
    const r = cli(refreshArgs(w), { CLUSTERFIT_FAULT: 'commit:3:EIO' });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('The system refused writing');
    expect(r.stderr).toContain('Nothing was published');
    expect(snapshot(w.out)).toEqual(before);
    expect(await runIds(w.out)).toEqual(ids);
  });

  it('a full disk while writing results.xlsx (ENOSPC): exit 5, a clear message, nothing changed', async () => {
    const { w, before } = published();
    const ids = await runIds(w.out);
    writeFileSync(
      w.config,
      JSON.stringify({ ...json(w.config), selection: { method: 'top_n', top_n: 2 } }),
    );
    const r = cli(refreshArgs(w), { CLUSTERFIT_FAULT: 'write:results.xlsx:ENOSPC' });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/The disk is full writing \S+results\.xlsx/);
    expect(snapshot(w.out)).toEqual(before);
    expect(leftovers(w.out)).toEqual([]);
    expect(await runIds(w.out)).toEqual(ids);
  });

  it('a corrupt history.duckdb: exit 3 naming it, outputs intact', async () => {
    const { w } = published();
    writeFileSync(join(w.out, 'history.duckdb'), 'this is not a database\n'.repeat(100));
    const before = snapshot(w.out);
    const bytes = readFileSync(join(w.out, 'history.duckdb'));
    const r = cli(refreshArgs(w));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `${join(w.out, 'history.duckdb')} is not a readable clusterfit history`,
    );
    expect(snapshot(w.out)).toEqual(before);
    expect(readFileSync(join(w.out, 'history.duckdb')).equals(bytes)).toBe(true);
  });

  it("run (not refresh) over a corrupt history.duckdb: exit 3 naming the folder's file, outputs intact", () => {
    // A run reads the history only at its end (attached to the run's database): the error names
    // the output folder's history, not the staging copy the run appends to.
    const { w } = published();
    writeFileSync(join(w.out, 'history.duckdb'), 'this is not a database\n'.repeat(100));
    const before = snapshot(w.out);
    const r = cli(['run', ...refreshArgs(w).slice(1)]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `${join(w.out, 'history.duckdb')} is not a readable clusterfit history database`,
    );
    expect(snapshot(w.out)).toEqual(before);
    expect(leftovers(w.out)).toEqual([]);
  });

  it('a --db file named like the attached history (run_history.duckdb): the run is recorded', async () => {
    const { w } = published();
    const ids = await runIds(w.out);
    const db = join(tempDir(), 'run_history.duckdb');
    const r = cli(['run', ...refreshArgs(w).slice(1), '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const after = await runIds(w.out);
    expect(after.slice(0, ids.length)).toEqual(ids);
    expect(after).toHaveLength(ids.length + 1);
    // changes.md compares it with the refresh before it: the same inputs and config.
    expect(readFileSync(join(w.out, 'changes.md'), 'utf8')).toContain(
      `# Changes since run ${ids.at(-1)}`,
    );
    expect(readFileSync(join(w.out, 'changes.md'), 'utf8')).toContain(
      'No input file, config or clusterfit version changed.',
    );
  });
});

describeWithData('refresh of SOC 2010 projections (NY DOL 2014-2024, real files)', () => {
  it('reruns when only the SOC 2010 → 2018 crosswalk changed, and names it', () => {
    // ingest reads the crosswalk only for SOC 2010 projections; it still counts as an input.
    const work = tempDir('clusterfit-refresh-bridge-');
    const data = join(work, 'data');
    cpSync(DATA_DIR, data, { recursive: true });
    const args = [
      'refresh',
      '--config',
      join(REPO_ROOT, 'configs', 'ny-2014-2024.json'),
      '--data-dir',
      data,
      '--out',
      join(work, 'out'),
      '--draws',
      '50',
    ];
    expect(cli(args).code).toBe(10);
    expect(cli(args).code).toBe(0);
    // The same row, its title now quoted: the bytes change, the crosswalk read does not.
    const crosswalk = join(data, 'soc', 'soc2010_soc2018.csv');
    const text = readFileSync(crosswalk, 'utf8');
    expect(text).toContain('\n11-1011,Chief Executives,11-1011,');
    writeFileSync(
      crosswalk,
      text.replace('\n11-1011,Chief Executives,', '\n11-1011,"Chief Executives",'),
    );
    const r = cli(args);
    expect(r.code, r.stdout).toBe(10);
    expect(r.stdout).toContain('1 input file changed');
    expect(readFileSync(join(work, 'out', 'changes.md'), 'utf8')).toContain(
      'soc/soc2010_soc2018.csv (soc-2010-2018-crosswalk): changed',
    );
  });
});
