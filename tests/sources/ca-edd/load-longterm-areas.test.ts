/**
 * The all-areas export loaded by DuckDB against the row-by-row reader: for each file, both give
 * the same raw_projections (values and order), the same tables, or the same error. Files the SQL
 * path cannot vouch for must be left to the row-by-row reader.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../kernel/database.ts';
import {
  loaded,
  loadProjections,
  loadProjectionTables,
  selectAreas,
} from '../../../pipeline/stages/load-projections.ts';
import { loadCaEddLongtermAreas } from '../../../sources/ca-edd/load-longterm-areas.ts';
import { readCaEddLongtermAreas } from '../../../sources/ca-edd/read-longterm-areas.ts';
import type { LoadedTable } from '../../../sources/projection-record.ts';
import { dataFile, describeWithData, FIXTURES, tempDir } from '../../helpers.ts';

const REAL = 'projections_state/ca_edd_2020_2030/ca_edd_longterm_occproj_2020_2030_all_areas.csv';
const FIXTURE = readFileSync(join(FIXTURES, 'ca-edd', 'longterm_all_areas_2020_2030.csv'), 'utf8');
const LAYOUT = 'ca-edd-longterm-all-areas';
const dir = tempDir();
let files = 0;

type Outcome = { error: string } | { tables: LoadedTable[]; rows: unknown[] };

/** The row-by-row reader and the Appender, as before the SQL path. */
async function rowByRow(path: string, areas: string[]): Promise<Outcome> {
  const db = await Database.open(':memory:');
  try {
    const tables = selectAreas(await readCaEddLongtermAreas(path, 'f.csv'), areas, 'f.csv');
    await loadProjectionTables(db, tables, { file: 'f.csv', sourceId: 's' });
    return { tables: tables.map(loaded), rows: await db.all('select * from raw_projections') };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    db.close();
  }
}

/** Through loadProjections, in a transaction when asked (a small run holds one over the stages). */
async function viaLoadProjections(
  path: string,
  areas: string[],
  transaction = false,
): Promise<Outcome> {
  const db = await Database.open(':memory:');
  try {
    if (transaction) await db.exec('begin transaction');
    const input = { path, file: 'f.csv', layout: LAYOUT, sourceId: 's' };
    const { tables } = await loadProjections(db, input, areas);
    return { tables, rows: await db.all('select * from raw_projections') };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    db.close();
  }
}

/** Whether the SQL path takes the file. */
async function takenBySql(path: string): Promise<boolean> {
  const db = await Database.open(':memory:');
  try {
    return (await loadCaEddLongtermAreas(db, path, 'f.csv')) !== undefined;
  } finally {
    db.close();
  }
}

const lines = FIXTURE.trimEnd().split('\n');
const edit = (from: string, to: string) => FIXTURE.replace(from, to);

const CASES: { name: string; text: string; sql: boolean; areas?: string[] }[] = [
  { name: 'the fixture', text: FIXTURE, sql: true },
  {
    name: 'CRLF with a byte-order mark',
    text: `\uFEFF${FIXTURE.replace(/\n/g, '\r\n')}`,
    sql: true,
  },
  { name: 'no final line ending', text: FIXTURE.trimEnd(), sql: true },
  {
    name: 'title rows above the header',
    text: `California EDD\n"Projections, 2020-2030"\n${FIXTURE}`,
    sql: true,
  },
  {
    name: 'no-value tokens, -0 and empty cells',
    text: edit('16.0,8162180,11528990,22534870,23.13', 'N/A,*,—,,-0.0').replace(
      'None,Long-term',
      ',Long-term',
    ),
    sql: true,
  },
  {
    name: 'doubled quotes in a title',
    text: edit('Actors,', '"Actors ""and"" Actresses",'),
    sql: true,
  },
  {
    name: 'without the optional columns',
    text: lines.map((l) => l.replace(/,[^,]*,[^,]*$/, '')).join('\n'),
    sql: true,
  },
  { name: 'one area selected', text: FIXTURE, sql: true, areas: ['CA-napa-msa'] },
  { name: 'an unknown area selected', text: FIXTURE, sql: true, areas: ['CA-nowhere'] },
  // Left to the row-by-row reader, which must give what it always gave:
  { name: 'a bad number', text: edit('323900,358900', '323900,35890O'), sql: false },
  { name: 'a number with a comma', text: edit('345100,418000', '"345,100",418000'), sql: false },
  {
    name: 'two spaces in a title',
    text: edit('Registered Nurses', 'Registered  Nurses'),
    sql: false,
  },
  {
    name: 'a space after an area name',
    text: edit('Napa MSA (Napa County),2020-2030,1', 'Napa MSA (Napa County) ,2020-2030,1'),
    sql: false,
  },
  { name: 'a formula for a title', text: edit('Actors,', '=1+1,'), sql: false },
  { name: 'an unknown area type', text: edit('Consortium,', 'County,'), sql: false },
  { name: 'a bad period', text: edit('Napa County),2020-2030', 'Napa County),2020'), sql: false },
  {
    name: 'a blank line',
    text: edit('Metropolitan Area,Napa MSA', '\nMetropolitan Area,Napa MSA'),
    sql: false,
  },
  { name: 'a short row', text: `${FIXTURE}State,California,2020-2030,4\n`, sql: false },
  { name: 'a long row', text: edit('None,None\n', 'None,None,extra\n'), sql: false },
  { name: 'a row of empty cells', text: `${FIXTURE}${','.repeat(17)}\n`, sql: false },
  {
    name: 'an area whose rows are apart',
    text: [lines[0], lines[1], lines[5], lines[2], lines[3], lines[4], lines[6], lines[7]].join(
      '\n',
    ),
    sql: false,
  },
  { name: 'a header only', text: `${lines[0]}\n`, sql: false },
  {
    name: "a unit separator (the SQL key's) in an area name",
    text: FIXTURE.replaceAll('(Napa County)', '(Napa County)\u001f2020-2030'),
    sql: false,
  },
];

describe('California EDD all-areas loaded by DuckDB', () => {
  for (const c of CASES) {
    it(`${c.name}: the same as row by row`, async () => {
      const path = join(dir, `case${files++}.csv`);
      writeFileSync(path, c.text);
      expect(await takenBySql(path)).toBe(c.sql);
      const areas = c.areas ?? [];
      const expected = await rowByRow(path, areas);
      expect(await viaLoadProjections(path, areas)).toEqual(expected);
      if (c.sql && !c.areas) expect(expected).toHaveProperty('rows');
    });
  }

  it('keeps -0 as -0 and the rows in file order', async () => {
    const path = join(dir, 'minus-zero.csv');
    writeFileSync(path, edit('72900,21.1', '72900,-0.0'));
    const out = await viaLoadProjections(path, []);
    if ('error' in out) throw new Error(out.error);
    const rows = out.rows as { pct_change: number; source_row: number }[];
    expect(Object.is(rows[1]?.pct_change, -0)).toBe(true);
    expect(rows.map((r) => r.source_row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('California EDD all-areas of many areas loaded by DuckDB', () => {
  // 15,000 areas of the fixture's four state rows (9 MB, 60,000 rows): more than DuckDB reads
  // on one thread, so the rows are typed on both and must still come in file order.
  const state = lines.slice(1, 5);
  const areas = Array.from({ length: 15_000 }, (_, i) =>
    state.map((l) =>
      l.replace(
        'State,California,',
        `Metropolitan Area,Synthetic ${i + 1} MSA (copy of California),`,
      ),
    ),
  );

  it('gives the tables and rows the row-by-row reader gives, in file order', async () => {
    const path = join(dir, 'many-areas.csv');
    writeFileSync(path, `${[lines[0], ...areas.flat()].join('\n')}\n`);
    expect(await takenBySql(path)).toBe(true);
    const expected = await rowByRow(path, []);
    const out = await viaLoadProjections(path, []);
    expect(out).toEqual(expected);
    expect(await viaLoadProjections(path, [], true)).toEqual(expected);
    if ('error' in out) throw new Error(out.error);
    expect(out.tables).toHaveLength(15_000);
    const rows = out.rows as { source_row: number; area_name: string }[];
    expect(rows.map((r) => r.source_row)).toEqual(rows.map((_, i) => i + 2));
    expect(rows[59_999]?.area_name).toBe('Synthetic 15000 MSA (copy of California)');
  });

  it('is left to the row-by-row reader when an area comes back 50,000 rows on', async () => {
    const path = join(dir, 'many-areas-apart.csv');
    const [first, ...rest] = areas;
    const apart = [...(first ?? []).slice(0, 2), ...rest.flat(), ...(first ?? []).slice(2)];
    writeFileSync(path, `${[lines[0], ...apart].join('\n')}\n`);
    expect(await takenBySql(path)).toBe(false);
  });
});

describe('raw_projections in a database reused with --db', () => {
  it("is the SQL path's view or the Appender's table, whichever an earlier run left", async () => {
    const path = join(dir, 'reused.csv');
    writeFileSync(path, FIXTURE);
    const file = join(dir, 'reused.duckdb');
    const input = { path, file: 'f.csv', layout: LAYOUT, sourceId: 's' };
    const kinds: unknown[] = [];
    // A view, then a table over it, then a view over that table: each in the same file.
    for (const load of ['sql', 'appender', 'sql'] as const) {
      const db = await Database.open(file);
      try {
        if (load === 'sql') await loadProjections(db, input, ['CA-napa-msa']);
        else {
          const tables = await readCaEddLongtermAreas(path, 'f.csv');
          await loadProjectionTables(db, tables, { file: 'f.csv', sourceId: 's' });
        }
        kinds.push(
          ...(await db.all(
            `select table_type as kind, (select count(*) from raw_projections) as n
             from information_schema.tables where table_name = 'raw_projections'`,
          )),
        );
      } finally {
        db.close();
      }
    }
    expect(kinds).toEqual([
      { kind: 'VIEW', n: 2 },
      { kind: 'BASE TABLE', n: 7 },
      { kind: 'VIEW', n: 2 },
    ]);
  });
});

describeWithData('California EDD 2020-2030 all areas (real file) loaded by DuckDB', () => {
  it('gives the 33 tables and 16,908 rows the row-by-row reader gives, value for value', async () => {
    const path = dataFile(REAL);
    expect(await takenBySql(path)).toBe(true);
    const expected = await rowByRow(path, []);
    expect(expected).toHaveProperty('rows');
    expect(await viaLoadProjections(path, [])).toEqual(expected);
  });
});
