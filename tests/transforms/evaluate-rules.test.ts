/**
 * A rule expression is config SQL: it cannot read a file, write one, reach the network, install
 * or load an extension, or change a setting. Checked twice: the locked database itself refuses
 * each (the guarantee), and a run whose config tries each stops with exit 2 naming the rule, the
 * config file and its key, echoing no file's contents (the message). The network cases go
 * against a server on 127.0.0.1 that counts its hits: it must count none.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { main } from '../../pipeline/cli.ts';
import { captureIO, FIXTURES, readCsv, tempDir } from '../helpers.ts';

const DATA = join(FIXTURES, 'mini-data');
const MINI = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8'));

let server: Server;
let hits = 0;
let url = '';
const work = tempDir('clusterfit-rules-');
const written = join(work, 'written.csv');

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('a\n1\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.csv`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the locked database refuses every way out', () => {
  const refused = async (sql: string) => {
    const db = await Database.openLocked();
    try {
      await db.exec(sql);
      return 'ran';
    } catch (error) {
      return (error as Error).message;
    } finally {
      db.close();
    }
  };

  it('reads no file', async () => {
    expect(await refused("select * from read_text('/etc/passwd')")).toMatch(/Permission Error/);
    expect(await refused("select * from glob('/etc/*')")).toMatch(/Permission Error/);
    expect(await refused("attach '/tmp/any.duckdb'")).toMatch(/Permission Error/);
  });

  it('writes no file', async () => {
    expect(await refused(`copy (select 1) to '${written}'`)).toMatch(/Permission Error/);
    expect(existsSync(written)).toBe(false);
  });

  it('reaches no server', async () => {
    expect(await refused(`select * from read_csv('${url}')`)).toMatch(/Permission Error/);
    expect(hits).toBe(0);
  });

  it('installs, loads and re-enables nothing', async () => {
    expect(await refused('install httpfs')).toMatch(/Permission Error/);
    expect(await refused('load httpfs')).toMatch(/Permission Error/);
    expect(await refused('set enable_external_access = true')).toMatch(/locked/);
    expect(await refused('set autoinstall_known_extensions = true')).toMatch(/locked/);
  });
});

describe('a run whose rule tries to leave stops with exit 2, naming the rule', () => {
  const CASES: [string, string, string][] = [
    ['read a file', "(select count(*) from read_text('/etc/passwd')) > 0", 'subquery'],
    ['read a file, as a scalar', "length(read_text('/etc/passwd')) > 0", 'cannot be evaluated'],
    ['write a file', `(select 1 from (copy (select 1) to '${written}')) = 1`, 'does not parse'],
    [
      'close the parentheses',
      "true) from int_occupation_facts union select (content <> '') from read_text('/etc/passwd') union select (true",
      'not a single expression',
    ],
    ['a second column', 'true) as flag, (1', 'not a single expression'],
    ['a second statement', "true; copy (select 1) to '/tmp/x'", '";"'],
    ['reach a server', `(select count(*) from read_csv('${url}')) > 0`, 'subquery'],
    ['read a setting', "current_setting('home_directory') <> ''", 'current_setting()'],
    ['list the engine', '(select count(*) from duckdb_settings()) > 0', 'subquery'],
    ['an environment variable', "getenv('HOME') <> ''", 'getenv()'],
  ];
  for (const [name, expression, says] of CASES) {
    it(name, async () => {
      const config = join(work, `${name.replace(/\W+/g, '-')}.json`);
      writeFileSync(config, JSON.stringify({ ...MINI, rules: [{ id: 'sly', expression }] }));
      const io = captureIO();
      const out = join(work, 'out');
      const code = await main(
        ['run', '--config', config, '--data-dir', DATA, '--out', out, '--draws', '0'],
        io,
      );
      expect(code, io.stderr).toBe(2);
      expect(io.stderr).toContain(`Config file ${config}`);
      expect(io.stderr).toContain('key "rules[0]');
      expect(io.stderr).toContain(says);
      expect(io.stderr).not.toContain('root:');
      expect(io.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(out, 'clusters.csv'))).toBe(false);
      expect(existsSync(written)).toBe(false);
      expect(hits).toBe(0);
    });
  }

  it('still evaluates an ordinary expression, with a subquery-free CASE and functions', async () => {
    const config = join(work, 'fine.json');
    const expression =
      "case when lower(soc_title) like '%nurse%' then true else annual_openings > 200 end";
    writeFileSync(config, JSON.stringify({ ...MINI, rules: [{ id: 'fine', expression }] }));
    const out = join(work, 'fine');
    const io = captureIO();
    const code = await main(
      ['run', '--config', config, '--data-dir', DATA, '--out', out, '--draws', '0'],
      io,
    );
    expect(code, io.stderr).toBe(0);
    const flags = new Map(
      readCsv(join(out, 'occupations.csv')).map((o) => [o.soc_code, o.fine] as const),
    );
    // Registered nurses by title; home health aides (300 openings) and cooks (210) by openings;
    // software developers (56 openings) neither.
    expect(flags.get('29-1141')).toBe('true');
    expect(flags.get('31-1120')).toBe('true');
    expect(flags.get('35-2014')).toBe('true');
    expect(flags.get('15-1252')).toBe('false');
  });
});
