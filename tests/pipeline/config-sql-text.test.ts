/**
 * A config's names are data, never SQL: a sub-level name with an apostrophe ("Ohio's career
 * field") once crashed the run, and a crafted one read a file into sublevels.csv or wrote one.
 * Every config string that reaches SQL (framework title and sub-level name, variant renames and
 * merges, cross-cutting names, area codes) carries a payload here; the run either publishes the
 * text exactly as written or stops with a message naming the key, and no file is read or written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, FIXTURES, readCsv, tempDir } from '../helpers.ts';

const DATA = join(FIXTURES, 'mini-data');
const MINI = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8'));
const CROSSWALK = join(FIXTURES, 'frameworks', 'state_crosswalk.csv');
const work = tempDir('clusterfit-config-sql-');
const WRITTEN = join(work, 'written.csv');

const APOSTROPHE = "Ohio's career field";
const WRITE = `x'); COPY (select 1) TO '${WRITTEN}'; --`;
const READ = "' || (select content from read_text('/etc/passwd')) || '";

async function run(config: object, out: string) {
  const file = join(work, `${out}.json`);
  writeFileSync(file, JSON.stringify({ ...MINI, ...config }));
  const io = captureIO();
  const code = await main(
    ['run', '--config', file, '--data-dir', DATA, '--out', join(work, out), '--draws', '0'],
    io,
  );
  return { code, io, file };
}

describe('config names with SQL in them are published as text', () => {
  let code: number;
  let stderr: string;
  beforeAll(async () => {
    const r = await run(
      {
        framework_definitions: [
          {
            id: 'state5',
            title: WRITE,
            sublevel: APOSTROPHE,
            crosswalk: CROSSWALK,
            cross_cutting: ['Business'],
          },
          { id: 'state5b', title: READ, sublevel: READ, crosswalk: CROSSWALK },
        ],
        framework_variants: [
          {
            id: 'ohio',
            base: 'legacy16',
            title: APOSTROPHE,
            rename: { 'Health Science': APOSTROPHE },
          },
        ],
        frameworks: ['state5', 'state5b', 'ohio', 'legacy16'],
      },
      'names',
    );
    code = r.code;
    stderr = r.io.stderr;
  }, 60_000);

  it('runs, and writes no file on the machine', () => {
    expect(code, stderr).toBe(0);
    expect(existsSync(WRITTEN)).toBe(false);
  });

  it('names each framework’s sub-levels exactly as the config does', () => {
    const sub = readCsv(join(work, 'names', 'sublevels.csv'));
    const levels = (fw: string) =>
      new Set(sub.filter((s) => s.framework === fw).map((s) => s.level));
    expect(levels('state5')).toEqual(new Set([APOSTROPHE]));
    expect(levels('state5b')).toEqual(new Set([READ]));
    expect(readFileSync(join(work, 'names', 'sublevels.csv'), 'utf8')).not.toContain('root:');
  });

  it('keeps the renamed cluster, with the jobs it has under its own name', () => {
    const clusters = readCsv(join(work, 'names', 'clusters.csv'));
    const jobs = (fw: string, name: string) =>
      clusters.find((c) => c.framework === fw && c.cluster === name)?.base_employment;
    expect(jobs('ohio', 'Health Science')).toBeUndefined();
    // RN 1,000 and half the mini fixture's 3,000 aides.
    expect(jobs('legacy16', 'Health Science')).toBe('2500');
    expect(jobs('ohio', APOSTROPHE)).toBe('2500');
  });

  it('counts a cross-cutting cluster named in the config (cross_cutting_only leaves it alone)', async () => {
    const r = await run(
      {
        framework_definitions: [
          { id: 'state5', title: 'S', crosswalk: CROSSWALK, cross_cutting: [WRITE, 'Business'] },
        ],
        frameworks: ['state5'],
        cross_cutting: 'cross_cutting_only',
      },
      'crosscut',
    );
    expect(r.code, r.io.stderr).toBe(0);
    expect(existsSync(WRITTEN)).toBe(false);
    const jobs = Object.fromEntries(
      readCsv(join(work, 'crosscut', 'clusters.csv')).map((c) => [c.cluster, c.base_employment]),
    );
    // Software developers (800) count only in Business, the cross-cutting cluster.
    expect(jobs.Business).toBe('800');
    expect(jobs.Technology).toBe('0');
  });

  it('stops on an area code with SQL in it, naming the area, exit 2 or 3', async () => {
    const r = await run({ areas: [WRITE] }, 'areas');
    expect([2, 3]).toContain(r.code);
    expect(r.io.stderr).toContain(WRITE);
    expect(r.io.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(WRITTEN)).toBe(false);
  });
});
