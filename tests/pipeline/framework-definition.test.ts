/**
 * A framework clusterfit does not ship, defined in the config with the user's own crosswalk
 * (the way to run Advance CTE's suspended 2022 proposal, which has no official crosswalk): run on
 * the mini fixture, whose figures are worked out by hand below.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, FIXTURES, readCsv, tempDir } from '../helpers.ts';

const read = readCsv;
const DATA = join(FIXTURES, 'mini-data');
const CROSSWALK = join(FIXTURES, 'frameworks', 'state_crosswalk.csv');

function config(crosswalk: string): string {
  const path = join(tempDir(), 'state5.json');
  writeFileSync(
    path,
    JSON.stringify({
      inputs: {
        'ca-edd-longterm-2023-2033':
          'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
      },
      framework_definitions: [
        { id: 'state5', title: 'Five state clusters', sublevel: 'program area', crosswalk },
      ],
      frameworks: ['state5'],
      selection: { method: 'top_n', top_n: 2 },
    }),
  );
  return path;
}

describe('framework_definitions: a framework from the user’s crosswalk', () => {
  let out: string;
  let io: ReturnType<typeof captureIO>;
  beforeAll(async () => {
    out = tempDir();
    io = captureIO();
    await runPipeline({ configFile: config(CROSSWALK), outDir: out, dataDir: DATA }, io);
  }, 60_000);

  it('scores the crosswalk’s clusters with the hand-worked employment', () => {
    const jobs = Object.fromEntries(
      read(join(out, 'clusters.csv')).map((c) => [c.cluster, Number(c.base_employment)]),
    );
    // RN 1,000 + home health and personal care aides 3,000 (31-1120 through its members);
    // software developers' 800 split between the two clusters that list them.
    expect(jobs).toEqual({
      Health: 4000,
      Technology: 400,
      Business: 400,
      Hospitality: 2000,
      Construction: 600,
    });
  });

  it('reports its sub-levels under the name the definition gives them', () => {
    const sub = read(join(out, 'sublevels.csv'));
    expect(new Set(sub.map((s) => s.level))).toEqual(new Set(['program area']));
    expect(sub.find((s) => s.cluster === 'Construction')?.name).toBe('(no sub-level)');
    expect(sub.find((s) => s.name === 'Care')?.base_employment).toBe('3000');
  });

  it('records the crosswalk as an input and warns about the occupations it misses', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const input = manifest.inputs.find((i: { source: string }) => i.source === 'crosswalk:state5');
    expect(input).toMatchObject({ file: CROSSWALK, rows: 7, layout: 'clusterfit-crosswalk' });
    // 13-1020 (400 of 8,800 jobs) is in no cluster.
    expect(io.stderr).toContain('13-1020');
  });

  it('stops on a bad code in the crosswalk, naming row, column and value', async () => {
    const bad = join(tempDir(), 'bad.csv');
    writeFileSync(bad, readFileSync(CROSSWALK, 'utf8').replace('35-2014', '35-20l4'));
    await expect(
      runPipeline({ configFile: config(bad), outDir: tempDir(), dataDir: DATA }, captureIO()),
    ).rejects.toThrow('row 7, column "soc_code", value "35-20l4"');
  });

  it('rejects a definition without a crosswalk, naming the key', () => {
    expect(() =>
      parseConfig({ framework_definitions: [{ id: 'proposed2022' }] }, 'c.json'),
    ).toThrow(/framework_definitions\[0\]\.crosswalk/);
  });
});
