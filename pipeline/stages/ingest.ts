/**
 * ingest: read every input file with its publisher's reader and load the typed rows into raw_*
 * tables, each row keeping the file and row it came from.
 */
import { EDUCATION_LEVELS, educationKey } from '../../sources/education.ts';
import { OEWS_AGGREGATES } from '../../sources/oews/aggregate-codes.ts';
import type { ProjectionTable } from '../../sources/projection-record.ts';
import {
  CROSSWALK_READERS,
  PROJECTION_READERS,
  SOC_STRUCTURE_READERS,
  WAGE_READERS,
} from '../../sources/readers.ts';
import { readSocCrosswalk2010To2018 } from '../../sources/soc/read-soc-crosswalk-2010-2018.ts';
import { deriveProjections } from '../../transforms/derive-projections.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import type { Config } from '../config.ts';
import type { ResolvedInput } from '../data-dir.ts';
import { fileDigest, resolveInput } from '../data-dir.ts';
import type { TableColumn } from '../database.ts';
import { FRAMEWORKS } from '../frameworks.ts';
import { messages } from '../messages.ts';
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
    'raw_soc_bridge',
    'ref_national_employment',
  ],
  async run(ctx) {
    const { db, config } = ctx;
    let rows = 0;

    const { input: projInput, tables: allTables } = await readProjectionTables(ctx);
    const tables = selectAreas(allTables, config.areas, projInput.file);
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
          rounding: table.units.rounding ?? 1,
          growth_openings: r.growth_openings ?? null,
          replacement_openings: r.replacement_openings ?? null,
          median_wage_topcoded: r.median_wage_topcoded ?? false,
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
    rows += await loadAttributes(ctx, tables);
    rows += await loadSocBridge(
      ctx,
      tables.some((t) => t.units.soc_vintage === 2010),
    );
    await db.load(
      'run_settings',
      [col('allocation', 'VARCHAR'), col('soc_split', 'VARCHAR')],
      [{ allocation: config.allocation, soc_split: config.soc_bridge.split }],
    );
    return rows;
  },
};

/**
 * The projections the run scores: the configured file as its reader types it, or tables derived
 * from OEWS employment and national rates (transforms/derive-projections.ts).
 */
async function readProjectionTables(
  ctx: RunContext,
): Promise<{ input: ResolvedInput; tables: ProjectionTable[] }> {
  const { config } = ctx;
  if (!config.derive) {
    const input = required(ctx, config.projections);
    const read = PROJECTION_READERS[input.source.layout];
    if (!read) throw new Error(`No projections reader for layout ${input.source.layout}`);
    return { input, tables: await read(input.path, input.file) };
  }
  const employment = required(ctx, config.derive.employment);
  const rates = required(ctx, config.derive.rates);
  const readWages = WAGE_READERS[employment.source.layout];
  const readRates = PROJECTION_READERS[rates.source.layout];
  if (!readWages || !readRates) throw new Error('No reader for a derive source');
  const wageTables = readWages(employment.path, employment.file);
  const [national] = await readRates(rates.path, rates.file);
  if (!national) throw new Error(`${rates.file} has no table`);
  record(ctx, rates, national.records.length, national.notes);
  for (const code of config.areas) {
    if (!wageTables.some((w) => w.area.code === code)) {
      throw new CliError(
        messages.unknownArea(
          code,
          employment.file,
          wageTables.map((w) => `${w.area.code} (${w.area.name})`),
        ),
        ExitCode.usage,
      );
    }
  }
  const wanted =
    config.areas.length === 0
      ? wageTables
      : wageTables.filter((w) => config.areas.includes(w.area.code));
  for (const w of wanted) {
    if (w.soc_vintage !== national.units.soc_vintage) {
      throw new CliError(
        messages.deriveVintageMismatch(w.soc_vintage, national.units.soc_vintage),
        ExitCode.input,
      );
    }
  }
  const { tables, withoutRate } = deriveProjections(wanted, national, {
    employment: employment.source.title,
    rates: rates.source.title,
  });
  if (withoutRate.length > 0) {
    const warning = messages.deriveWithoutRate(
      withoutRate.length,
      withoutRate.reduce((s, r) => s + r.employment, 0),
      [...new Set(withoutRate.map((r) => r.soc_code))],
    );
    ctx.warnings.push(warning);
    ctx.io.warn(warning);
  }
  return { input: employment, tables };
}

/**
 * Values the projections file lacks, from the sources in the config's "attributes": OEWS median
 * wages by area and SOC code, and national typical-education assignments. The tables load empty
 * when none is configured, so staging has one shape either way.
 */
async function loadAttributes(ctx: RunContext, tables: ProjectionTable[]): Promise<number> {
  const { db, config } = ctx;
  const wages: { area_code: string; soc_code: string; a_median: number; source_label: string }[] =
    [];
  const education: { soc_code: string; education: string; source_label: string }[] = [];
  const vintages = new Set(tables.map((t) => t.units.soc_vintage));
  if (config.attributes.wages) {
    const input = required(ctx, config.attributes.wages);
    const read = WAGE_READERS[input.source.layout];
    if (!read) throw new Error(`No wage reader for layout ${input.source.layout}`);
    const wageTables = read(input.path, input.file);
    for (const t of wageTables) {
      if (!vintages.has(t.soc_vintage)) {
        const warning = messages.attributeVintage('attributes.wages', t.soc_vintage, [...vintages]);
        ctx.warnings.push(warning);
        ctx.io.warn(warning);
        break;
      }
    }
    for (const t of wageTables) {
      for (const r of t.records) {
        // The all-occupations row fills the area median wage the high-wage share is measured by.
        if ((r.occ_group === 'detailed' || r.occ_group === 'total') && r.a_median !== null) {
          wages.push({
            area_code: t.area.code,
            soc_code: r.soc_code,
            a_median: r.a_median,
            source_label: `OEWS ${t.reference_period}, ${t.area.name}`,
          });
        }
      }
    }
    record(ctx, input, wages.length, []);
  }
  if (config.attributes.education) {
    const input = required(ctx, config.attributes.education);
    const read = PROJECTION_READERS[input.source.layout];
    if (!read) throw new Error(`No projections reader for layout ${input.source.layout}`);
    for (const t of await read(input.path, input.file)) {
      for (const r of t.records) {
        if (r.is_detail && r.education !== null) {
          education.push({
            soc_code: r.soc_code,
            education: r.education,
            source_label: `${input.source.id} (${t.area.name})`,
          });
        }
      }
    }
    record(ctx, input, education.length, []);
  }
  await db.load(
    'ref_attr_wages',
    [
      col('area_code', 'VARCHAR'),
      col('soc_code', 'VARCHAR'),
      col('a_median', 'DOUBLE'),
      col('source_label', 'VARCHAR'),
    ],
    wages,
  );
  await db.load(
    'ref_attr_education',
    [col('soc_code', 'VARCHAR'), col('education', 'VARCHAR'), col('source_label', 'VARCHAR')],
    education,
  );
  return wages.length + education.length;
}

/** The tables of the configured areas (all when none are named); an unknown area is an error. */
function selectAreas(tables: ProjectionTable[], areas: string[], file: string): ProjectionTable[] {
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

/**
 * SOC 2010 projections need the 2010 → 2018 crosswalk, and national SOC 2018 employment to share
 * a split code by; both load empty when every table is SOC 2018 already.
 */
async function loadSocBridge(ctx: RunContext, needed: boolean): Promise<number> {
  const { db, config } = ctx;
  let bridge: ReturnType<typeof readSocCrosswalk2010To2018> = [];
  const reference: { soc_code: string; employment: number }[] = [];
  if (needed) {
    const input = resolveInput('soc-2010-2018-crosswalk', config, ctx.dataDir);
    bridge = readSocCrosswalk2010To2018(input.path, input.file);
    record(ctx, input, bridge.length, []);
    if (config.soc_bridge.split === 'national-share') {
      const ref = tryResolve(config.soc_bridge.reference, config, ctx.dataDir);
      const read = ref ? PROJECTION_READERS[ref.source.layout] : undefined;
      if (ref && read) {
        const tables = await read(ref.path, ref.file);
        for (const t of tables) {
          if (t.units.soc_vintage !== 2018) continue;
          for (const r of t.records) {
            if (r.is_detail) {
              reference.push({
                soc_code: r.soc_code,
                employment: r.base_employment * t.units.employment_multiplier,
              });
            }
          }
        }
        record(ctx, ref, reference.length, [
          'Used only for the national employment shares that split SOC 2010 codes among SOC 2018 codes.',
        ]);
      } else {
        const warning = messages.socShareReferenceMissing(config.soc_bridge.reference);
        ctx.warnings.push(warning);
        ctx.io.warn(warning);
      }
    }
  }
  await db.load(
    'raw_soc_bridge',
    [
      col('source_row', 'INTEGER'),
      col('soc2010', 'VARCHAR'),
      col('soc2010_title', 'VARCHAR'),
      col('soc2018', 'VARCHAR'),
      col('soc2018_title', 'VARCHAR'),
    ],
    bridge,
  );
  await db.load(
    'ref_national_employment',
    [col('soc_code', 'VARCHAR'), col('employment', 'DOUBLE')],
    reference,
  );
  return bridge.length;
}

function tryResolve(id: string, config: Config, dataDir: string): ResolvedInput | undefined {
  try {
    return resolveInput(id, config, dataDir);
  } catch (error) {
    if (error instanceof CliError) return undefined;
    throw error;
  }
}

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
