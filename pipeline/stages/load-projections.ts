/**
 * The projections half of ingest, shared by `clusterfit run` and `clusterfit validate`: read a
 * projections file with its layout's reader and load the typed rows into raw_projections. Both
 * commands go through here so that they can never disagree about what a file contains.
 */

import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import type { ProjectionsFileConfig } from '../../kernel/config-types.ts';
import { col, type Database, type TableColumn } from '../../kernel/database.ts';
import { messages } from '../../kernel/messages.ts';
import { detectLayout } from '../../sources/detect-layout.ts';
import { mappedLayout } from '../../sources/mapped/layouts.ts';
import {
  type MappedRead,
  readMappedProjections,
} from '../../sources/mapped/read-mapped-projections.ts';
import type {
  LoadedTable,
  ProjectionTable,
  SqlProjections,
} from '../../sources/projection-record.ts';
import { PROJECTION_READERS, PROJECTION_SQL_READERS } from '../../sources/readers.ts';

/** The columns of raw_projections: the reader's record plus its table's area, years and units. */
export const RAW_PROJECTIONS: readonly TableColumn[] = [
  col('area_code', 'VARCHAR'),
  col('area_name', 'VARCHAR'),
  col('area_type', 'VARCHAR'),
  col('area_fips', 'VARCHAR'),
  col('base_year', 'INTEGER'),
  col('proj_year', 'INTEGER'),
  col('employment_multiplier', 'DOUBLE'),
  col('openings_period_years', 'INTEGER'),
  col('pct_change_unit', 'VARCHAR'),
  col('openings_method', 'VARCHAR'),
  col('soc_vintage', 'INTEGER'),
  col('rounding', 'DOUBLE'),
  col('source_id', 'VARCHAR'),
  col('source_file', 'VARCHAR'),
  col('source_row', 'INTEGER'),
  col('soc_code', 'VARCHAR'),
  col('soc_title', 'VARCHAR'),
  col('is_detail', 'BOOLEAN'),
  col('is_total', 'BOOLEAN'),
  col('base_employment', 'DOUBLE'),
  col('projected_employment', 'DOUBLE'),
  col('change', 'DOUBLE'),
  col('pct_change', 'DOUBLE'),
  col('exits', 'DOUBLE'),
  col('transfers', 'DOUBLE'),
  col('openings', 'DOUBLE'),
  col('growth_openings', 'DOUBLE'),
  col('replacement_openings', 'DOUBLE'),
  col('median_hourly_wage', 'DOUBLE'),
  col('median_annual_wage', 'DOUBLE'),
  col('median_wage_topcoded', 'BOOLEAN'),
  col('education', 'VARCHAR'),
  col('work_experience', 'VARCHAR'),
  col('ojt', 'VARCHAR'),
];

/** A projections file to load: where it is, how it is named to people, and its layout. */
export interface ProjectionsFile {
  /** Absolute path on disk. */
  path: string;
  /** The name shown in messages and stored as source_file. */
  file: string;
  layout: string;
  /** Catalog id recorded as source_id. */
  sourceId: string;
}

/**
 * Reads the file with its layout's reader, keeps the given areas (all when none are named; an
 * unknown area is a usage error) and loads raw_projections. Returns the tables and the row count.
 * A layout that can load the file in SQL (PROJECTION_SQL_READERS) does; one that cannot, or a
 * file it cannot vouch for, goes through the layout's reader and the Appender.
 */
export async function loadProjections(
  db: Database,
  input: ProjectionsFile,
  areas: readonly string[] = [],
  /** The file's tables when already being read (ingest's readAhead): a layout without SQL reader. */
  read?: Promise<ProjectionTable[]>,
): Promise<{ tables: LoadedTable[]; rows: number }> {
  const sql = await PROJECTION_SQL_READERS[input.layout]?.(db, input.path, input.file);
  if (sql) {
    try {
      const tables = selectAreas(sql.tables, areas, input.file);
      return { tables, rows: await loadSqlProjections(db, sql, tables, input) };
    } catch (error) {
      await sql.release();
      throw error;
    }
  }
  const tables = selectAreas(await (read ?? readProjections(input)), areas, input.file);
  return { tables: tables.map(loaded), rows: await loadProjectionTables(db, tables, input) };
}

/** A read table's summary, its records counted. */
export function loaded({ records, ...t }: ProjectionTable): LoadedTable {
  return { ...t, rows: records.length };
}

/** Every table of a projections file, as its layout's reader types it. */
export async function readProjections(
  input: Pick<ProjectionsFile, 'path' | 'file' | 'layout'>,
): Promise<ProjectionTable[]> {
  const read = PROJECTION_READERS[input.layout];
  if (!read) throw new Error(`No projections reader for layout ${input.layout}`);
  return read(input.path, input.file);
}

/** A user's own projections file as read: its layout, tables, and what the reader understood. */
export interface UserProjections {
  layout: string;
  tables: ProjectionTable[];
  /** Set for the header-mapped layouts: columns, units, identities, levels, suppressed cells. */
  mapped?: MappedRead;
}

/**
 * Reads a user's projections file: its layout given or detected from the headers, and for a
 * header-mapped layout the config's columns and units applied. A file in one of the dedicated
 * layouts (CA EDD, NY DOL, BLS, PC REST JSON) goes through its own reader.
 */
export async function readUserProjections(
  path: string,
  file: string,
  spec: Pick<ProjectionsFileConfig, 'layout' | 'columns' | 'units' | 'encoding'>,
): Promise<UserProjections> {
  const detected = spec.layout ?? (await detectLayout(path, file, spec.encoding));
  const mappedAs = mappedLayout(detected);
  if (mappedAs) {
    const layout = mappedAs.name;
    const mapped = await readMappedProjections(path, file, {
      layout,
      columns: spec.columns,
      units: spec.units,
      ...(spec.encoding === undefined ? {} : { encoding: spec.encoding }),
    });
    return { layout, tables: mapped.tables, mapped };
  }
  const layout = detected;
  const read = PROJECTION_READERS[layout];
  if (!read) {
    throw new CliError(
      messages.unknownLayout(layout, Object.keys(PROJECTION_READERS)),
      ExitCode.usage,
    );
  }
  if (
    Object.keys(spec.columns).length > 0 ||
    Object.keys(spec.units).length > 0 ||
    (spec.encoding !== undefined && spec.encoding !== 'utf-8')
  ) {
    throw new CliError(messages.columnsNeedMappedLayout(file, layout), ExitCode.usage);
  }
  return { layout, tables: await read(path, file) };
}

/** raw_projections columns whose value is the table's (its area, years, units, source). */
const TABLE_VALUES: Record<
  string,
  (
    t: Omit<ProjectionTable, 'records'>,
    input: Pick<ProjectionsFile, 'file' | 'sourceId'>,
  ) => unknown
> = {
  area_code: (t) => t.area.code,
  area_name: (t) => t.area.name,
  area_type: (t) => t.area.type,
  area_fips: (t) => t.area.fips,
  base_year: (t) => t.base_year,
  proj_year: (t) => t.proj_year,
  employment_multiplier: (t) => t.units.employment_multiplier,
  openings_period_years: (t) => t.units.openings_period_years,
  pct_change_unit: (t) => t.units.pct_change_unit,
  openings_method: (t) => t.units.openings_method,
  soc_vintage: (t) => t.units.soc_vintage,
  rounding: (t) => t.units.rounding ?? 1,
  source_id: (_, input) => input.sourceId,
  source_file: (_, input) => input.file,
};

/** What a record that leaves an optional field out holds there. */
const RECORD_DEFAULTS: Record<string, unknown> = {
  growth_openings: null,
  replacement_openings: null,
  median_wage_topcoded: false,
};

/**
 * Loads typed tables (read from a file or derived) into raw_projections; returns the row count.
 * Built column by column, not as an object per row spread from each record.
 */
export async function loadProjectionTables(
  db: Database,
  tables: readonly ProjectionTable[],
  input: Pick<ProjectionsFile, 'file' | 'sourceId'>,
): Promise<number> {
  const values = RAW_PROJECTIONS.map((c) => {
    const out: unknown[] = [];
    const tableValue = TABLE_VALUES[c.name];
    const fallback = RECORD_DEFAULTS[c.name] ?? null;
    for (const table of tables) {
      if (tableValue) {
        const v = tableValue(table, input);
        for (let i = 0; i < table.records.length; i++) out.push(v);
        continue;
      }
      for (const r of table.records) {
        out.push((r as unknown as Record<string, unknown>)[c.name] ?? fallback);
      }
    }
    return out;
  });
  await dropEarlier(db, 'view');
  return db.loadColumns('raw_projections', RAW_PROJECTIONS, values);
}

/**
 * Makes raw_projections a view of the records a SQL reader's query gives, those of the given
 * tables (a selection of its tables), each joined by its table_index to the table-level values
 * (TABLE_VALUES, as loadProjectionTables writes them) in raw_projection_tables. Rows read through
 * the view come in file order as loadProjectionTables writes them (a hash join keeps the order
 * of the rows it probes; tests/sources/ca-edd/load-longterm-areas.test.ts compares). A view, not
 * a table: copying 750,000 rows (1,001 areas) with their areas, years and units into a table of
 * the database file took 1.0 s, the reader's own write of them being already there.
 */
async function loadSqlProjections(
  db: Database,
  sql: SqlProjections,
  selected: readonly LoadedTable[],
  input: Pick<ProjectionsFile, 'file' | 'sourceId'>,
): Promise<number> {
  const tableColumns = RAW_PROJECTIONS.filter((c) => TABLE_VALUES[c.name]);
  await db.loadColumns(
    'raw_projection_tables',
    [col('table_index', 'INTEGER'), ...tableColumns],
    [
      selected.map((t) => sql.tables.indexOf(t) + 1),
      ...tableColumns.map((c) => selected.map((t) => TABLE_VALUES[c.name]?.(t, input))),
    ],
  );
  const select = RAW_PROJECTIONS.map((c) =>
    TABLE_VALUES[c.name] ? `t."${c.name}"` : `cast(r."${c.name}" as ${c.type}) as "${c.name}"`,
  );
  await dropEarlier(db, 'table');
  await db.exec(`create or replace view ${RAW} as
    select ${select.join(', ')}
    from (${sql.records}) r
    join raw_projection_tables t using (table_index)`);
  return selected.reduce((n, t) => n + t.rows, 0);
}

/** raw_projections, named by a template where it is a view (the table is made by loadColumns). */
const RAW = 'raw_projections';

/**
 * Drops raw_projections if an earlier run left it as the other kind of relation (a table, or a
 * SQL reader's view) in a database reused with --db: DuckDB replaces neither kind with the other.
 * A database file made by this run cannot hold one, and is not asked.
 */
async function dropEarlier(db: Database, kind: 'table' | 'view'): Promise<void> {
  if (!db.reused) return;
  const found = await db.scalar(
    `select count(*) from information_schema.tables
     where table_catalog = current_database() and table_schema = current_schema()
       and table_name = '${RAW}' and table_type = '${kind === 'view' ? 'VIEW' : 'BASE TABLE'}'`,
  );
  if (found > 0) await db.exec(`drop ${kind} ${RAW}`);
}

/** The tables of the configured areas (all when none are named); an unknown area is an error. */
export function selectAreas<T extends Pick<ProjectionTable, 'area'>>(
  tables: T[],
  areas: readonly string[],
  file: string,
): T[] {
  if (areas.length === 0) return tables;
  const known = new Map(tables.map((t) => [t.area.code, t]));
  for (const code of areas) {
    if (!known.has(code)) {
      throw new CliError(
        messages.unknownArea(
          code,
          file,
          tables.map((t) => `${t.area.code} (${t.area.name})`),
        ),
        ExitCode.usage,
      );
    }
  }
  return tables.filter((t) => areas.includes(t.area.code));
}
