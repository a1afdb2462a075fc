/**
 * The history database's schema: versioned, migrated in one transaction, and refused when it is
 * newer than this clusterfit knows; and a run's append on the history's own connection.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../kernel/cli-error.ts';
import { Database } from '../../kernel/database.ts';
import { listRuns, openHistory, RunHistory } from '../../pipeline/history.ts';
import { tempDir } from '../helpers.ts';

describe('history schema', () => {
  it('creates a new history at the current version, with no runs', async () => {
    const dir = tempDir();
    const db = await openHistory(join(dir, 'history.duckdb'));
    expect(await db.scalar('select max(version) from schema_version')).toBe(1);
    expect(await db.scalar('select count(*) from runs')).toBe(0);
    db.close();
    expect(await listRuns(dir)).toEqual([]);
  });

  it('refuses a history written by a newer clusterfit, naming the versions', async () => {
    const path = join(tempDir(), 'history.duckdb');
    const db = await Database.open(path);
    await db.exec(
      'create table schema_version (version integer); insert into schema_version values (7)',
    );
    db.close();
    await expect(openHistory(path)).rejects.toThrow(
      /has history schema version 7, newer than this clusterfit knows \(1\)/,
    );
  });

  it('rolls a failed migration back whole: no table of it is left behind', async () => {
    const path = join(tempDir(), 'history.duckdb');
    const db = await Database.open(path);
    // A table in the way of the migration's third statement makes it fail part way.
    await db.exec('create table run_inputs (x integer); insert into run_inputs values (42)');
    db.close();
    await expect(openHistory(path)).rejects.toThrow();
    const after = await Database.open(path);
    const tables = (
      await after.all<{ name: string }>(
        'select table_name as name from information_schema.tables order by 1',
      )
    ).map((t) => t.name);
    expect(tables).toEqual(['run_inputs']);
    expect(await after.scalar('select x from run_inputs')).toBe(42);
    after.close();
  });

  it('reports a file that is not a database as an input error naming it', async () => {
    const dir = tempDir();
    const path = join(dir, 'history.duckdb');
    (await import('node:fs')).writeFileSync(path, 'not a database');
    const error = await openHistory(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toContain(
      `${path} is not a readable clusterfit history database`,
    );
  });
});

describe("a run's append (RunHistory)", () => {
  const run = {
    run_id: 'r1',
    started_at: '2026-12-06T08:00:00.000Z',
    finished_at: '2026-12-06T08:00:01.000Z',
    command: null,
    clusterfit: '0.1.0',
    config_hash: 'c',
    fingerprint: 'f',
    config_json: '{}',
  };
  // A file name with a quote and a size past 2^31: the inputs go in as SQL literals.
  const inputs = [
    { source: 'ca-edd', file: "O'Hare/ca.xlsx", sha256: 'ab12', bytes: 3_000_000_000, rows: 793 },
  ];

  /** A run database with mart_clusters (unless `clusters` is false) and the history beside it. */
  async function runDatabase(clusters = true) {
    const dir = tempDir();
    const db = await Database.open(join(dir, 'run.duckdb'));
    if (clusters) {
      await db.exec(`create table mart_clusters as
        select 'CA' as area_code, '2022-2032' as vintage, 'acte2024' as framework,
          'Education' as cluster, 100.0 as base_employment, 0.05 as pct_change,
          12.5 as annual_openings, 60000.0 as median_wage, 0.9 as score, 1 as rank,
          true as approved`);
    }
    const history = await RunHistory.attach(db, dir, join(dir, 'history.duckdb'));
    return { dir, db, history };
  }

  it("writes the run, its inputs and its clusters from the run's tables into the history", async () => {
    const { dir, db, history } = await runDatabase();
    expect(history.last).toBeNull();
    expect(history.runDatabase).toBe('run');
    history.appendResults(run.run_id, inputs, Promise.resolve());
    // The recommendation is read from its file, named as it is whatever DuckDB's glob patterns
    // would also match (here another file beside it).
    const recommendation = join(dir, 'recommendation[1]*.md');
    writeFileSync(recommendation, '# Recommendation — 1\n');
    writeFileSync(join(dir, 'recommendation1-other.md'), '# Another\n');
    await history.append(run, recommendation);
    await history.close();
    db.close();
    // The staging copy (here the folder's own file) holds all three, once detached.
    expect((await listRuns(dir)).map((r) => [r.run_id, r.recommendation])).toEqual([
      ['r1', '# Recommendation — 1\n'],
    ]);
    const check = await openHistory(join(dir, 'history.duckdb'));
    expect(await check.all('select * from run_inputs')).toEqual([
      {
        run_id: 'r1',
        source: 'ca-edd',
        file: "O'Hare/ca.xlsx",
        sha256: 'ab12',
        bytes: 3_000_000_000,
        rows_read: 793,
      },
    ]);
    expect(
      await check.all(
        'select run_id, area, cluster, rank, approved, median_wage from run_clusters',
      ),
    ).toEqual([
      {
        run_id: 'r1',
        area: 'CA',
        cluster: 'Education',
        rank: 1,
        approved: true,
        median_wage: 60000,
      },
    ]);
    check.close();
  });

  it("a failed append of the results is the run's append's error, and leaves no run behind", async () => {
    const { dir, db, history } = await runDatabase(false);
    history.appendResults(run.run_id, inputs, Promise.resolve());
    await expect(history.append(run, join(dir, 'recommendation.md'))).rejects.toThrow(
      /mart_clusters/,
    );
    // Closed once, whoever asks: the ending, then a failed run's cleanup.
    expect(history.close()).toBe(history.close());
    await history.close();
    db.close();
    const check = await openHistory(join(dir, 'history.duckdb'));
    expect(await check.scalar('select count(*) from runs')).toBe(0);
    expect(await check.scalar('select count(*) from run_inputs')).toBe(0);
    check.close();
  });
});
