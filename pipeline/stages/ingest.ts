/**
 * ingest: read every input file with its publisher's reader and load the typed rows into raw_*
 * tables, each row keeping the file and row it came from.
 */
import { EDUCATION_LEVELS, educationKey } from '../../sources/education.ts';
import { OEWS_AGGREGATES } from '../../sources/oews/aggregate-codes.ts';
import {
  CROSSWALK_READERS,
  PROJECTION_READERS,
  SOC_STRUCTURE_READERS,
} from '../../sources/readers.ts';
import type { ResolvedInput } from '../data-dir.ts';
import { fileDigest } from '../data-dir.ts';
import type { TableColumn } from '../database.ts';
import { FRAMEWORKS } from '../frameworks.ts';
import type { RunContext, Stage } from '../run-context.ts';

const col = (name: string, type: TableColumn['type']): TableColumn => ({ name, type });

const RAW_PROJECTIONS: TableColumn[] = [
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
  col('median_hourly_wage', 'DOUBLE'),
  col('median_annual_wage', 'DOUBLE'),
  col('education', 'VARCHAR'),
  col('work_experience', 'VARCHAR'),
  col('ojt', 'VARCHAR'),
];

const RAW_CROSSWALK: TableColumn[] = [
  col('framework', 'VARCHAR'),
  col('source_id', 'VARCHAR'),
  col('source_file', 'VARCHAR'),
  col('source_row', 'INTEGER'),
  col('soc_code', 'VARCHAR'),
  col('source_code', 'VARCHAR'),
  col('soc_title', 'VARCHAR'),
  col('cluster', 'VARCHAR'),
  col('sublevel', 'VARCHAR'),
  col('priority', 'INTEGER'),
];

const RAW_SOC_STRUCTURE: TableColumn[] = [
  col('source_file', 'VARCHAR'),
  col('source_row', 'INTEGER'),
  col('soc_code', 'VARCHAR'),
  col('title', 'VARCHAR'),
  col('level', 'VARCHAR'),
  col('major_code', 'VARCHAR'),
  col('minor_code', 'VARCHAR'),
  col('broad_code', 'VARCHAR'),
];

export const ingest: Stage = {
  name: 'ingest',
  reads: ['projections file', 'crosswalk files', 'SOC structure file'],
  writes: [
    'raw_projections',
    'raw_crosswalk',
    'raw_soc_structure',
    'ref_oews_aggregates',
    'ref_education',
    'run_settings',
  ],
  async run(ctx) {
    const { db, config } = ctx;
    let rows = 0;

    const projInput = required(ctx, config.projections);
    const readProjections = PROJECTION_READERS[projInput.source.layout];
    if (!readProjections)
      throw new Error(`No projections reader for layout ${projInput.source.layout}`);
    const tables = await readProjections(projInput.path, projInput.file);
    rows += await db.load(
      'raw_projections',
      RAW_PROJECTIONS,
      tables.flatMap((table) =>
        table.records.map((r) => ({
          ...r,
          area_code: table.area.code,
          area_name: table.area.name,
          area_type: table.area.type,
          area_fips: table.area.fips,
          base_year: table.base_year,
          proj_year: table.proj_year,
          ...table.units,
          source_id: projInput.source.id,
          source_file: projInput.file,
        })),
      ),
    );
    const projectionRows = tables.reduce((n, t) => n + t.records.length, 0);
    record(ctx, projInput, projectionRows, [...new Set(tables.flatMap((t) => t.notes))]);

    const crosswalkRows = [];
    for (const id of config.frameworks) {
      const input = required(ctx, FRAMEWORKS[id].crosswalkSource);
      const read = CROSSWALK_READERS[input.source.layout];
      if (!read) throw new Error(`No crosswalk reader for layout ${input.source.layout}`);
      const records = await read(input.path, input.file);
      const sourceRows = new Set(records.map((r) => r.source_row)).size;
      record(ctx, input, sourceRows, []);
      for (const r of records) {
        crosswalkRows.push({
          ...r,
          framework: id,
          source_id: input.source.id,
          source_file: input.file,
        });
      }
    }
    rows += await db.load('raw_crosswalk', RAW_CROSSWALK, crosswalkRows);

    const socInput = required(ctx, 'soc-2018-structure');
    const readSoc = SOC_STRUCTURE_READERS[socInput.source.layout];
    if (!readSoc) throw new Error(`No SOC structure reader for layout ${socInput.source.layout}`);
    const soc = readSoc(socInput.path, socInput.file);
    rows += await db.load(
      'raw_soc_structure',
      RAW_SOC_STRUCTURE,
      soc.map((r) => ({ ...r, source_file: socInput.file })),
    );
    record(ctx, socInput, soc.length, []);

    await db.load(
      'ref_oews_aggregates',
      [col('aggregate_code', 'VARCHAR'), col('title', 'VARCHAR'), col('member_code', 'VARCHAR')],
      OEWS_AGGREGATES.flatMap((a) =>
        a.members.map((m) => ({ aggregate_code: a.code, title: a.title, member_code: m })),
      ),
    );
    await db.load(
      'ref_education',
      [
        col('education', 'VARCHAR'),
        col('education_key', 'VARCHAR'),
        col('postsecondary_award', 'BOOLEAN'),
      ],
      EDUCATION_LEVELS.map((e) => ({ ...e, education_key: educationKey(e.education) })),
    );
    await db.load(
      'run_settings',
      [col('allocation', 'VARCHAR')],
      [{ allocation: config.allocation }],
    );
    return rows;
  },
};

function required(ctx: RunContext, sourceId: string): ResolvedInput {
  const input = ctx.resolved.get(sourceId);
  if (!input) throw new Error(`Input ${sourceId} was not resolved before the run`);
  return input;
}

function record(ctx: RunContext, input: ResolvedInput, rows: number, notes: string[]): void {
  const { sha256, bytes } = fileDigest(input.path);
  ctx.inputs.push({
    source: input.source.id,
    title: input.source.title,
    publisher: input.source.publisher,
    vintage: input.source.vintage,
    layout: input.source.layout,
    file: input.file,
    sha256,
    bytes,
    rows,
    notes,
  });
}
