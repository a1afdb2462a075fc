/**
 * Every example config in configs/ runs on the real file it names, and the staged figures match
 * the checks in ../shared/data/PROVENANCE.md.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, REPO_ROOT, tempDir } from '../helpers.ts';

const CONFIGS = join(REPO_ROOT, 'configs');

async function runConfig(name: string): Promise<Database> {
  const dir = tempDir();
  const db = join(dir, 'run.duckdb');
  await runPipeline(
    {
      configFile: join(CONFIGS, name),
      outDir: join(dir, 'out'),
      dataDir: DATA_DIR,
      dbPath: db,
      overrides: { draws: 200 },
    },
    captureIO(),
  );
  return Database.open(db);
}

const row = async (db: Database, sql: string) => (await db.all(sql))[0] ?? {};

describeWithData('every example config runs on its real file', () => {
  it('has a config for each real projections dataset', () => {
    expect(readdirSync(CONFIGS).sort()).toEqual(
      expect.arrayContaining([
        'us-2016-2026.json',
        'us-2019-2029.json',
        'us-2024-2034.json',
        'ca-2020-2030-areas.json',
        'ca-2023-2033.json',
        'ny-2014-2024.json',
      ]),
    );
  });

  describe('BLS 2016-2026 (SOC 2010, through the bridge)', () => {
    let db: Database;
    beforeAll(async () => {
      db = await runConfig('us-2016-2026.json');
    }, 60_000);
    afterAll(() => db.close());

    it('stages Registered Nurses 2,955,200 → 3,393,200 jobs and 203,700 openings a year', async () => {
      const rn = await row(db, "select * from stg_projections where soc_code = '29-1141'");
      expect(rn.base_employment).toBeCloseTo(2955200, 3);
      expect(rn.projected_employment).toBeCloseTo(3393200, 3);
      expect(rn.annual_openings).toBeCloseTo(203700, 3);
      expect(rn.median_wage).toBe(70000);
    });

    it('maps at least 99% of detailed employment to the legacy 16 clusters', async () => {
      const c = await row(db, "select * from mart_mapping_coverage where framework = 'legacy16'");
      expect(c.mapped_share).toBeGreaterThanOrEqual(0.99);
      const bridged = await row(
        db,
        "select sum(base_employment) as jobs from mart_soc_bridge_report where rule <> 'unbridged'",
      );
      const all = await row(
        db,
        'select sum(base_employment) as jobs from stg_projections where is_detail',
      );
      expect(Number(bridged.jobs) / Number(all.jobs)).toBeGreaterThan(0.99);
    });

    it('keeps employment whole through the bridge', async () => {
      const staged = await row(
        db,
        'select sum(base_employment) as jobs from stg_projections where is_detail',
      );
      const bridged = await row(db, 'select sum(base_employment) as jobs from int_projections');
      expect(Number(bridged.jobs)).toBeCloseTo(Number(staged.jobs), 0);
      expect(Number(staged.jobs)).toBeCloseTo(156063200, 0);
    });
  });

  it('BLS 2019-2029: Registered Nurses with exits and transfers (Table 1.10)', async () => {
    const db = await runConfig('us-2019-2029.json');
    try {
      const rn = await row(db, "select * from stg_projections where soc_code = '29-1141'");
      expect(rn.base_employment).toBeCloseTo(3096700, 3);
      expect(rn.projected_employment).toBeCloseTo(3318700, 3);
      expect(rn.annual_exits).toBeCloseTo(87000, 3);
      expect(rn.annual_transfers).toBeCloseTo(66800, 3);
      expect(rn.annual_openings).toBeCloseTo(175900, 3);
      const c = await row(db, 'select min(mapped_share) as share from mart_mapping_coverage');
      expect(c.share).toBe(1);
    } finally {
      db.close();
    }
  }, 60_000);

  it('BLS 2024-2034: Registered Nurses 3,391,000 → 3,557,100, 189,100 openings, $93,600', async () => {
    const db = await runConfig('us-2024-2034.json');
    try {
      const rn = await row(db, "select * from stg_projections where soc_code = '29-1141'");
      expect(rn.base_employment).toBeCloseTo(3391000, 3);
      expect(rn.projected_employment).toBeCloseTo(3557100, 3);
      expect(rn.annual_openings).toBeCloseTo(189100, 3);
      expect(rn.median_wage).toBe(93600);
    } finally {
      db.close();
    }
  }, 60_000);

  it('California 2020-2030: 33 areas, statewide 17,785,900 → 20,629,600 with 629 detailed rows', async () => {
    const db = await runConfig('ca-2020-2030-areas.json');
    try {
      const ca = await row(db, "select * from stg_areas where area_code = 'CA'");
      expect(ca.published_total_base_employment).toBe(17785900);
      expect(ca.detail_occupations).toBe(629);
      const total = await row(
        db,
        "select * from stg_projections where area_code = 'CA' and is_total",
      );
      expect(total.projected_employment).toBe(20629600);
      expect(await db.scalar('select count(distinct area_code) from mart_clusters')).toBe(33);
      expect(await db.scalar('select count(*) from mart_clusters')).toBe(33 * 30);
      // Each metro's differences from the state agree with the two approved lists themselves.
      const approvedSet = async (area: string, fw: string) =>
        new Set(
          (
            await db.all(
              `select cluster from mart_clusters where area_code = '${area}' and framework = '${fw}' and approved`,
            )
          ).map((r) => String(r.cluster)),
        );
      const diffs = await db.all('select * from mart_area_differences');
      expect(diffs).toHaveLength(32 * 2);
      for (const d of diffs.slice(0, 10)) {
        const mine = await approvedSet(String(d.area_code), String(d.framework));
        const state = await approvedSet('CA', String(d.framework));
        const added = [...mine].filter((c) => !state.has(c)).sort();
        const dropped = [...state].filter((c) => !mine.has(c)).sort();
        expect(d.added).toBe(added.join('; '));
        expect(d.dropped).toBe(dropped.join('; '));
        expect(d.differs).toBe(added.length + dropped.length > 0);
      }
      // Hybrid codes such as 15-1256 map through their members.
      const sw = await row(
        db,
        "select mapped_via from mart_occupations where soc_code = '15-1256' and area_code = 'CA' and framework = 'legacy16' limit 1",
      );
      expect(sw.mapped_via).toBe('members');
    } finally {
      db.close();
    }
  }, 60_000);

  it('New York 2014-2024: statewide 9,914,750 → 11,212,710; RN 7,450 openings, growth + replacement', async () => {
    const db = await runConfig('ny-2014-2024.json');
    try {
      const ny = await row(db, "select * from stg_projections where area_code = 'NY' and is_total");
      expect(ny.base_employment).toBe(9914750);
      expect(ny.projected_employment).toBe(11212710);
      const rn = await row(
        db,
        "select * from stg_projections where area_code = 'NY' and soc_code = '29-1141'",
      );
      expect(rn).toMatchObject({
        base_employment: 183210,
        projected_employment: 214460,
        annual_openings: 7450,
        openings_method: 'growth-replacement',
      });
      expect(await db.scalar('select count(distinct area_code) from mart_clusters')).toBe(10);
      // The file has no wages or education: the config fills them from OEWS May 2015 (New York's
      // RN median is $77,980) and BLS 2016-26, and says so on every value.
      const rnFilled = await row(
        db,
        "select * from mart_occupations where area_code = 'NY' and soc_code = '29-1141' and framework = 'legacy16'",
      );
      expect(rnFilled).toMatchObject({
        median_wage: 77980,
        median_wage_source: 'OEWS May 2015, New York',
        education: "Bachelor's degree",
        education_source: 'bls-ep-2016-2026 (United States)',
        postsecondary: true,
      });
      // New York's all-occupations median in OEWS May 2015 is the area median wage.
      const area = await row(db, "select * from stg_areas where area_code = 'NY'");
      expect(area.area_median_wage).toBe(
        await db.scalar(
          "select a_median from ref_attr_wages where area_code = 'NY' and soc_code = '00-0000'",
        ),
      );
      expect(area.area_median_wage_basis).toBe('published all-occupations median');
    } finally {
      db.close();
    }
  }, 60_000);
});
