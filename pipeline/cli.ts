/**
 * The clusterfit command line. Commands parse their options, call the pipeline, and turn errors
 * into one paragraph and an exit code (see ExitCode); nothing else happens here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { FORMATS, type Format } from '../kernel/config-types.ts';
import { emit, terminalProgress, useJsonLog } from '../kernel/logger.ts';
import { messages } from '../kernel/messages.ts';
import type { RunIO } from '../kernel/run-context.ts';
import { VERSION } from '../kernel/version.ts';
import { CATALOG } from '../sources/catalog.ts';
import { countJobs, fetchSources } from '../sources/fetch.ts';
import { parseStates } from '../sources/projections-central/states.ts';
import { calibrateRun } from './calibrate.ts';
import { diffRuns, renderChanges } from './changes.ts';
import { compareRuns } from './compare.ts';
import { loadConfig } from './config.ts';
import { resolveDataDir } from './data-dir.ts';
import { explain } from './explain.ts';
import { HISTORY_FILE, listRuns } from './history.ts';
import { listIndustries } from './industries.ts';
import { listPrograms } from './programs.ts';
import { type AreasAtAGlance, type RunResult, runPipeline } from './run.ts';
import { formatSourcesText, sourcesStatus } from './sources-status.ts';
import { validateFile } from './validate.ts';
import { formatReportJson, formatReportText } from './validate-report.ts';

export interface CliIO extends RunIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

interface RunFlags {
  config?: string;
  out: string;
  dataDir?: string;
  db?: string;
  area?: string[];
  state?: string;
  seed?: number;
  projections?: string;
  draws?: number;
  formats?: Format[];
  wait: number;
  logFormat: string;
}

function parseWhole(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(messages.notAWholeNumber(value));
  }
  return n;
}

/** `--formats csv,parquet`: known formats, each once; an unknown one names every allowed one. */
function parseFormats(value: string): Format[] {
  const list = value.split(',').map((f) => f.trim());
  const bad = list.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad !== undefined) throw new InvalidArgumentError(messages.unknownFormat(bad, FORMATS));
  return [...new Set(list as Format[])];
}

export function processIO(): CliIO {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    log: (line) => process.stdout.write(`${line}\n`),
    warn: (line) => process.stderr.write(`${line}\n`),
    now: () => performance.now(),
    date: () => new Date(),
    env: process.env,
    // A bar redrawn in place is for a person at a terminal, never for a log file or a pipe.
    ...(process.stderr.isTTY ? { progress: terminalProgress(process.stderr) } : {}),
  };
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  // Only a command that publishes can promise that earlier outputs are untouched.
  let publishing = false;
  // Under --log-format json a failure is a JSON line too, so a log collector sees it.
  let jsonErrors = false;
  const program = new Command('clusterfit')
    .description(
      "Turn occupational employment projections into a state's approved Career Cluster list (Perkins V).",
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  // `run` always runs; `refresh` runs only when an input, the config or clusterfit changed.
  const runCommands = [
    {
      name: 'run',
      description:
        'Run the pipeline (ingest → stage → map → score → rank → publish) and write clusters.csv, occupations.csv, recommendation.md and manifest.json.',
      refresh: false,
    },
    {
      name: 'refresh',
      description:
        "For scheduled jobs: run only if an input file, the config or clusterfit changed since the output folder's last run, and then write changes.md and changes.json. Exit 0 when unchanged (nothing rewritten), 10 when changed and published, 1-5 on failure (see the README's exit codes).",
      refresh: true,
    },
  ];
  for (const command of runCommands) {
    program
      .command(command.name)
      .description(command.description)
      .option(
        '-c, --config <file>',
        'JSON config file (defaults: California 2023-2033, both frameworks)',
      )
      .option('-o, --out <dir>', 'output folder', 'output')
      .option(
        '-d, --data-dir <dir>',
        'folder holding the input files (default: $CLUSTERFIT_DATA_DIR, then ./data)',
      )
      .option(
        '--db <file>',
        'DuckDB database file (default: clusterfit.duckdb in the output folder)',
      )
      .option(
        '-a, --area <code>',
        'run only this area (repeatable; overrides the config\'s "areas"; "all" runs every area)',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option(
        '--state <code>',
        "run the state's Projections Central file fetched by `clusterfit fetch --state` (postal or FIPS code), with national OEWS wages and BLS education",
      )
      .option(
        '-p, --projections <file>',
        'your own projections table (CSV, XLSX or JSON, relative to the current folder), its layout detected from its headers; overrides the config\'s "projections"',
      )
      .option('--seed <n>', 'seed of the stability analysis (overrides stability.seed)', parseWhole)
      .option(
        '--draws <n>',
        'Monte Carlo draws (overrides stability.draws; 0 turns it off)',
        parseWhole,
      )
      .option(
        '--formats <list>',
        `what to write, comma-separated: ${FORMATS.join(', ')} (overrides "formats"; default: all; recommendation.md and manifest.json are always written)`,
        parseFormats,
      )
      .option(
        '--wait <seconds>',
        'wait this long for another run writing the same output folder (then exit 4)',
        parseWhole,
        60,
      )
      .option(
        '--log-format <format>',
        'text (a line per stage, a progress bar on a terminal) or json (JSON lines on stdout)',
        'text',
      )
      .action(async (opts: RunFlags) => {
        publishing = true;
        if (opts.logFormat !== 'text' && opts.logFormat !== 'json') {
          throw new CliError(messages.badFormat(opts.logFormat), ExitCode.usage);
        }
        if (opts.logFormat === 'json') {
          useJsonLog(io);
          jsonErrors = true;
        }
        const dataDir = resolveDataDir(opts.dataDir, io.env);
        if (opts.state !== undefined && opts.area !== undefined) {
          throw new CliError(messages.stateWithArea, ExitCode.usage);
        }
        emit(
          io,
          {
            event: 'started',
            command: command.name,
            config: opts.config ?? null,
            out: opts.out,
            data_dir: dataDir,
          },
          messages.runStarted(command.name, opts.config, opts.out, dataDir),
        );
        const result = await runPipeline(
          {
            ...(opts.config === undefined ? {} : { configFile: opts.config }),
            outDir: opts.out,
            dataDir,
            ...(opts.db === undefined ? {} : { dbPath: opts.db }),
            overrides: {
              // "all" is the CLI's spelling of the config's empty list.
              ...(opts.area === undefined
                ? {}
                : { areas: opts.area.includes('all') ? [] : opts.area }),
              ...(opts.seed === undefined ? {} : { seed: opts.seed }),
              ...(opts.projections === undefined ? {} : { projections: opts.projections }),
              ...(opts.draws === undefined ? {} : { draws: opts.draws }),
              ...(opts.formats === undefined ? {} : { formats: opts.formats }),
              ...(opts.state === undefined ? {} : { state: opts.state }),
            },
            waitSeconds: opts.wait,
            refresh: command.refresh,
            argv: ['clusterfit', ...argv],
          },
          io,
        );
        const run = { out: result.outDir, run_id: result.runId };
        if (result.unchanged) {
          emit(
            io,
            { event: 'unchanged', ...run, exit_code: ExitCode.ok, touched: result.touched ?? [] },
            messages.refreshUnchanged(result.outDir, result.runId, result.touched ?? []),
          );
          exitCode = ExitCode.ok;
          return;
        }
        const written = new Set(result.outputs ?? []);
        emit(
          io,
          { event: 'published', ...run, files: result.files },
          messages.runDone(result.outDir, result.files, headlineFiles(written)),
        );
        if (result.areas && result.areas.count > LIST_AREAS_UP_TO) {
          printAreasAtAGlance(io, result.areas, written);
        } else printAreas(io, result);
        if (command.refresh) {
          const c = result.changes;
          emit(
            io,
            {
              event: 'changed',
              ...run,
              exit_code: ExitCode.changed,
              first_run: c === null,
              inputs_changed: c?.inputs.length ?? 0,
              config_values_changed: c?.config.length ?? 0,
              approval_changes: c?.approvals.length ?? 0,
              rank_moves: c?.rank_moves.length ?? 0,
            },
            messages.refreshChanged(result.outDir, result.runId, result.changes),
          );
          exitCode = ExitCode.changed;
        }
      });
  }

  program
    .command('history')
    .description("List the runs recorded in an output folder's history, oldest first.")
    .option('-o, --out <dir>', 'output folder', 'output')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (opts: { out: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new CliError(messages.badFormat(opts.format), ExitCode.usage);
      }
      const runs = await listRuns(opts.out);
      if (opts.format === 'json') {
        io.out(
          `${JSON.stringify(
            runs.map(({ config_json, recommendation, ...r }) => r),
            null,
            2,
          )}\n`,
        );
        return;
      }
      io.out(messages.historyTable(opts.out, runs));
    });

  program
    .command('diff')
    .description(
      "What changed between two runs of an output folder's history: inputs, config, approvals, rank moves and metrics.",
    )
    .argument('<run-a>', 'earlier run id (see clusterfit history)')
    .argument('<run-b>', 'later run id')
    .option('-o, --out <dir>', 'output folder whose history holds both runs', 'output')
    .option('-f, --format <format>', 'markdown or json', 'markdown')
    .action(async (runA: string, runB: string, opts: { out: string; format: string }) => {
      if (opts.format !== 'markdown' && opts.format !== 'json') {
        throw new CliError(messages.badFormat(opts.format), ExitCode.usage);
      }
      const path = join(opts.out, HISTORY_FILE);
      if (!existsSync(path)) throw new CliError(messages.historyMissing(path), ExitCode.usage);
      const changes = await diffRuns(path, runA, runB);
      io.out(
        opts.format === 'json' ? `${JSON.stringify(changes, null, 2)}\n` : renderChanges(changes),
      );
    });

  program
    .command('fetch')
    .description(
      "Download each catalog source that has a publisher's address into the data directory, checking what arrives and recording its sha256 in clusterfit-sources.lock.json.",
    )
    .option('-d, --data-dir <dir>', 'folder to fill (default: $CLUSTERFIT_DATA_DIR, then ./data)')
    .option('-s, --source <id...>', 'only these catalog sources (default: all with an address)')
    .option(
      '--state <code...>',
      "a state's Projections Central long-term projections (postal code such as NV, FIPS code such as 32, or all; repeatable)",
    )
    .option(
      '--mirror <url>',
      "fetch the publishers' paths from this host instead (an agency's mirror or proxy)",
    )
    .option(
      '--timeout <seconds>',
      'give up on a request that sends nothing for this long (a whole download may take 10 times as long, at least 5 minutes)',
      '30',
    )
    .option('--retries <n>', 'further attempts on network errors, timeouts and 5xx answers', '3')
    .option('--max-size <MiB>', 'refuse a download larger than this many MiB', '512')
    .option('--accept-new', "replace a file whose publisher's copy changed since the last fetch")
    .action(
      async (opts: {
        dataDir?: string;
        source?: string[];
        state?: string[];
        mirror?: string;
        timeout: string;
        retries: string;
        maxSize: string;
        acceptNew?: boolean;
      }) => {
        const dataDir = resolveDataDir(opts.dataDir, io.env);
        const timeout = Number(opts.timeout);
        if (!Number.isFinite(timeout) || timeout <= 0) {
          throw new CliError(
            messages.fetchBadNumber('--timeout', opts.timeout, 'a number of seconds above 0'),
            ExitCode.usage,
          );
        }
        const retries = Number(opts.retries);
        if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
          throw new CliError(
            messages.fetchBadNumber('--retries', opts.retries, 'a whole number from 0 to 10'),
            ExitCode.usage,
          );
        }
        const maxSize = Number(opts.maxSize);
        if (!Number.isFinite(maxSize) || maxSize <= 0 || maxSize > 65536) {
          throw new CliError(
            messages.fetchBadNumber('--max-size', opts.maxSize, 'a number of MiB from 0 to 65536'),
            ExitCode.usage,
          );
        }
        if (opts.mirror !== undefined && !/^https?:\/\/[^/]/i.test(opts.mirror)) {
          throw new CliError(messages.fetchBadMirror(opts.mirror), ExitCode.usage);
        }
        const selection = {
          entries: CATALOG,
          only: opts.source ?? [],
          states: parseStates(opts.state ?? []),
        };
        io.log(messages.fetchStarted(dataDir, countJobs(selection)));
        const result = await fetchSources({
          dataDir,
          ...selection,
          ...(opts.mirror === undefined ? {} : { baseUrl: opts.mirror }),
          stallTimeoutMs: timeout * 1000,
          totalTimeoutMs: Math.max(timeout * 10, 300) * 1000,
          retries,
          backoffMs: 1000,
          maxBytes: Math.floor(maxSize * 1024 * 1024),
          acceptNew: opts.acceptNew === true,
          log: io.log,
          date: io.date,
        });
        exitCode = result.exitCode;
      },
    );

  program
    .command('sources')
    .description(
      "List the catalog: each source's publisher, vintage, documentation and download addresses, expected path, and whether its file is present and matches its recorded sha256.",
    )
    .option(
      '-d, --data-dir <dir>',
      'folder to look in (default: $CLUSTERFIT_DATA_DIR, then ./data)',
    )
    .option('-f, --format <format>', 'text or json', 'text')
    .action((opts: { dataDir?: string; format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new CliError(messages.badFormat(opts.format), ExitCode.usage);
      }
      const dataDir = resolveDataDir(opts.dataDir, io.env);
      const states = sourcesStatus(CATALOG, dataDir);
      io.out(
        opts.format === 'json'
          ? `${JSON.stringify({ data_dir: dataDir, sources: states }, null, 2)}\n`
          : formatSourcesText(states, dataDir),
      );
    });

  program
    .command('explain')
    .description(
      "Explain a cluster's result in a finished run: each metric's value, normalized value, weight and contribution, its stability, and the occupations that drive it.",
    )
    .argument('<cluster>', 'cluster name, or an unambiguous part of it (e.g. "health")')
    .option('-o, --out <dir>', 'output folder of the run', 'output')
    .option('--db <file>', 'the run database (default: clusterfit.duckdb in the output folder)')
    .option('-f, --framework <id>', 'only this framework (legacy16 or acte2024)')
    .option('-a, --area <code>', 'only this area')
    .action(
      async (
        cluster: string,
        opts: { out: string; db?: string; framework?: string; area?: string },
      ) => {
        io.out(
          await explain({
            cluster,
            out: opts.out,
            ...(opts.db === undefined ? {} : { db: opts.db }),
            ...(opts.framework === undefined ? {} : { framework: opts.framework }),
            ...(opts.area === undefined ? {} : { area: opts.area }),
          }),
        );
      },
    );

  program
    .command('compare')
    .description(
      'Compare two finished runs of the same area (e.g. two projection vintages): which clusters changed approval, and which metrics moved them.',
    )
    .argument('<run-a>', 'output folder (or .duckdb file) of the earlier run')
    .argument('<run-b>', 'output folder (or .duckdb file) of the later run')
    .option('-o, --out <dir>', 'where to write comparison.csv and comparison.md', 'comparison')
    .action(async (runA: string, runB: string, opts: { out: string }) => {
      publishing = true;
      const md = await compareRuns(runA, runB, opts.out);
      io.out(md);
    });

  program
    .command('calibrate')
    .description(
      'On a finished run, find the settings (weights, normalization, allocation, number approved) that best reproduce a prior approved list, name the decisions no setting reproduces, and write calibration.md, calibration.csv and calibrated-config.json into the run folder.',
    )
    .requiredOption(
      '--prior <file>',
      'the prior list: CSV (cluster, approved[, framework, area]) or JSON {"approved": [...], "not_approved": [...]}',
    )
    .option('-o, --out <dir>', 'output folder of the run', 'output')
    .option('-f, --framework <id>', 'the framework the prior list is for (default: from the list)')
    .option(
      '-a, --area <code>',
      'the area the prior list is for (default: from the list or the run)',
    )
    .option('--seed <n>', 'seed of the sampled part of the search', parseWhole, 1)
    .action(
      async (opts: {
        prior: string;
        out: string;
        framework?: string;
        area?: string;
        seed: number;
      }) => {
        publishing = true;
        io.out(
          await calibrateRun({
            prior: opts.prior,
            run: opts.out,
            seed: opts.seed,
            ...(opts.framework === undefined ? {} : { framework: opts.framework }),
            ...(opts.area === undefined ? {} : { area: opts.area }),
          }),
        );
      },
    );

  // Reports on a finished run that bring in reference files: same options, same shape.
  const runReports = [
    {
      name: 'programs',
      description:
        'List the CIP programs of study that lead to the occupations of each approved cluster of a finished run, with their annual openings; writes programs.csv and programs.md.',
      item: 'programs',
      top: 5,
      files: 'the CIP crosswalks',
      list: listPrograms,
    },
    {
      name: 'industries',
      description:
        "Show which industries (NAICS sectors) employ each cluster's occupations in a finished run, from OEWS national staffing patterns; writes industries.csv and industries.md.",
      item: 'sectors',
      top: 3,
      files: 'the staffing-pattern and NAICS crosswalk files',
      list: listIndustries,
    },
  ];
  for (const report of runReports) {
    program
      .command(report.name)
      .description(report.description)
      .argument('<run>', 'output folder (or .duckdb file) of a finished run')
      .option(
        '-o, --out <dir>',
        `where to write ${report.name}.csv and ${report.name}.md`,
        report.name,
      )
      .option('--framework <id>', 'only this framework (e.g. acte2024)')
      .option('--area <code>', 'only this area (e.g. CA)')
      .option(
        '--top <n>',
        `${report.item} per cluster in ${report.name}.md`,
        parseWhole,
        report.top,
      )
      .option(
        '-d, --data-dir <dir>',
        `folder holding ${report.files} (default: $CLUSTERFIT_DATA_DIR, then ./data)`,
      )
      .option(
        '-c, --config <file>',
        `JSON config whose "inputs" name ${report.files} (e.g. the publisher's original workbook)`,
      )
      .action(
        async (
          run: string,
          opts: {
            out: string;
            framework?: string;
            area?: string;
            top: number;
            dataDir?: string;
            config?: string;
          },
        ) => {
          publishing = true;
          const md = await report.list({
            run,
            out: opts.out,
            dataDir: resolveDataDir(opts.dataDir, io.env),
            ...(opts.config === undefined ? {} : { config: loadConfig(opts.config) }),
            ...(opts.framework === undefined ? {} : { framework: opts.framework }),
            ...(opts.area === undefined ? {} : { area: opts.area }),
            top: Math.max(1, opts.top),
          });
          io.out(md);
        },
      );
  }

  program
    .command('validate')
    .description(
      "Check one projections file with the pipeline's own reader and data-quality checks, without running the pipeline; exit 0 when it can be trusted, 3 when it cannot.",
    )
    .argument('<file>', 'projections file (CSV, XLSX or JSON; or the BLS 2019-29 table folder)')
    .option('-l, --layout <layout>', 'projections layout (default: detected from the file)')
    .option(
      '-c, --config <file>',
      'JSON config whose "projections": {"file", "layout", "columns", "units", "encoding"} says how to read the file',
    )
    .option('-f, --format <format>', 'report format: text or json', 'text')
    .option(
      '-d, --data-dir <dir>',
      'folder holding the SOC reference files for the code check (default: $CLUSTERFIT_DATA_DIR, then ./data)',
    )
    .action(
      async (
        file: string,
        opts: { layout?: string; config?: string; format: string; dataDir?: string },
      ) => {
        if (opts.format !== 'text' && opts.format !== 'json') {
          throw new CliError(messages.badFormat(opts.format), ExitCode.usage);
        }
        const spec =
          opts.config === undefined ? undefined : loadConfig(opts.config).projections_file;
        const layout = opts.layout ?? spec?.layout;
        const report = await validateFile({
          file,
          ...(layout === undefined ? {} : { layout }),
          ...(spec ? { columns: spec.columns, units: spec.units } : {}),
          ...(spec?.encoding === undefined ? {} : { encoding: spec.encoding }),
          dataDir: resolveDataDir(opts.dataDir, io.env),
        });
        io.out(opts.format === 'json' ? formatReportJson(report) : formatReportText(report));
        exitCode = report.summary.trusted ? ExitCode.ok : ExitCode.input;
      },
    );

  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = handle(error, io, publishing, jsonErrors);
  }
  return exitCode;
}

/** Runs of more areas than this print a summary rather than each area's approved clusters. */
const LIST_AREAS_UP_TO = 10;

/**
 * The files the run's closing line names: each main table in the first format written, the
 * recommendation, brief, workbook and manifest.
 */
function headlineFiles(written: ReadonlySet<string>): string[] {
  const tables = ['clusters', 'occupations', 'stability'].map((t) =>
    ['csv', 'parquet', 'arrow'].map((f) => `${t}.${f}`).find((f) => written.has(f)),
  );
  const rest = ['recommendation.md', 'brief.html', 'results.xlsx', 'manifest.json'];
  return [...tables, ...rest].filter((f): f is string => f !== undefined && written.has(f));
}

/** Each area's approved clusters, and in a run of several states those off the common list. */
function printAreas(io: CliIO, result: RunResult): void {
  for (const a of result.approved) {
    emit(
      io,
      { event: 'approved', area: a.area, framework: a.framework, clusters: a.clusters },
      messages.approvedLine(a.framework, a.area, a.clusters),
    );
  }
  const differ = result.stateDifferences ?? [];
  for (const framework of [...new Set(differ.map((d) => d.framework))]) {
    const rows = differ.filter((d) => d.framework === framework);
    const first = rows[0];
    if (!first) continue;
    emit(
      io,
      { event: 'states_differ', framework, states: first.states, common: first.common },
      messages.statesDiffer(framework, rows.length, first.states, first.common),
    );
    for (const d of rows) {
      emit(
        io,
        { event: 'state_differs', framework, area: d.area, added: d.added, dropped: d.dropped },
        messages.stateDiffers(d.area, d.added, d.dropped),
      );
    }
  }
}

/**
 * A run of many areas at a glance: how many areas and frameworks, per framework how many
 * approved lists differ from the list each is read against, and the files that hold them all.
 */
function printAreasAtAGlance(io: CliIO, areas: AreasAtAGlance, written: ReadonlySet<string>): void {
  const first = (files: string[]) => files.find((f) => written.has(f)) ?? 'recommendation.md';
  const differences = first(['area_differences.csv']);
  const clusters = first(['clusters.csv', 'clusters.parquet', 'results.xlsx', 'clusters.arrow']);
  emit(
    io,
    { event: 'areas', areas: areas.count, frameworks: areas.frameworks, differences, clusters },
    messages.areasAtAGlance(areas.count, areas.frameworks),
  );
  for (const d of areas.differences) {
    emit(
      io,
      { event: 'areas_differ', ...d },
      d.compared_with === 'state'
        ? messages.areasDiffer(d.framework, d.differ, d.compared)
        : messages.statesDifferCount(d.framework, d.differ, d.compared, d.common ?? 0),
    );
  }
  io.log(messages.areasFiles(differences, clusters));
}

/** Errors of the machine rather than of clusterfit or its inputs. */
const SYSTEM_WRITE_ERRORS = ['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EMFILE'];

function handle(error: unknown, io: CliIO, publishing: boolean, json = false): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; any other commander error already printed its message.
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
      ? ExitCode.ok
      : ExitCode.usage;
  }
  const untouched = publishing ? `\n${messages.outputsUntouched}` : '';
  const fail = (code: number, message: string, fields: Record<string, unknown> = {}): number => {
    if (json) {
      const record = { time: io.date().toISOString(), level: 'error', event: 'failed' };
      io.out(`${JSON.stringify({ ...record, exit_code: code, ...fields, message })}\n`);
    } else io.err(`${message}\n`);
    return code;
  };
  if (error instanceof CliError) {
    return fail(error.exitCode, `${messages.failed(error.message)}${untouched}`, {
      ...(error.place ?? {}),
    });
  }
  const sys = error as NodeJS.ErrnoException;
  if (typeof sys?.code === 'string' && SYSTEM_WRITE_ERRORS.includes(sys.code)) {
    // The disk filled up or the folder is read-only: not a bug, and nothing was published.
    const message = messages.systemError(sys.code, sys.path ?? '', sys.message);
    return fail(ExitCode.system, `${messages.failed(message)}${untouched}`, { errno: sys.code });
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return fail(ExitCode.internal, messages.internalError(message));
}
