/**
 * What a run without draws leaves out must not change what it computes: with `draws: 0` the
 * stability inputs skip the occupations' wages and the allocations other than the configured one
 * (the draws' only readers), and the map stage counts mart_occupations' rows from the mapping
 * coverage instead of the view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../kernel/config-types.ts';
import { Database } from '../../kernel/database.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { resolveDataDir } from '../../pipeline/data-dir.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { readStabilityInputs } from '../../pipeline/stages/stability-inputs.ts';
import { analyzeStability } from '../../transforms/stability.ts';
import { captureIO, FIXTURES, tempDir } from '../helpers.ts';

const withDraws = (config: Config, draws: number): Config => ({
  ...config,
  stability: { ...config.stability, draws },
});

describe('a run without draws', () => {
  it('gives the stability results and the map row count of the full inputs', async () => {
    const configFile = join(FIXTURES, 'configs', 'mini.json');
    const out = tempDir();
    await runPipeline(
      { configFile, outDir: out, dataDir: resolveDataDir(join(FIXTURES, 'mini-data'), {}) },
      captureIO(),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      stages: { name: string; rows: number }[];
    };
    const config = loadConfig(configFile);
    const db = await Database.open(join(out, 'clusterfit.duckdb'));
    try {
      const occupations = await db.scalar('select count(*) from mart_occupations');
      expect(occupations).toBeGreaterThan(0);
      expect(manifest.stages.find((s) => s.name === 'map')?.rows).toBe(occupations);

      const full = await readStabilityInputs(db, withDraws(config, 1000));
      const lean = await readStabilityInputs(db, withDraws(config, 0));
      expect(lean.keys).toEqual(full.keys);
      expect(lean.keys.length).toBeGreaterThan(0);
      const settings = {
        normalization: config.normalization,
        selection: config.selection,
        stability: withDraws(config, 0).stability,
      };
      lean.keys.forEach((key, index) => {
        const leanGroup = lean.group(index);
        const fullGroup = full.group(index);
        // The lean group holds the configured allocation only, with no wages.
        expect(Object.keys(leanGroup.byAllocation), key).toEqual([config.allocation]);
        expect(
          leanGroup.byAllocation[config.allocation]?.wages.every((w) => w.wage.length === 0),
        ).toBe(true);
        expect(Object.keys(fullGroup.byAllocation)).toEqual(['split', 'full', 'primary']);
        expect(
          fullGroup.byAllocation[config.allocation]?.wages.some((w) => w.wage.length > 0),
        ).toBe(true);
        const results = analyzeStability(leanGroup, settings, 7);
        expect(results.length).toBeGreaterThan(0);
        expect(results, key).toEqual(analyzeStability(fullGroup, settings, 7));
      });
    } finally {
      db.close();
    }
  }, 120_000);
});
