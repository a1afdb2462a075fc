/**
 * ingest: read every input file with its publisher's reader and load the typed rows into raw_*
 * tables, each row keeping the file and row it came from.
 */

import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import type { Config, FrameworkVariant } from '../../kernel/config-types.ts';
import { col, type Row, type TableColumn } from '../../kernel/database.ts';
import { type FrameworkDefinition, frameworkOf, variantCluster } from '../../kernel/frameworks.ts';
import { messages } from '../../kernel/messages.ts';
import type { InputRecord, ResolvedInput, RunContext, Stage } from '../../kernel/run-context.ts';
import type { CrosswalkRecord } from '../../sources/crosswalk-record.ts';
import type { LoadedTable, ProjectionTable } from '../../sources/projection-record.ts';
import {
  CROSSWALK_READERS,
  PROJECTION_READERS,
  PROJECTION_SQL_READERS,
  SOC_STRUCTURE_READERS,
  WAGE_READERS,
} from '../../sources/readers.ts';
import { readSocCrosswalk2010To2018 } from '../../sources/soc/read-soc-crosswalk-2010-2018.ts';
import type { SocStructureRecord } from '../../sources/soc/read-soc-structure.ts';
import { deriveProjections } from '../../transforms/derive-projections.ts';
import { closest, normalizedWeights } from '../config.ts';
import { fileDigest, resolveInput, resolveOptionalInput } from '../data-dir.ts';
import {
  loaded,
  loadProjections,
  loadProjectionTables,
  readProjections,
  readUserProjections,
  selectAreas,
} from './load-projections.ts';
import {
  type AttributeEducation,
  type AttributeWage,
  loadAttributeTables,
  loadBuiltInReferences,
  loadSocBridgeTables,
  loadSocStructure,
} from './load-reference-tables.ts';

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
    'ref_framework_definition',
    'raw_soc_structure',
    'ref_oews_aggregates',
    'ref_education',
    'run_settings',
    'run_frameworks',
    'run_rules',
    'run_weights',
    'raw_soc_bridge',
    'ref_national_employment',
    'ref_attr_wages',
    'ref_attr_education',
  ],
  async run(ctx) {
    const { db, config } = ctx;
    let rows = 0;

    const {
      input: projInput,
      tables,
      rows: projectionRows,
      understood,
    } = await loadProjectionInput(ctx);
    rows += projectionRows;
    record(ctx, projInput, projectionRows, [...new Set(tables.flatMap((t) => t.notes))]);
    if (understood) {
      const last = ctx.inputs[ctx.inputs.length - 1];
      if (last) Object.assign(last, understood);
    }

    const crosswalkRows = [];
    const definitionRows: Row[] = [];
    for (const id of config.frameworks) {
      const fw = frameworkOf(config, id);
      const input = required(ctx, fw.crosswalkSource);
      const read = CROSSWALK_READERS[input.source.layout];
      if (!read) throw new Error(`No crosswalk reader for layout ${input.source.layout}`);
      const records = await (taken<CrosswalkRecord[]>(ctx, 'crosswalk', input) ??
        read(input.path, input.file));
      const sourceRows = new Set(records.map((r) => r.source_row)).size;
      record(ctx, input, sourceRows, []);
      const base = fw.variant ? frameworkOf(config, fw.variant.base) : fw;
      if (base.clusters) checkCrosswalkClusters(records, input.file, base);
      if (fw.variant) checkVariant(fw.variant, new Set(records.map((r) => r.cluster)));
      const inCrosswalk = new Set(
        records.flatMap((r) => {
          const c = fw.variant ? variantCluster(fw.variant, r.cluster) : r.cluster;
          return c === null ? [] : [c];
        }),
      );
      const names = fw.clusters?.map((c) => c.name) ?? [...inCrosswalk];
      const empty = names.filter((n) => !inCrosswalk.has(n));
      if (empty.length > 0) ctx.notes.push(messages.clustersWithoutOccupations(fw.title, empty));
      for (const cluster of names) {
        definitionRows.push({
          framework: id,
          cluster,
          cross_cutting: fw.crossCutting.includes(cluster),
        });
      }
      for (const r of records) {
        const cluster = fw.variant ? variantCluster(fw.variant, r.cluster) : r.cluster;
        if (cluster === null) continue;
        // Every field named, not the record spread into a new object: spreading the default
        // job's 2,236 records took 9-11 ms, cold, where a literal of one shape takes 2-3 ms.
        crosswalkRows.push({
          framework: id,
          source_id: input.source.id,
          source_file: input.file,
          source_row: r.source_row,
          soc_code: r.soc_code,
          source_code: r.source_code,
          soc_title: r.soc_title,
          cluster,
          sublevel: r.sublevel,
          priority: r.priority,
        });
      }
    }
    rows += await db.load('raw_crosswalk', RAW_CROSSWALK, crosswalkRows);
    await db.load(
      'ref_framework_definition',
      [col('framework', 'VARCHAR'), col('cluster', 'VARCHAR'), col('cross_cutting', 'BOOLEAN')],
      definitionRows,
    );

    const socInput = required(ctx, 'soc-2018-structure');
    const socRows = await loadSocStructure(
      db,
      { ...socInput, layout: socInput.source.layout },
      taken<SocStructureRecord[]>(ctx, 'soc', socInput),
    );
    rows += socRows;
    record(ctx, socInput, socRows, []);

    await loadBuiltInReferences(db);
    rows += await loadAttributes(ctx, tables);
    rows += await loadSocBridge(
      ctx,
      tables.some((t) => t.units.soc_vintage === 2010),
    );
    await db.load(
      'run_settings',
      [
        col('allocation', 'VARCHAR'),
        col('soc_split', 'VARCHAR'),
        // The high-skill, high-wage, in-demand thresholds (null: relative to the area).
        col('hshwid_wage_share', 'DOUBLE'),
        col('hshwid_min_pct_change', 'DOUBLE'),
        col('hshwid_min_openings', 'DOUBLE'),
        // Whether a supply key adds the supply gap metric (mart_cluster_metrics_all).
        col('supply', 'BOOLEAN'),
        // How awards reach occupations (null without `supply`).
        col('supply_allocation', 'VARCHAR'),
      ],
      [
        {
          allocation: config.allocation,
          soc_split: config.soc_bridge.split,
          hshwid_wage_share: config.hshwid.wage_share,
          hshwid_min_pct_change: config.hshwid.min_pct_change,
          hshwid_min_openings: config.hshwid.min_openings,
          supply: config.supply !== undefined,
          supply_allocation: config.supply?.allocation ?? null,
        },
      ],
    );
    // The run's frameworks in the config's order, the order published tables list them in,
    // with the word for their sub-levels (pathway, sub-cluster).
    await db.load(
      'run_frameworks',
      [col('framework', 'VARCHAR'), col('position', 'INTEGER'), col('sublevel', 'VARCHAR')],
      config.frameworks.map((framework, i) => ({
        framework,
        position: i + 1,
        sublevel: frameworkOf(config, framework).sublevel,
      })),
    );
    // The rules in the config's order (their `<id>_share` columns follow it) and the weighted
    // metrics in the order the score's contributions number them.
    await db.loadColumns(
      'run_rules',
      [col('position', 'INTEGER'), col('rule', 'VARCHAR')],
      [config.rules.map((_, i) => i), config.rules.map((r) => r.id)],
    );
    const weights = normalizedWeights(config);
    await db.loadColumns(
      'run_weights',
      [col('metric_index', 'INTEGER'), col('metric', 'VARCHAR'), col('weight', 'DOUBLE')],
      [weights.map((_, i) => i), weights.map(([m]) => m), weights.map(([, w]) => w)],
    );
    return rows;
  },
};

/** A crosswalk cluster the framework's definition lacks means the two have drifted apart. */
function checkCrosswalkClusters(
  records: readonly CrosswalkRecord[],
  file: string,
  fw: FrameworkDefinition,
): void {
  const known = new Set(fw.clusters?.map((c) => c.name));
  const bad = records.find((r) => !known.has(r.cluster));
  if (bad) {
    throw new CliError(
      messages.crosswalkClusterUnknown(
        { file, row: bad.source_row, column: 'Career Cluster', value: bad.cluster },
        fw.title,
        fw.id,
        closest(bad.cluster, [...known]),
      ),
      ExitCode.input,
    );
  }
}

/**
 * A variant may only name clusters its base framework's crosswalk has: a misspelt name would
 * otherwise silently leave the cluster as it was.
 */
function checkVariant(variant: FrameworkVariant, clusters: ReadonlySet<string>): void {
  const names: [string, string][] = [
    ...Object.keys(variant.merge).map((c): [string, string] => [`merge."${c}"`, c]),
    ...Object.values(variant.merge).map((c): [string, string] => [`merge → "${c}"`, c]),
    ...Object.keys(variant.rename).map((c): [string, string] => [`rename."${c}"`, c]),
    ...variant.drop.map((c): [string, string] => [`drop "${c}"`, c]),
  ];
  for (const [where, name] of names) {
    if (!clusters.has(name)) {
      throw new CliError(
        messages.variantUnknownCluster(
          variant.id,
          where,
          name,
          variant.base,
          closest(name, [...clusters]),
        ),
        ExitCode.usage,
      );
    }
  }
}

/**
 * Loads the projections the run scores into raw_projections: the configured file's tables of the
 * configured areas, or tables derived from OEWS employment and national rates
 * (transforms/derive-projections.ts).
 */
async function loadProjectionInput(ctx: RunContext): Promise<{
  input: ResolvedInput;
  tables: LoadedTable[];
  rows: number;
  understood?: Pick<InputRecord, 'columns' | 'units'>;
}> {
  const { db, config } = ctx;
  if (config.projections_file && !config.derive) {
    const input = required(ctx, config.projections);
    const read = await readUserProjections(input.path, input.file, config.projections_file);
    for (const warning of read.mapped?.warnings ?? []) {
      ctx.warnings.push(warning);
      ctx.io.warn(warning);
    }
    const tables = selectAreas(read.tables, config.areas, input.file);
    const rows = await loadProjectionTables(db, tables, {
      file: input.file,
      sourceId: input.source.id,
    });
    return {
      input: { ...input, source: { ...input.source, layout: read.layout } },
      tables: tables.map(loaded),
      rows,
      ...(read.mapped
        ? { understood: { columns: read.mapped.mapping, units: read.mapped.units } }
        : {}),
    };
  }
  if (!config.derive) {
    const input = required(ctx, config.projections);
    const file = { ...input, layout: input.source.layout, sourceId: input.source.id };
    const read = taken<ProjectionTable[]>(ctx, 'projections', input);
    return { input, ...(await loadProjections(db, file, config.areas, read)) };
  }
  const employment = required(ctx, config.derive.employment);
  const rates = required(ctx, config.derive.rates);
  const readWages = WAGE_READERS[employment.source.layout];
  if (!readWages) throw new Error(`No wage reader for layout ${employment.source.layout}`);
  const wageTables = await readWages(employment.path, employment.file);
  const [national] = await readProjections({ ...rates, layout: rates.source.layout });
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
  const { tables: derived, withoutRate } = deriveProjections(wanted, national, {
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
  const tables = selectAreas(derived, config.areas, employment.file);
  const rows = await loadProjectionTables(db, tables, {
    file: employment.file,
    sourceId: employment.source.id,
  });
  return { input: employment, tables: tables.map(loaded), rows };
}

/**
 * Values the projections file lacks, from the sources in the config's "attributes": OEWS median
 * wages by area and SOC code, and national typical-education assignments. The tables load empty
 * when none is configured, so staging has one shape either way.
 */
async function loadAttributes(ctx: RunContext, tables: LoadedTable[]): Promise<number> {
  const { db, config } = ctx;
  const wages: AttributeWage[] = [];
  const education: AttributeEducation[] = [];
  const vintages = new Set(tables.map((t) => t.units.soc_vintage));
  if (config.attributes.wages) {
    const input = required(ctx, config.attributes.wages);
    const read = WAGE_READERS[input.source.layout];
    if (!read) throw new Error(`No wage reader for layout ${input.source.layout}`);
    const wageTables = await read(input.path, input.file);
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
    for (const t of await readProjections({ ...input, layout: input.source.layout })) {
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
  await loadAttributeTables(db, wages, education);
  return wages.length + education.length;
}

/**
 * SOC 2010 projections need the 2010 → 2018 crosswalk, and national SOC 2018 employment to share
 * a split code by; both load empty when every table is SOC 2018 already.
 */
async function loadSocBridge(ctx: RunContext, needed: boolean): Promise<number> {
  const { db, config } = ctx;
  let bridge: Awaited<ReturnType<typeof readSocCrosswalk2010To2018>> = [];
  const reference: { soc_code: string; employment: number }[] = [];
  if (needed) {
    const input = resolveInput('soc-2010-2018-crosswalk', config, ctx.dataDir);
    bridge = await readSocCrosswalk2010To2018(input.path, input.file);
    record(ctx, input, bridge.length, []);
    if (config.soc_bridge.split === 'national-share') {
      const ref = resolveOptionalInput(config.soc_bridge.reference, config, ctx.dataDir);
      if (ref) {
        const tables = await readProjections({ ...ref, layout: ref.source.layout });
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

/**
 * Starts reading the input files a run's ingest parses in JavaScript (the projections file of a
 * layout without a SQL reader, each crosswalk, the SOC structure) for run.ts to call right after
 * it starts opening DuckDB's instance, which then opens on a thread of its own while the files
 * are parsed here (the open took 20-125 ms by the clock in traces on a loaded machine, the main
 * thread idle). Each read starts in a turn of the event loop of its own, after the one before
 * it: the open's later steps (connect, attach) each wait for a turn of this thread, and when the
 * four reads ran in one turn the open finished 20 ms after them, the first statement waiting on
 * it. A reader that throws at once rejects its promise like any other; ingest meets the
 * rejection where it would have read the file, in the same order, and a run that fails before
 * ingest leaves it handled.
 */
export function readAhead(
  config: Config,
  resolved: ReadonlyMap<string, ResolvedInput>,
): Map<string, Promise<unknown>> {
  const reads = new Map<string, Promise<unknown>>();
  let previous: Promise<unknown> = Promise.resolve();
  const start = (kind: ReadKind, input: ResolvedInput | undefined, read: ReadFile | undefined) => {
    if (!input || !read || reads.has(readKey(kind, input))) return;
    const reading = previous.then(nextTurn).then(() => read(input.path, input.file));
    previous = reading.catch(() => {});
    reads.set(readKey(kind, input), reading);
  };
  if (!config.projections_file && !config.derive) {
    const input = resolved.get(config.projections);
    const layout = input?.source.layout ?? '';
    if (!PROJECTION_SQL_READERS[layout]) start('projections', input, PROJECTION_READERS[layout]);
  }
  for (const id of config.frameworks) {
    const input = resolved.get(frameworkOf(config, id).crosswalkSource);
    start('crosswalk', input, CROSSWALK_READERS[input?.source.layout ?? '']);
  }
  const soc = resolved.get('soc-2018-structure');
  start('soc', soc, SOC_STRUCTURE_READERS[soc?.source.layout ?? '']);
  return reads;
}

/** Resolves in the event loop's next turn, once what has completed meanwhile has run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type ReadKind = 'projections' | 'crosswalk' | 'soc';
type ReadFile = (path: string, file: string) => Promise<unknown>;

const readKey = (kind: ReadKind, input: ResolvedInput): string => `${kind} ${input.path}`;

/**
 * The file's read started by readAhead, taken once (a second framework on the same crosswalk
 * reads the file again, as it did before), or undefined when none was started.
 */
function taken<T>(ctx: RunContext, kind: ReadKind, input: ResolvedInput): Promise<T> | undefined {
  const key = readKey(kind, input);
  const started = ctx.readAhead?.get(key);
  ctx.readAhead?.delete(key);
  return started as Promise<T> | undefined;
}

function required(ctx: RunContext, sourceId: string): ResolvedInput {
  const input = ctx.resolved.get(sourceId);
  if (!input) throw new Error(`Input ${sourceId} was not resolved before the run`);
  return input;
}

function record(ctx: RunContext, input: ResolvedInput, rows: number, notes: string[]): void {
  // Hashed once per run: the run's fingerprint already read every input it knows of.
  const { sha256, bytes } = ctx.digests.get(input.path) ?? fileDigest(input.path);
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
