/**
 * Carrying a calibration forward: calibrate the California EDD 2020-2030 statewide run to a prior
 * list (CSDE's 12 of 16, standing in for a state's earlier decision), rerun 2020-2030 with the
 * calibrated config (which reproduces the reported agreement), point the same config at the
 * 2023-2033 projections, and `clusterfit compare` the two: every approval the new projections
 * change is listed with the metrics that moved it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CALIBRATED_CONFIG } from '../../pipeline/calibrate.ts';
import { main } from '../../pipeline/cli.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, FIXTURES, readCsv, tempDir } from '../helpers.ts';

async function run(configFile: string, out: string): Promise<void> {
  await runPipeline({ configFile, outDir: out, dataDir: DATA_DIR }, captureIO());
}

describeWithData('calibrate, then the next vintage under the calibrated config', () => {
  it('says which decisions the 2023-2033 projections change and why', async () => {
    const dir = tempDir();
    const base = join(dir, 'config.json');
    writeFileSync(
      base,
      JSON.stringify({
        projections: 'ca-edd-longterm-2020-2030-areas',
        areas: ['CA'],
        frameworks: ['legacy16'],
        stability: { draws: 0 },
        charts: { areas: 'none' },
      }),
    );
    const first = join(dir, 'first');
    await run(base, first);
    const io = captureIO();
    const prior = join(FIXTURES, 'priors', 'ct-2016-2026-approved.csv');
    expect(await main(['calibrate', '--prior', prior, '--out', first], io)).toBe(0);
    const k = Number(/agreement: (\d+) of 16/.exec(io.stdout)?.[1]);
    const calibratedFile = join(first, CALIBRATED_CONFIG);
    const calibration = readCsv(join(first, 'calibration.csv'));

    const a = join(dir, 'a');
    await run(calibratedFile, a);
    const approvedA = Object.fromEntries(
      readCsv(join(a, 'clusters.csv')).map((c) => [c.cluster, c.approved === 'true']),
    );
    expect(approvedA).toEqual(
      Object.fromEntries(calibration.map((c) => [c.cluster, c.calibrated_approved === 'true'])),
    );
    expect(
      calibration.filter((c) => approvedA[c.cluster as string] === (c.prior_approved === 'true')),
    ).toHaveLength(k);

    const next = JSON.parse(readFileSync(calibratedFile, 'utf8'));
    next.projections = 'ca-edd-longterm-2023-2033';
    next.inputs = {
      'ca-edd-longterm-2023-2033':
        'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
    };
    const nextFile = join(dir, 'next.json');
    writeFileSync(nextFile, JSON.stringify(next));
    const b = join(dir, 'b');
    await run(nextFile, b);

    const cmp = captureIO();
    expect(await main(['compare', a, b, '--out', join(dir, 'cmp')], cmp)).toBe(0);
    const rows = readCsv(join(dir, 'cmp', 'comparison.csv'));
    const approvedB = Object.fromEntries(
      readCsv(join(b, 'clusters.csv')).map((c) => [c.cluster, c.approved === 'true']),
    );
    // Every decision the new projections change, and only those, is reported, with its cause.
    const expected = Object.keys(approvedA)
      .filter((c) => approvedA[c] !== approvedB[c])
      .map((c) => [c, approvedB[c] ? 'added' : 'dropped'])
      .sort();
    const reported = rows
      .filter((r) => r.approval_change === 'added' || r.approval_change === 'dropped')
      .map((r) => [r.cluster, r.approval_change])
      .sort();
    expect(reported).toEqual(expected);
    expect(rows).toHaveLength(16);
    expect(cmp.stdout).toContain(`## Clusters whose approval changed (${expected.length})`);
    if (expected.length === 0) {
      expect(cmp.stdout).toContain('None: both runs approve the same clusters.');
    }
    for (const [cluster] of expected) {
      expect(cmp.stdout).toContain(`- **${cluster}** (CA, legacy16): approved in`);
    }
    expect(cmp.stdout.match(/Largest moves:/g) ?? []).toHaveLength(expected.length);
  }, 180_000);
});
