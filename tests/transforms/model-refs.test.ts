/**
 * The `ref()` reader of the SQL models (transforms/model-refs.ts): what a model creates and reads,
 * and the stages' reads and writes derived from the models they run, checked against the
 * relations a real run's database holds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { resolveDataDir } from '../../pipeline/data-dir.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { modelOf, modelRefs, relationsOf, sqlRefs } from '../../transforms/model-refs.ts';
import { captureIO, FIXTURES, tempDir } from '../helpers.ts';

describe('modelRefs', () => {
  it('reads what marts/mart_occupations creates and reads', () => {
    // Its FROM, JOINs and the CTE over run_settings (the CTE's own name is not a read).
    expect(modelRefs('marts/mart_occupations')).toEqual({
      creates: ['mart_occupations'],
      reads: [
        'run_settings',
        'int_projections',
        'stg_areas',
        'ref_framework_clusters',
        'int_occupation_clusters',
      ],
    });
  });

  it('leaves out CTEs, table functions and subqueries (mart_cluster_metrics_by_allocation)', () => {
    // CTEs o, sums, grid and stacked; `unpivot include nulls (`; `(values …) p(allocation)`.
    expect(modelRefs('marts/mart_cluster_metrics_by_allocation')).toEqual({
      creates: ['mart_cluster_metrics_by_allocation'],
      reads: [
        'tmp_cluster_facts',
        'tmp_cluster_areas',
        'ref_framework_clusters',
        'tmp_cluster_ids',
      ],
    });
  });

  it('reads a PIVOT source and the relations of its IN list (tmp_sublevel_metrics)', () => {
    expect(modelRefs('intermediate/tmp_sublevel_metrics').reads).toEqual([
      'mart_sublevel_metrics',
      'tmp_cluster_areas',
      'tmp_sublevel_paths',
      'tmp_sublevel_group_medians',
      'int_sublevel_added_metrics',
      'int_added_metrics',
    ]);
  });

  it('takes a reference the text cannot show from a `-- reads:` comment', () => {
    // int_sublevel_supply_gap names mart_supply_sublevel_gap only inside a string (it may not
    // exist).
    expect(modelRefs('intermediate/int_sublevel_supply_gap')).toEqual({
      creates: ['int_sublevel_supply_gap'],
      reads: ['run_settings', 'mart_supply_sublevel_gap'],
    });
  });

  it('leaves out a CTE pivoted and a table function, and keeps a declared read (mart_cluster_metrics_all)', () => {
    // CTEs median_wage, shares (the PIVOT's source) and added; query(getvariable(…)).
    expect(modelRefs('marts/mart_cluster_metrics_all')).toEqual({
      creates: ['mart_cluster_metrics_all'],
      reads: [
        'run_settings',
        'int_cluster_median_wage_groups',
        'tmp_cluster_areas',
        'tmp_cluster_ids',
        'mart_cluster_rule_shares',
        'int_added_metrics',
        'mart_cluster_metrics_by_allocation',
        'mart_supply_gap',
      ],
    });
  });

  it('ignores words in comments and strings, and a function call after FROM', () => {
    expect(
      sqlRefs(`-- built from old_table
        create or replace table t as
        select extract(year from d) as y, 'from fake' as s, p.from_codes
        from read_csv('x.csv') c join real_one r on true`),
    ).toEqual({ creates: ['t'], reads: ['real_one'] });
  });

  it('finds the model that creates a relation', () => {
    expect(modelOf('tmp_cluster_ids')).toBe('intermediate/tmp_cluster_ids');
    expect(modelOf('mart_clusters')).toBe('marts/mart_clusters');
    expect(modelOf('int_cluster_rank')).toBeUndefined(); // written by the rank stage's TypeScript
  });

  it('derives a step’s reads as what its models read and it does not write', () => {
    expect(
      relationsOf(['intermediate/tmp_score_rows', 'intermediate/int_cluster_score'], {
        reads: [],
        writes: ['int_cluster_score_rows'],
      }),
    ).toEqual({
      reads: ['mart_cluster_metrics'],
      writes: ['int_cluster_score_rows', 'tmp_score_rows', 'int_cluster_score'],
    });
  });
});

describe('stage reads and writes in the manifest', () => {
  it('name every relation the run leaves in its database, and only the ones it can', async () => {
    const out = tempDir();
    await runPipeline(
      {
        configFile: join(FIXTURES, 'configs', 'mini.json'),
        outDir: out,
        dataDir: resolveDataDir(join(FIXTURES, 'mini-data'), {}),
      },
      captureIO(),
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      stages: { name: string; reads: string[]; writes: string[] }[];
    };
    const db = await Database.open(join(out, 'clusterfit.duckdb'));
    let inDatabase: string[];
    try {
      inDatabase = (
        await db.all<{ name: string }>(
          `select table_name as name from duckdb_tables() where not temporary
           union all select view_name from duckdb_views() where not internal and not temporary
           order by name`,
        )
      ).map((r) => r.name);
    } finally {
      db.close();
    }
    // Relations, not files (a dot) or inputs (a space); temporary tables (tmp_, and pub_ the
    // published tables) end with the run.
    const written = manifest.stages
      .flatMap((s) => s.writes)
      .filter((w) => /^\w+$/.test(w) && !w.startsWith('tmp_') && !w.startsWith('pub_'))
      .sort();
    expect(inDatabase.length).toBeGreaterThan(40);
    expect(inDatabase.filter((r) => !written.includes(r))).toEqual([]);
    // What the stages may write and this run did not: the supply stage is off, and the bridge
    // needs both frameworks (the mini fixture has them, so only supply's are missing).
    expect(written.filter((w) => !inDatabase.includes(w))).toEqual([
      'mart_supply_sublevel_gap',
      'mart_supply_sublevels',
    ]);
    // The score stage's reads: what its models read that neither they nor its TypeScript write
    // (mart_occupation_rules, int_cluster_score_rows … are its own).
    const score = manifest.stages.find((s) => s.name === 'score');
    expect(score?.writes).toContain('mart_cluster_metrics_all');
    expect(score?.reads).toEqual([
      'stg_areas',
      'int_projections',
      'stg_projections',
      'run_settings',
      'ref_framework_clusters',
      'int_occupation_clusters',
      'run_rules',
      'mart_supply_gap',
      'run_weights',
    ]);
  }, 60_000);
});
