/**
 * The bench harness's instruments: a timed child process with its peak memory, robust summaries
 * of repeated measurements, and synthetic multi-area inputs made from a real file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

export function spread(values: number[]): { median: number; min: number; max: number; n: number } {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

export interface ProcessTiming {
  ok: boolean;
  seconds: number;
  /**
   * User plus system CPU seconds of the process and its threads: what a busy machine inflates
   * least (the wall time of a run waits for cores others hold).
   */
  cpuSeconds: number | null;
  peakRssMib: number | null;
  error: string | null;
}

// GNU time reports the child's peak resident set; without it, memory is not measured.
const GNU_TIME = '/usr/bin/time';

/**
 * Runs `program args…` (node unless told) and measures wall time from process start to exit, and
 * peak RSS.
 */
export function timeProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { timeoutSeconds?: number; program?: string } = {},
): ProcessTiming {
  const program = opts.program ?? process.execPath;
  const withTime = existsSync(GNU_TIME);
  const command = withTime ? GNU_TIME : program;
  const argv = withTime ? ['-f', 'peak-rss-kib %M cpu %U %S', program, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(command, argv, {
    env,
    encoding: 'utf8',
    timeout: (opts.timeoutSeconds ?? 300) * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  const time = /peak-rss-kib (\d+) cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  const ok = r.status === 0;
  return {
    ok,
    seconds,
    cpuSeconds: time ? Number(time[2]) + Number(time[3]) : null,
    peakRssMib: time ? Math.round(Number(time[1]) / 1024) : null,
    error: ok
      ? null
      : r.error
        ? r.error.message
        : `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`,
  };
}

const AREAS_FILE =
  'projections_state/ca_edd_2020_2030/ca_edd_longterm_occproj_2020_2030_all_areas.csv';

/**
 * A CA EDD all-areas CSV holding the real statewide rows plus `factor` metro areas, each a copy
 * of the statewide rows under its own name: the publisher's layout, every identity intact, and
 * cost that grows only with the number of areas.
 */
export function syntheticAreas(
  dataDir: string,
  dir: string,
  factor: number,
): { file: string; areas: number; rows: number } {
  const lines = readFileSync(join(dataDir, AREAS_FILE), 'utf8').split(/\r?\n/);
  const header = lines[0] as string;
  const state = lines.filter((l) => l.startsWith('State,'));
  const rest = state.map((l) => l.slice(l.indexOf(',', 'State,'.length)));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `ca_synthetic_${factor}x.csv`);
  const out = [header, ...state];
  for (let k = 1; k <= factor; k++) {
    const name = `Metropolitan Area,Synthetic ${String(k).padStart(4, '0')} MSA (copy of California)`;
    for (const r of rest) out.push(`${name}${r}`);
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return { file, areas: factor + 1, rows: out.length - 1 };
}
