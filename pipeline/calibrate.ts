/**
 * `clusterfit calibrate --prior FILE`: on a finished run, the settings (weights, normalization,
 * allocation, number approved) that best reproduce a prior approved list, the decisions no
 * setting reproduces, and a config that reproduces the agreement when run
 * (transforms/calibration-search.ts does the search).
 *
 *   manifest.json (resolved config) + mart_cluster_metrics_all (every allocation)
 *     → search → calibrated-config.json, checked by scoring it as the run will
 *     → calibration.csv, calibration.md
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import {
  ALLOCATIONS,
  type Allocation,
  type Config,
  NORMALIZATIONS,
  type Selection,
} from '../kernel/config-types.ts';
import { col, Database, sqlString } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import { OutputFolder } from '../kernel/output-folder.ts';
import { fmt, metricLabel } from '../outputs/format.ts';
import { mdText } from '../outputs/markdown-text.ts';
import { publishRows } from '../outputs/published-table.ts';
import { writeCsv } from '../outputs/write-csv.ts';
import {
  type CalibrationInput,
  type CalibrationResult,
  calibrate,
  rankUnder,
} from '../transforms/calibration-search.ts';
import { approvalCount, rankAndSelect } from '../transforms/rank.ts';
import { show } from './compare.ts';
import { metricIds, parseConfig } from './config.ts';
import { queryFinishedRun } from './finished-run.ts';
import { acquireLock } from './folder-lock.ts';
import { matchNames, type PriorEntry, readPrior } from './prior-list.ts';
import { LOCK_FILE } from './run.ts';

const LOCK_WAIT_SECONDS = 30;

export interface CalibrateOptions {
  prior: string;
  /** The finished run's output folder. */
  run: string;
  framework?: string;
  area?: string;
  seed: number;
  /** Settings the grid may evaluate (tests make it small). */
  gridBudget?: number;
  samples?: number;
}

export const CALIBRATION_COLUMNS = [
  col('area', 'VARCHAR'),
  col('framework', 'VARCHAR'),
  col('cluster', 'VARCHAR'),
  col('prior_approved', 'BOOLEAN'),
  col('calibrated_approved', 'BOOLEAN'),
  col('agrees', 'BOOLEAN'),
  col('rank', 'INTEGER'),
  col('score', 'DOUBLE'),
  col('margin', 'DOUBLE'),
  col('explained', 'BOOLEAN'),
  col('missed_share', 'DOUBLE'),
];

export const CALIBRATED_CONFIG = 'calibrated-config.json';

interface ClusterOutcome {
  cluster: string;
  prior: boolean;
  approved: boolean;
  rank: number;
  score: number;
  margin: number;
  explained: boolean;
  missedShare: number;
}

/** What calibrate reads from a finished run and the prior list. */
export interface LoadedCalibration {
  input: CalibrationInput;
  /** The run's resolved config, as its manifest holds it and as parsed. */
  manifestConfig: Record<string, unknown>;
  config: Config;
  area: string;
  framework: string;
  /** The framework's clusters the prior does not list (counted as not approved). */
  unlisted: string[];
}

/**
 * The run's clusters of one area × framework under every allocation, with the prior's decision
 * of each, in the run's key order.
 */
export async function loadCalibration(
  opts: Pick<CalibrateOptions, 'prior' | 'run' | 'framework' | 'area'>,
): Promise<LoadedCalibration> {
  const manifestPath = join(opts.run, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new CliError(messages.calibrateNoManifest(opts.run), ExitCode.usage);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { config: object };
  const config = parseConfig(manifest.config, manifestPath);
  const entries = readPrior(opts.prior);

  return await queryFinishedRun(opts.run, {}, async (db) => {
    const groups = await db.all<{ area_code: string; framework: string }>(
      'select distinct area_code, framework from r.mart_cluster_metrics_all order by all',
    );
    const areas = [...new Set(groups.map((g) => g.area_code))];
    const area = pick(
      opts.area,
      entries.map((e) => e.area),
      areas,
      (known) => messages.calibrateArea(opts.run, known),
    );
    if (area === undefined)
      throw new CliError(messages.calibrateArea(opts.run, areas), ExitCode.usage);
    const frameworks = config.frameworks.filter((f) =>
      groups.some((g) => g.framework === f && g.area_code === area),
    );
    const namesOf = async (framework: string) =>
      (
        await db.all<{ cluster: string }>(
          `select distinct cluster from r.mart_cluster_metrics_all
           where area_code = ${sqlString(area)} and framework = ${sqlString(framework)}
           order by cluster`,
        )
      ).map((r) => r.cluster);
    let framework = pick(
      opts.framework,
      entries.map((e) => e.framework),
      frameworks,
      (known) => messages.calibrateFramework(opts.run, known),
    );
    const relevant = (fw: string) =>
      entries.filter(
        (e) =>
          (e.framework === undefined || e.framework === fw) &&
          (e.area === undefined || e.area === area),
      );
    if (framework === undefined) {
      // The first of the run's frameworks that knows every name in the prior.
      for (const fw of frameworks) {
        const names = await namesOf(fw);
        try {
          matchNames(opts.prior, relevant(fw), names);
          framework = fw;
          break;
        } catch {}
      }
      framework ??= frameworks[0] as string;
    }
    const names = await namesOf(framework);
    const mine = relevant(framework);
    const matchedNames = matchNames(opts.prior, mine, names);
    const prior = priorDecisions(opts.prior, mine, matchedNames, names);

    const present = new Set(
      (
        await db.all<{ column_name: string }>(
          `select column_name from duckdb_columns()
           where database_name = 'r' and table_name = 'mart_cluster_metrics_all'`,
        )
      ).map((r) => r.column_name),
    );
    const metrics = metricIds(config).filter((m) => present.has(m));
    const rows = await db.all<Record<string, number | null> & { allocation: string }>(
      `select allocation, annual_openings, ${metrics.map((m) => `"${m}"`).join(', ')}
       from r.mart_cluster_metrics_all
       where area_code = ${sqlString(area)} and framework = ${sqlString(framework)}
       order by allocation, cluster`,
    );
    // One row per allocation and cluster: a run holding two vintages of the area is ambiguous.
    if (rows.length !== ALLOCATIONS.length * names.length) {
      throw new CliError(messages.calibrateSeveralVintages(opts.run, area), ExitCode.usage);
    }
    return {
      input: calibrationInput(names, prior, metrics, rows),
      manifestConfig: manifest.config as Record<string, unknown>,
      config,
      area,
      framework,
      unlisted: names.filter((name) => !matchedNames.includes(name)),
    };
  });
}

/** Calibrates a finished run to a prior list, writes the three files into it, returns the report. */
export async function calibrateRun(opts: CalibrateOptions): Promise<string> {
  const { input, manifestConfig, config, area, framework, unlisted } = await loadCalibration(opts);
  const names = input.names;
  const result = calibrate(input, {
    seed: opts.seed,
    ...(opts.gridBudget === undefined ? {} : { gridBudget: opts.gridBudget }),
    ...(opts.samples === undefined ? {} : { samples: opts.samples }),
  });

  // The calibrated config, read back as `clusterfit run --config` will read it, decides the
  // reported agreement: scored and ranked by the run's own functions.
  const calibratedJson = {
    ...manifestConfig,
    weights: result.best.setting.weights,
    normalization: result.best.setting.normalization,
    allocation: result.best.setting.allocation,
    selection: calibratedSelection(config.selection, result.best.setting.count, names.length),
  };
  const calibrated = parseConfig(calibratedJson, CALIBRATED_CONFIG);
  const outcomes = decide(input, calibrated, result);
  const agreement = outcomes.filter((o) => o.approved === o.prior).length;

  const report = renderReport({
    run: opts.run,
    prior: opts.prior,
    area,
    framework,
    seed: opts.seed,
    input,
    result,
    calibrated,
    outcomes,
    agreement,
    unlisted,
  });
  // The run's own lock, so a run publishing into the folder meanwhile is waited for.
  const lock = await acquireLock(join(opts.run, LOCK_FILE), LOCK_WAIT_SECONDS);
  const folder = OutputFolder.prepare(opts.run);
  try {
    const rows = outcomes.map((o) => ({
      area,
      framework,
      cluster: o.cluster,
      prior_approved: o.prior,
      calibrated_approved: o.approved,
      agrees: o.approved === o.prior,
      rank: o.rank,
      score: round(o.score),
      margin: round(o.margin),
      explained: o.explained,
      missed_share: round(o.missedShare),
    }));
    // Built here, published the one way every table is: loaded into DuckDB, written by it.
    const db = await Database.open(':memory:');
    try {
      const table = await publishRows(db, 'calibration', CALIBRATION_COLUMNS, rows);
      await writeCsv(db, folder.path('calibration.csv'), table);
    } finally {
      db.close();
    }
    writeFileSync(folder.path('calibration.md'), report.markdown);
    writeFileSync(folder.path(CALIBRATED_CONFIG), `${JSON.stringify(calibratedJson, null, 2)}\n`);
    folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  } finally {
    lock.release();
  }
  return report.text;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The option, else the one value the prior's column gives, else the run's only value (undefined
 * when that leaves a choice open); a value the run does not have is a usage error listing the
 * run's values.
 */
function pick(
  option: string | undefined,
  fromPrior: readonly (string | undefined)[],
  known: readonly string[],
  error: (known: readonly string[]) => string,
): string | undefined {
  const given = [...new Set(fromPrior.filter((v): v is string => v !== undefined))];
  const value =
    option ?? (given.length === 1 ? given[0] : known.length === 1 ? known[0] : undefined);
  if (value !== undefined && !known.includes(value))
    throw new CliError(error(known), ExitCode.usage);
  return value;
}

/** The prior decision of every cluster; a cluster it does not list counts as not approved. */
function priorDecisions(
  file: string,
  entries: readonly PriorEntry[],
  matchedNames: readonly string[],
  names: readonly string[],
): boolean[] {
  const decision = new Map<string, PriorEntry>();
  entries.forEach((e, i) => {
    const name = matchedNames[i] as string;
    const earlier = decision.get(name);
    if (earlier && earlier.approved !== e.approved) {
      throw new CliError(messages.priorConflict(file, name, earlier.row, e.row), ExitCode.input);
    }
    decision.set(name, e);
  });
  return names.map((n) => decision.get(n)?.approved ?? false);
}

function calibrationInput(
  names: readonly string[],
  prior: readonly boolean[],
  metrics: readonly string[],
  rows: readonly (Record<string, number | null> & { allocation: string })[],
): CalibrationInput {
  const values = {} as Record<Allocation, Record<string, (number | null)[]>>;
  const openings = {} as Record<Allocation, number[]>;
  for (const allocation of ALLOCATIONS) {
    const mine = rows.filter((r) => r.allocation === allocation);
    values[allocation] = Object.fromEntries(
      metrics.map((m) => [m, mine.map((r) => (r[m] === undefined ? null : r[m]) as number | null)]),
    );
    openings[allocation] = mine.map((r) => r.annual_openings ?? 0);
  }
  return {
    names,
    prior,
    metrics,
    values,
    openings,
    allocations: ALLOCATIONS,
    normalizations: NORMALIZATIONS,
  };
}

/**
 * The selection approving `count` of n: a share of the framework (so a run's other frameworks,
 * and the next vintage, approve in proportion) when the run's half-up rounding gives back
 * exactly `count`, else the count itself.
 */
export function calibratedSelection(base: Selection, count: number, n: number): Selection {
  const share: Selection = { ...base, method: 'top_share', top_share: count / n };
  if (approvalCount(share, n) === count) return share;
  return { ...base, method: 'top_n', top_n: count };
}

/** Every cluster under the calibrated config, scored and selected as the run does. */
function decide(
  input: CalibrationInput,
  config: Config,
  result: CalibrationResult,
): ClusterOutcome[] {
  const { scores } = rankUnder(input, config.weights, config.normalization, config.allocation);
  const ranked = rankAndSelect(
    input.names.map((cluster, i) => ({
      cluster,
      index: i,
      score: scores[i] as number,
      annual_openings: input.openings[config.allocation][i] as number,
    })),
    config.selection,
  );
  const count = ranked.filter((r) => r.approved).length;
  const at = (r: number) => ranked[r]?.score as number;
  const cut =
    count === 0
      ? at(0) + 1
      : count >= ranked.length
        ? at(ranked.length - 1) - 1
        : (at(count - 1) + at(count)) / 2;
  const unexplained = new Set(result.unexplained.map((u) => u.index));
  return ranked.map((r) => ({
    cluster: r.cluster,
    prior: input.prior[r.index] as boolean,
    approved: r.approved,
    rank: r.rank,
    score: r.score,
    margin: r.score - cut,
    explained: !unexplained.has(r.index),
    missedShare: result.missedShare[r.index] as number,
  }));
}

interface ReportFacts {
  run: string;
  prior: string;
  area: string;
  framework: string;
  seed: number;
  input: CalibrationInput;
  result: CalibrationResult;
  calibrated: Config;
  outcomes: ClusterOutcome[];
  agreement: number;
  unlisted: string[];
}

/** The printed report and calibration.md (the same sentences, with a table in the Markdown). */
function renderReport(f: ReportFacts): { text: string; markdown: string } {
  const m = messages;
  const { result, input, calibrated } = f;
  const n = input.names.length;
  const setting = result.best.setting;
  const total = Object.values(setting.weights).reduce((a, b) => a + b, 0);
  const weights = Object.entries(setting.weights)
    .map(([metric, w]) => `${metric} ${(w / total).toFixed(3)}`)
    .join(', ');
  const lines: string[] = [
    m.calibrateHeading(f.run, f.area, f.framework, f.prior, n, input.prior.filter(Boolean).length),
  ];
  if (f.unlisted.length > 0) lines.push(m.calibrateUnlisted(f.unlisted));
  lines.push(
    m.calibrateSearch(
      result.gridSteps,
      result.gridPoints,
      input.metrics.length,
      result.samples,
      f.seed,
      result.evaluated,
    ),
    m.calibrateAgreement(f.agreement, n),
    m.calibrateBest(calibrated.normalization, calibrated.allocation, setting.count, n, weights),
    m.calibrateRegion(
      result.best.agreement,
      n,
      result.region
        .filter((r) => r.high > 0)
        .map((r) => `${r.metric} ${r.low.toFixed(3)}–${r.high.toFixed(3)}`),
      result.regionShare,
      result.samples,
    ),
  );
  const priorCount = input.prior.filter(Boolean).length;
  const evidenceOf = (index: number): string[] => {
    const approved = input.prior[index] as boolean;
    const values = input.values[calibrated.allocation];
    // Each metric's value and its rank among the clusters, the weakest case first: the lowest
    // ranks for an approval, the highest for a rejection.
    return input.metrics
      .map((metric) => {
        const column = values[metric] ?? [];
        const v = column[index] ?? null;
        const rank = v === null ? n : 1 + column.filter((x) => x !== null && x > v).length;
        return { metric, v, rank };
      })
      .sort((a, b) => (approved ? b.rank - a.rank : a.rank - b.rank))
      .slice(0, 4)
      .map((e) =>
        m.calibrateEvidence(metricLabel(e.metric), show(e.metric, e.v ?? null), e.rank, n),
      );
  };
  const missed = input.names
    .map((cluster, index) => ({ cluster, index, share: result.missedShare[index] as number }))
    .filter((x) => x.share > 0)
    .sort((a, b) => b.share - a.share)
    .map((x) => {
      const approved = input.prior[x.index] as boolean;
      return m.calibrateMissed(x.cluster, approved, x.share, priorCount, evidenceOf(x.index));
    });
  if (missed.length > 0) lines.push(m.calibrateMissedHeading(result.best.agreement, n), ...missed);
  if (result.unexplained.length === 0) {
    lines.push(m.calibrateAllExplained);
  } else {
    lines.push(m.calibrateUnexplainedHeading(result.best.agreement, n));
    for (const u of result.unexplained) {
      lines.push(
        m.calibrateUnexplained(
          input.names[u.index] as string,
          input.prior[u.index] as boolean,
          u.approvedThere,
          u.closestRank,
          n,
          evidenceOf(u.index),
        ),
      );
    }
  }
  lines.push(m.calibrateWrote(f.run, CALIBRATED_CONFIG, f.agreement, n));
  const text = `${lines.join('\n')}\n`;
  const table = [
    '| rank | cluster | prior | calibrated | score | margin | explained |',
    '|---:|---|---|---|---:|---:|---|',
    ...f.outcomes.map(
      (o) =>
        `| ${o.rank} | ${mdText(o.cluster)} | ${o.prior ? 'approved' : 'not approved'} | ${o.approved ? 'approved' : 'not approved'} | ${fmt.score(o.score)} | ${fmt.score(o.margin)} | ${o.explained ? 'yes' : 'no'} |`,
    ),
  ];
  const markdown = `# ${m.calibrateTitle(f.area, f.framework)}\n\n${lines.join('\n\n')}\n\n${table.join('\n')}\n`;
  return { text, markdown };
}
