/**
 * ingest: read every input file with its publisher's reader and load the typed rows into raw_*
 * tables, each row keeping the file and row it came from.
 */
import { CROSSWALK_READERS, PROJECTION_READERS } from '../../sources/readers.ts';
import { readSocCrosswalk2010To2018 } from '../../sources/soc/read-soc-crosswalk-2010-2018.ts';
import { CliError } from '../cli-error.ts';
import type { Config } from '../config.ts';
import type { ResolvedInput } from '../data-dir.ts';
import { fileDigest, resolveInput } from '../data-dir.ts';
import type { TableColumn } from '../database.ts';
import { FRAMEWORKS } from '../frameworks.ts';
import { messages } from '../messages.ts';
import type { RunContext, Stage } from '../run-context.ts';
import { loadProjections } from './load-projections.ts';
import {
  loadBuiltInReferences,
  loadSocBridgeTables,
  loadSocStructure,
} from './load-reference-tables.ts';

const col = (name: string, type: TableColumn['type']): TableColumn => ({ name, type });

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

    const projInput = required(ctx, config.projections);
    const { tables, rows: projectionRows } = await loadProjections(
      db,
      { ...projInput, layout: projInput.source.layout, sourceId: projInput.source.id },
      config.areas,
    );
    rows += projectionRows;
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
    const socRows = await loadSocStructure(db, { ...socInput, layout: socInput.source.layout });
    rows += socRows;
    record(ctx, socInput, socRows, []);

    await loadBuiltInReferences(db);
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
  await loadSocBridgeTables(db, bridge, reference);
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
