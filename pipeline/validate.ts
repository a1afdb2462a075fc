/**
 * `clusterfit validate`: one projections file through the pipeline's own reader and checks, in
 * an in-memory database, without a config or an output folder. It loads the file with the same
 * functions as the ingest stage and runs the same SQL checks as the stage step, so a file that
 * validate trusts is one `run` accepts, and the other way round.
 */
import { existsSync } from 'node:fs';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import type { ProjectionsFileConfig } from '../kernel/config-types.ts';
import { Database } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import type { Finding, ResolvedInput } from '../kernel/run-context.ts';
import { CATALOG } from '../sources/catalog.ts';
import { detectLayout } from '../sources/detect-layout.ts';
import { mappedLayout } from '../sources/mapped/layouts.ts';
import type { MappedRead } from '../sources/mapped/read-mapped-projections.ts';
import { PROJECTION_READERS } from '../sources/readers.ts';
import { readSocCrosswalk2010To2018 } from '../sources/soc/read-soc-crosswalk-2010-2018.ts';
import { CHECK_MODELS, runChecks } from '../transforms/checks.ts';
import { runModels } from '../transforms/run-models.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { resolveInput } from './data-dir.ts';
import {
  loaded as loaded_,
  loadProjections,
  loadProjectionTables,
  readUserProjections,
} from './stages/load-projections.ts';
import {
  loadAttributeTables,
  loadBuiltInReferences,
  loadSocBridgeTables,
  loadSocStructure,
} from './stages/load-reference-tables.ts';

export interface ValidateOptions {
  /** The file as given on the command line; also how it is named in the report. */
  file: string;
  /** A layout name; detected from the file when absent. */
  layout?: string;
  /** Where the SOC reference files are found for the unknown-code check. */
  dataDir: string;
  /** Columns and units for a header-mapped layout (from --config's "projections"). */
  columns?: ProjectionsFileConfig['columns'];
  units?: ProjectionsFileConfig['units'];
  encoding?: ProjectionsFileConfig['encoding'];
}

/** How a header-mapped file was understood: the reader's account, shown before any check. */
export type Understanding = Pick<
  MappedRead,
  'mapping' | 'unused' | 'units' | 'identities' | 'levels' | 'dropped'
>;

export interface ValidationReport {
  file: string;
  layout: string;
  layoutDetected: boolean;
  /** "Name (code)" of every area read. */
  areas: string[];
  rows: number;
  vintages: string[];
  findings: Finding[];
  /** Checks that could not run, and why. */
  notes: string[];
  /** For a header-mapped layout: each column's field, the units and the identities checked. */
  understood?: Understanding;
  summary: { errors: number; warnings: number; info: number; trusted: boolean };
}

/**
 * Reads and checks one projections file. A reader error becomes an error finding (the file
 * cannot be trusted); usage problems (missing file, unknown or undetectable layout) throw.
 */
export async function validateFile(opts: ValidateOptions): Promise<ValidationReport> {
  const { file } = opts;
  if (!existsSync(file)) throw new CliError(messages.validateFileMissing(file), ExitCode.usage);
  const layoutDetected = opts.layout === undefined;
  const layout = opts.layout ?? (await detectLayout(file, file, opts.encoding));
  if (!PROJECTION_READERS[layout] && !mappedLayout(layout)) {
    throw new CliError(
      messages.unknownLayout(layout, Object.keys(PROJECTION_READERS)),
      ExitCode.usage,
    );
  }
  const sourceId = CATALOG.find((s) => s.layout === layout)?.id ?? layout;
  const report: ValidationReport = {
    file,
    layout,
    layoutDetected,
    areas: [],
    rows: 0,
    vintages: [],
    findings: [],
    notes: [],
    summary: { errors: 0, warnings: 0, info: 0, trusted: false },
  };
  const db = await Database.open(':memory:');
  try {
    let loaded: Awaited<ReturnType<typeof loadProjections>>;
    try {
      if (mappedLayout(layout)) {
        const read = await readUserProjections(file, file, {
          layout,
          columns: opts.columns ?? {},
          units: opts.units ?? {},
          ...(opts.encoding === undefined ? {} : { encoding: opts.encoding }),
        });
        const mapped = read.mapped as MappedRead;
        report.layout = read.layout;
        report.understood = {
          mapping: mapped.mapping,
          unused: mapped.unused,
          units: mapped.units,
          identities: mapped.identities,
          levels: mapped.levels,
          dropped: mapped.dropped,
        };
        for (const warning of mapped.warnings) {
          report.findings.push({
            severity: 'warning',
            check: 'suppressed',
            file,
            row: null,
            column: null,
            value: null,
            message: warning,
          });
        }
        const rows = await loadProjectionTables(db, read.tables, { file, sourceId });
        loaded = { tables: read.tables.map(loaded_), rows };
      } else {
        loaded = await loadProjections(db, { path: file, file, layout, sourceId });
      }
    } catch (error) {
      if (!(error instanceof CliError) || error.exitCode !== ExitCode.input) throw error;
      report.findings.push(readerFinding(error, file));
      return summarize(report);
    }
    const { tables, rows } = loaded;
    report.rows = rows;
    report.areas = tables.map((t) => `${t.area.name} (${t.area.code})`);
    report.vintages = [...new Set(tables.map((t) => `${t.base_year}-${t.proj_year}`))];

    await loadBuiltInReferences(db);
    await loadAttributeTables(db, [], []);
    const skip: string[] = [];
    const soc = tryResolve('soc-2018-structure', opts.dataDir);
    await loadSocStructure(db, soc && { ...soc, layout: soc.source.layout });
    let bridge: Awaited<ReturnType<typeof readSocCrosswalk2010To2018>> = [];
    const needsBridge = tables.some((t) => t.units.soc_vintage === 2010);
    const bridgeInput = needsBridge
      ? tryResolve('soc-2010-2018-crosswalk', opts.dataDir)
      : undefined;
    if (bridgeInput) bridge = await readSocCrosswalk2010To2018(bridgeInput.path, bridgeInput.file);
    await loadSocBridgeTables(db, bridge, []);
    // Without its reference file every code would look unknown: say so instead of warning 800 times.
    const missing = needsBridge ? (bridgeInput ? undefined : 'soc-2010-2018-crosswalk') : undefined;
    const missingRef = soc ? missing : 'soc-2018-structure';
    if (missingRef !== undefined) {
      skip.push('unknown_code');
      report.notes.push(messages.validateCheckSkipped('unknown_code', missingRef));
    }
    await runModels(db, CHECK_MODELS);
    // A loop, not push(...): spreading 125,000 findings as arguments overflows the stack.
    for (const f of await runChecks(db, { skip })) report.findings.push(f);
    return summarize(report);
  } finally {
    db.close();
  }
}

/** A reader's refusal as a finding, with its place where the reader gave one. */
function readerFinding(error: CliError, file: string): Finding {
  const p = error.place;
  return {
    severity: 'error',
    check: 'read',
    file: p?.file ?? file,
    row: p?.row ?? null,
    column: p?.column ?? null,
    value: p?.value === undefined || p.value === null ? null : String(p.value),
    message: error.message,
  };
}

function summarize(report: ValidationReport): ValidationReport {
  const count = (s: Finding['severity']) => report.findings.filter((f) => f.severity === s).length;
  const errors = count('error');
  report.summary = {
    errors,
    warnings: count('warning'),
    info: count('info'),
    trusted: errors === 0,
  };
  return report;
}

function tryResolve(id: string, dataDir: string): ResolvedInput | undefined {
  try {
    return resolveInput(id, DEFAULT_CONFIG, dataDir);
  } catch (error) {
    if (error instanceof CliError) return undefined;
    throw error;
  }
}
