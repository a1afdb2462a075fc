/**
 * The history database's schema: versioned, migrated in one transaction, and refused when it is
 * newer than this clusterfit knows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../kernel/cli-error.ts';
import { Database } from '../../kernel/database.ts';
import { listRuns, openHistory } from '../../pipeline/history.ts';
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
