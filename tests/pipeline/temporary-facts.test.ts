/**
 * The temporary tables the score and rank stages read instead of the views (tmp_cluster_facts,
 * tmp_sublevel_facts) must hold exactly the views' rows: they are built by joining per code what
 * the views join per framework and cluster, so a change to one must not leave the other behind.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { resolveDataDir } from '../../pipeline/data-dir.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { SUBLEVEL_FACT_MODELS } from '../../pipeline/stages/sublevels.ts';
import { ensureTemporary, materializeViews, runModels } from '../../transforms/run-models.ts';
import { captureIO, DATA_DIR, describeWithData, FIXTURES, REPO_ROOT, tempDir } from '../helpers.ts';

/** Rows of `a` not in `b` and of `b` not in `a` (multisets). */
async function difference(db: Database, a: string, b: string): Promise<number[]> {
  const count = (x: string, y: string) =>
    db.scalar(`select count(*) from ((${x}) except all (${y}))`);
  return [await count(a, b), await count(b, a)];
}

const CLUSTER_FACTS = `select a.area_code, a.vintage, i.framework, i.cluster, f.soc_code,
    f.median_wage, f.weight_split, f.weight_full, f.weight_primary, f.base_employment,
    f.projected_employment, f.annual_openings, f.high_wage, f.waged, f.postsecondary, f.educated
  from tmp_cluster_facts f
  join tmp_cluster_areas a using (area_id)
  join tmp_cluster_ids i using (cluster_id)`;

const CLUSTER_VIEW = `select area_code, vintage, framework, cluster, soc_code, median_wage,
    weight_split, weight_full, weight_primary, base_employment, projected_employment,
    annual_openings, high_wage, median_wage is not null, postsecondary, education is not null
  from mart_occupations where cluster <> '(unmapped)'`;

const SUBLEVEL_FACTS = `select a.area_code, a.vintage, p.framework, p.cluster, p.sublevel, f.wage,
    f.jobs, f.w_base, f.w_projected, f.w_openings, f.high_wage, f.waged, f.postsecondary,
    f.educated
  from tmp_sublevel_facts f
  join tmp_cluster_areas a using (area_id)
  join (select distinct path_id, framework, cluster, sublevel from tmp_sublevel_paths) p
    using (path_id)`;

const SUBLEVEL_VIEW = `select area_code, vintage, framework, cluster, sublevel, median_wage,
    cast(weight * base_employment as double),
    cast(weight * base_employment as decimal(18, 6)),
    cast(weight * projected_employment as decimal(18, 6)),
    cast(weight * annual_openings as decimal(18, 6)),
    high_wage, median_wage is not null, postsecondary, education is not null
  from mart_sublevel_occupations`;

async function check(configFile: string, dataDir: string): Promise<void> {
  const out = tempDir();
  await runPipeline({ configFile, outDir: out, dataDir }, captureIO());
  const db = await Database.open(join(out, 'clusterfit.duckdb'));
  try {
    // A reopened database has no temporary tables: tmp_cluster_facts is built again after the
    // temporary tables it reads (tmp_cluster_areas, tmp_cluster_ids).
    await ensureTemporary(db, 'intermediate/tmp_cluster_facts');
    await runModels(db, SUBLEVEL_FACT_MODELS);
    expect(await db.scalar('select count(*) from tmp_cluster_facts')).toBeGreaterThan(0);
    expect(await difference(db, CLUSTER_FACTS, CLUSTER_VIEW)).toEqual([0, 0]);
    expect(await db.scalar('select count(*) from tmp_sublevel_facts')).toBeGreaterThan(0);
    expect(await difference(db, SUBLEVEL_FACTS, SUBLEVEL_VIEW)).toEqual([0, 0]);
    // A small run's copy of int_projections (materializeViews) holds the view's rows, and the
    // file keeps the view.
    const file = await db.firstRow('select current_database()');
    materializeViews(db);
    await runModels(db, ['intermediate/int_projections']);
    const copy = 'select * from temp.main.int_projections';
    expect(await db.scalar(`select count(*) from (${copy})`)).toBeGreaterThan(0);
    expect(await difference(db, copy, `select * from "${file[0]}".main.int_projections`)).toEqual([
      0, 0,
    ]);
    expect(
      await db.scalar("select count(*) from duckdb_views() where view_name = 'int_projections'"),
    ).toBe(1);
  } finally {
    db.close();
  }
}

describe('temporary facts', () => {
  it('hold the views’ rows on the mini fixture', async () => {
    await check(
      join(FIXTURES, 'configs', 'mini.json'),
      resolveDataDir(join(FIXTURES, 'mini-data'), {}),
    );
  });
});

describeWithData('temporary facts on real files', () => {
  it('hold the views’ rows for New York 2014–2024 (SOC 2010 codes bridged and merged)', async () => {
    await check(join(REPO_ROOT, 'configs', 'ny-2014-2024.json'), DATA_DIR);
  }, 120_000);
});
