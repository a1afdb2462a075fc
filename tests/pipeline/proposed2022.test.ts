/**
 * Advance CTE's proposed 2022 framework ships as its twelve cluster names only (no publisher's
 * crosswalk): naming it without a crosswalk stops and says how to supply one; with a hand-written
 * crosswalk on the mini fixture it runs, and a crosswalk cluster outside the twelve stops it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../kernel/cli-error.ts';
import { NAMES_ONLY_FRAMEWORKS } from '../../kernel/frameworks.ts';
import { parseConfig } from '../../pipeline/config.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, FIXTURES, readCsv, tempDir } from '../helpers.ts';

const DATA = join(FIXTURES, 'mini-data');
const INPUTS = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8')).inputs;

describe('the proposed 2022 framework', () => {
  it('ships the twelve names as published in February 2022', () => {
    const names = NAMES_ONLY_FRAMEWORKS.proposed2022?.clusters.map((c) => c.name);
    expect(names).toHaveLength(12);
    expect(names).toContain('Food, Living Systems & Natural Resources');
    expect(names).toContain('Health, Wellbeing & Community Services');
    expect(names).toContain('Security & Justice');
  });

  it('stops (exit 2) when named without a crosswalk, saying how to supply one', () => {
    let error: unknown;
    try {
      parseConfig({ frameworks: ['proposed2022'] }, 'c.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain(
      'add {"id": "proposed2022", "crosswalk": "your-crosswalk.csv"} to "framework_definitions"',
    );
  });

  it('runs with a crosswalk supplied, on the clusters it reaches', async () => {
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        inputs: INPUTS,
        framework_definitions: [
          {
            id: 'proposed2022',
            crosswalk: join(FIXTURES, 'frameworks', 'proposed2022-crosswalk.csv'),
          },
        ],
        frameworks: ['proposed2022'],
        selection: { method: 'top_n', top_n: 3 },
        stability: { draws: 0 },
        charts: { areas: 'none' },
      }),
    );
    await runPipeline({ configFile: file, outDir: dir, dataDir: DATA }, captureIO());
    const clusters = readCsv(join(dir, 'clusters.csv'));
    // The crosswalk reaches 5 of the 12; the others have no occupation and are not scored.
    expect(clusters).toHaveLength(5);
    const jobs = Object.fromEntries(clusters.map((c) => [c.cluster, Number(c.base_employment)]));
    // RN 1,000 + home health and personal care aides 3,000 (31-1120 through its two members).
    expect(jobs['Health, Wellbeing & Community Services']).toBe(4000);
    expect(jobs['Construction & Built Environment']).toBe(600);
  }, 60_000);

  it('stops on a crosswalk cluster that is not one of the twelve', async () => {
    const dir = tempDir();
    const crosswalk = join(dir, 'crosswalk.csv');
    writeFileSync(
      crosswalk,
      readFileSync(join(FIXTURES, 'frameworks', 'proposed2022-crosswalk.csv'), 'utf8').replace(
        'Information Technology',
        'Digital Technology',
      ),
    );
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        inputs: INPUTS,
        framework_definitions: [{ id: 'proposed2022', crosswalk }],
        frameworks: ['proposed2022'],
      }),
    );
    await expect(
      runPipeline({ configFile: file, outDir: join(dir, 'out'), dataDir: DATA }, captureIO()),
    ).rejects.toThrow(/Digital Technology/);
  }, 60_000);
});
