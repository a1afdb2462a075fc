/**
 * Projections derived for Connecticut from its May 2015 OEWS employment and the BLS 2016-26
 * national rates (configs/ct-2016-2026-derived.json), checked against the two source files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, REPO_ROOT, tempDir } from '../helpers.ts';

describeWithData(
  'derived projections: Connecticut from OEWS May 2015 and BLS 2016-26 rates',
  () => {
    let db: Database;
    beforeAll(async () => {
      const dir = tempDir();
      await runPipeline(
        {
          configFile: join(REPO_ROOT, 'configs', 'ct-2016-2026-derived.json'),
          outDir: join(dir, 'out'),
          dataDir: DATA_DIR,
          dbPath: join(dir, 'ct.duckdb'),
          overrides: { draws: 100 },
        },
        captureIO(),
      );
      db = await Database.open(join(dir, 'ct.duckdb'));
    }, 60_000);
    afterAll(() => db.close());

    it('grows each occupation at its national rate: CT nurses 32,440 → 37,248', async () => {
      const [rn] = await db.all("select * from stg_projections where soc_code = '29-1141'");
      // OEWS May 2015 CT: 32,440 RNs, median $76,460. BLS 2016-26: 2,955.2k → 3,393.2k, 203.7k openings.
      expect(rn?.base_employment).toBe(32440);
      expect(rn?.projected_employment).toBeCloseTo((32440 * 3393.2) / 2955.2, 6);
      expect(rn?.annual_openings).toBeCloseTo((32440 * 203.7) / 2955.2, 6);
      expect(rn?.median_wage).toBe(76460);
      expect(rn?.area_name).toBe('Connecticut (derived from national rates)');
    });

    it("has a total change equal to the sum of its occupations' changes", async () => {
      const [t] = await db.all(
        'select change, base_employment from stg_projections where is_total',
      );
      const sum = await db.scalar('select sum(change) from stg_projections where is_detail');
      expect(t?.change).toBeCloseTo(sum, 6);
      const clusters = await db.scalar(
        "select sum(change) from mart_clusters where framework = 'legacy16'",
      );
      const mapped = await db.scalar('select sum(change) from int_projections');
      expect(clusters).toBeCloseTo(mapped, 3);
    });

    it("uses Connecticut's published all-occupations median wage, $43,830", async () => {
      const [area] = await db.all('select * from stg_areas');
      expect(area?.area_median_wage).toBe(43830);
      expect(await db.scalar('select count(*) from mart_clusters')).toBe(30);
    });
  },
);

describeWithData('derived projections for every state in the May 2015 OEWS file', () => {
  it('scores all 51 areas in one run', async () => {
    const dir = tempDir();
    // The Connecticut config over every area; tables only, since 408 charts take most of a minute.
    const config = JSON.parse(
      readFileSync(join(REPO_ROOT, 'configs', 'ct-2016-2026-derived.json'), 'utf8'),
    );
    const configFile = join(dir, 'all-states.json');
    writeFileSync(configFile, JSON.stringify({ ...config, charts: { areas: 'none' } }));
    const result = await runPipeline(
      {
        configFile,
        outDir: join(dir, 'out'),
        dataDir: DATA_DIR,
        dbPath: join(dir, 'all.duckdb'),
        overrides: { areas: [], draws: 0 },
      },
      captureIO(),
    );
    expect(new Set(result.approved.map((a) => a.area)).size).toBe(51);
    expect(result.approved.every((a) => a.clusters.length === 12)).toBe(true);
    expect(existsSync(join(dir, 'out', 'charts'))).toBe(false);
  }, 120_000);
});
