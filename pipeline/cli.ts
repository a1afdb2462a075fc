/**
 * The clusterfit command line. Commands parse their options, call the pipeline, and turn errors
 * into one paragraph and an exit code (see ExitCode); nothing else happens here.
 */
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './cli-error.ts';
import { resolveDataDir } from './data-dir.ts';
import { messages } from './messages.ts';
import { runPipeline } from './run.ts';
import type { RunIO } from './run-context.ts';
import { VERSION } from './version.ts';

export interface CliIO extends RunIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
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
  };
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('clusterfit')
    .description(
      "Turn occupational employment projections into a state's approved Career Cluster list (Perkins V).",
    )
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('run')
    .description(
      'Run the pipeline (ingest → stage → map → score → rank → publish) and write clusters.csv, occupations.csv, recommendation.md and manifest.json.',
    )
    .option(
      '-c, --config <file>',
      'JSON config file (defaults: California 2023-2033, both frameworks)',
    )
    .option('-o, --out <dir>', 'output folder', 'output')
    .option(
      '-d, --data-dir <dir>',
      'folder holding the input files (default: $CLUSTERFIT_DATA_DIR, then ./data)',
    )
    .option('--db <file>', 'DuckDB database file (default: clusterfit.duckdb in the output folder)')
    .action(async (opts: { config?: string; out: string; dataDir?: string; db?: string }) => {
      const dataDir = resolveDataDir(opts.dataDir, io.env);
      io.log(`clusterfit run: ${opts.config ?? 'default config'} → ${opts.out} (data: ${dataDir})`);
      const result = await runPipeline(
        {
          ...(opts.config === undefined ? {} : { configFile: opts.config }),
          outDir: opts.out,
          dataDir,
          ...(opts.db === undefined ? {} : { dbPath: opts.db }),
          argv: ['clusterfit', ...argv],
        },
        io,
      );
      io.log(
        `Wrote clusters.csv, occupations.csv, recommendation.md, manifest.json to ${result.outDir}`,
      );
      for (const a of result.approved) {
        io.log(
          `  ${a.area}, ${a.framework}: ${a.clusters.length} approved: ${a.clusters.join('; ')}`,
        );
      }
    });

  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = handle(error, io);
  }
  return exitCode;
}

function handle(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Help and version are successes; any other commander error already printed its message.
    return error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
      ? ExitCode.ok
      : ExitCode.usage;
  }
  if (error instanceof CliError) {
    io.err(`${messages.failed(error.message)}\n${messages.outputsUntouched}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(`${messages.internalError(message)}\n`);
  return ExitCode.internal;
}
