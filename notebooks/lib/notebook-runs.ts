/**
 * Which runs the notebooks show. CLUSTERFIT_RUN names a finished run's output folder and
 * CLUSTERFIT_COMPARE_RUN a second run for the comparison page. When CLUSTERFIT_RUN is unset the
 * loader makes the runs itself with the pipeline's own runPipeline (the default California
 * 2023–2033 config, compared with the 2020–2030 run of the state and its 32 sub-state areas), into
 * notebooks/.cache/runs, so `npm run notebooks:build` works on a fresh clone with the data beside it.
 * Relative paths are read from the repository root, as `npm start` reads them.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { RunIO } from '../../kernel/run-context.ts';
import { runPipeline } from '../../pipeline/run.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the loader keeps the runs it makes itself (gitignored). */
export const RUN_CACHE = join(REPO_ROOT, 'notebooks', '.cache', 'runs');
/** The vintage the default run is compared with: same state, 2020–2030, with its sub-state areas. */
export const DEFAULT_COMPARE_CONFIG = join(REPO_ROOT, 'configs', 'ca-2020-2030-areas.json');
/**
 * Monte Carlo draws of the runs the loader makes: enough for a stable picture of each decision,
 * few enough to keep a fresh build quick. Set CLUSTERFIT_NOTEBOOK_DRAWS for more.
 */
export const DEFAULT_DRAWS = 200;

export interface NotebookRuns {
  dataDir: string;
  main: string;
  compare: string | null;
}

/** Progress goes to stderr: a data loader's stdout is its output file. */
const stderrIO: RunIO = {
  log: (line) => process.stderr.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
  now: () => performance.now(),
  date: () => new Date(),
};

/** The data directory: CLUSTERFIT_DATA_DIR, else ../shared/data beside the clone, else ./data. */
export function notebookDataDir(env: NodeJS.ProcessEnv): string {
  if (env.CLUSTERFIT_DATA_DIR) return resolve(REPO_ROOT, env.CLUSTERFIT_DATA_DIR);
  const shared = resolve(REPO_ROOT, '..', 'shared', 'data');
  return existsSync(shared) ? shared : join(REPO_ROOT, 'data');
}

/** Resolves (or makes) the runs the pages read. */
export async function notebookRuns(env: NodeJS.ProcessEnv): Promise<NotebookRuns> {
  const dataDir = notebookDataDir(env);
  const draws = env.CLUSTERFIT_NOTEBOOK_DRAWS
    ? Number(env.CLUSTERFIT_NOTEBOOK_DRAWS)
    : DEFAULT_DRAWS;
  const given = (name: string): string | null => {
    const v = env[name];
    if (!v) return null;
    const folder = resolve(REPO_ROOT, v);
    if (!['clusterfit.duckdb', 'manifest.json'].every((f) => existsSync(join(folder, f)))) {
      throw new CliError(messages.notebookNoRun(name, folder), ExitCode.usage);
    }
    return folder;
  };
  const main = given('CLUSTERFIT_RUN');
  const compare = given('CLUSTERFIT_COMPARE_RUN');
  if (main !== null) return { dataDir, main, compare };

  const made = async (name: string, configFile?: string): Promise<string> => {
    const outDir = join(RUN_CACHE, name);
    stderrIO.log(messages.notebookRunning(outDir, dataDir));
    await runPipeline(
      {
        ...(configFile === undefined ? {} : { configFile }),
        outDir,
        dataDir,
        overrides: { draws },
        argv: ['clusterfit', 'run', '--out', outDir, '--draws', String(draws)],
      },
      stderrIO,
    );
    return outDir;
  };
  return {
    dataDir,
    main: await made('default'),
    compare: compare ?? (await made('compare', DEFAULT_COMPARE_CONFIG)),
  };
}
