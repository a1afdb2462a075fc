/**
 * What changed between two runs in an output folder's history: input files, the config, clusters
 * entering or leaving the approved list, rank moves, and metrics that moved by more than a
 * threshold. `refresh` writes it as changes.json and changes.md; `clusterfit diff` prints it.
 * Clusters are matched by area, framework and name, not vintage, since a refresh typically
 * brings a new projections vintage.
 */

import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { type Database, sqlString } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import { mdText } from '../outputs/markdown-text.ts';
import { openHistory } from './history.ts';

/** A metric "changed" when it moved by at least this share of its previous value. */
export const METRIC_CHANGE_THRESHOLD = 0.05;

const METRICS = ['base_employment', 'pct_change', 'annual_openings', 'median_wage'] as const;

export interface Changes {
  previous_run: string;
  run: string;
  config_changed: boolean;
  /** Every config value that differs, by its path in the config ("weights.openings"). */
  config: { key: string; from: unknown; to: unknown }[];
  /** clusterfit's version, when it differs between the runs. */
  clusterfit: { from: string; to: string } | null;
  inputs: {
    source: string;
    file: string;
    change: 'changed' | 'added' | 'removed';
    /** The file's sha256 and rows read in the previous run and this one (null when absent). */
    from: { sha256: string; rows: number } | null;
    to: { sha256: string; rows: number } | null;
  }[];
  approvals: { area: string; framework: string; cluster: string; change: 'added' | 'dropped' }[];
  rank_moves: { area: string; framework: string; cluster: string; from: number; to: number }[];
  metrics: {
    area: string;
    framework: string;
    cluster: string;
    metric: string;
    from: number;
    to: number;
  }[];
  threshold: number;
}

type Key = { area: string; framework: string; cluster: string };

export async function diffRuns(historyPath: string, runA: string, runB: string): Promise<Changes> {
  const db = await openHistory(historyPath);
  try {
    return await diffHistory(db, historyPath, runA, runB);
  } finally {
    db.close();
  }
}

/** diffRuns in the history that is the connection's current database (see withHistory). */
export async function diffHistory(
  db: Database,
  historyPath: string,
  runA: string,
  runB: string,
): Promise<Changes> {
  const ids = new Set(
    (await db.all<{ run_id: string }>('select run_id from runs')).map((r) => r.run_id),
  );
  for (const id of [runA, runB]) {
    if (!ids.has(id)) {
      throw new CliError(messages.historyNoRun(id, historyPath, [...ids]), ExitCode.usage);
    }
  }
  const config = await db.all<{
    run_id: string;
    config_hash: string;
    config_json: string;
    clusterfit: string;
  }>(
    `select run_id, config_hash, config_json, clusterfit from runs where run_id in (${sqlString(runA)}, ${sqlString(runB)})`,
  );
  const run = (id: string) => config.find((c) => c.run_id === id);
  const configA = JSON.parse(run(runA)?.config_json ?? '{}') as unknown;
  const configB = JSON.parse(run(runB)?.config_json ?? '{}') as unknown;
  const inputs = await db.all<{
    source: string;
    file: string;
    change: string;
    sha_a: string | null;
    rows_a: number | null;
    sha_b: string | null;
    rows_b: number | null;
  }>(`
    select coalesce(b.source, a.source) as source, coalesce(b.file, a.file) as file,
      case when a.source is null then 'added' when b.source is null then 'removed'
           else 'changed' end as change,
      a.sha256 as sha_a, a.rows_read as rows_a, b.sha256 as sha_b, b.rows_read as rows_b
    from (select * from run_inputs where run_id = ${sqlString(runA)}) a
    full join (select * from run_inputs where run_id = ${sqlString(runB)}) b using (source)
    where a.sha256 is distinct from b.sha256
    order by source`);
  const pairs = await db.all<
    Key & { approved_a: boolean | null; approved_b: boolean | null } & Record<
        string,
        number | string | boolean | null
      >
  >(`
    select coalesce(b.area, a.area) as area, coalesce(b.framework, a.framework) as framework,
      coalesce(b.cluster, a.cluster) as cluster, a.approved as approved_a, b.approved as approved_b,
      a.rank as rank_a, b.rank as rank_b,
      ${METRICS.map((m) => `a.${m} as ${m}_a, b.${m} as ${m}_b`).join(', ')}
    from (select * from run_clusters where run_id = ${sqlString(runA)}) a
    full join (select * from run_clusters where run_id = ${sqlString(runB)}) b
      using (area, framework, cluster)
    order by area, framework, coalesce(b.rank, a.rank), cluster`);
  const key = (r: Key): Key => ({ area: r.area, framework: r.framework, cluster: r.cluster });
  return {
    previous_run: runA,
    run: runB,
    config_changed: run(runA)?.config_hash !== run(runB)?.config_hash,
    config: diffValues(configA, configB),
    clusterfit:
      run(runA)?.clusterfit === run(runB)?.clusterfit
        ? null
        : { from: run(runA)?.clusterfit ?? '', to: run(runB)?.clusterfit ?? '' },
    inputs: inputs.map((i) => ({
      source: i.source,
      file: i.file,
      change: i.change as Changes['inputs'][number]['change'],
      from: i.sha_a === null ? null : { sha256: i.sha_a, rows: Number(i.rows_a) },
      to: i.sha_b === null ? null : { sha256: i.sha_b, rows: Number(i.rows_b) },
    })),
    approvals: pairs
      .filter((r) => Boolean(r.approved_a) !== Boolean(r.approved_b))
      .map((r) => ({ ...key(r), change: r.approved_b ? 'added' : 'dropped' })),
    rank_moves: pairs
      .filter((r) => r.rank_a !== null && r.rank_b !== null && r.rank_a !== r.rank_b)
      .map((r) => ({ ...key(r), from: Number(r.rank_a), to: Number(r.rank_b) })),
    metrics: pairs.flatMap((r) =>
      METRICS.flatMap((m) => {
        const from = r[`${m}_a`];
        const to = r[`${m}_b`];
        if (typeof from !== 'number' || typeof to !== 'number') return [];
        const moved = Math.abs(to - from) >= METRIC_CHANGE_THRESHOLD * Math.abs(from || 1);
        return moved ? [{ ...key(r), metric: m, from, to }] : [];
      }),
    ),
    threshold: METRIC_CHANGE_THRESHOLD,
  };
}

/**
 * The leaves where two JSON values differ, by dotted path; arrays compare whole, since a list of
 * areas or frameworks reads best as one value.
 */
export function diffValues(a: unknown, b: unknown, path = ''): Changes['config'] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ key: path, from: a ?? null, to: b ?? null }];
}

/** changes.md: the same facts as changes.json, for a person. */
export function renderChanges(c: Changes): string {
  const out = [`# Changes since run ${c.previous_run}`, '', `This run: ${c.run}.`, ''];
  out.push(`## Inputs, config and version`, '');
  if (c.inputs.length === 0 && !c.config_changed && !c.clusterfit) {
    out.push('No input file, config or clusterfit version changed.');
  }
  if (c.clusterfit) out.push(`- clusterfit ${c.clusterfit.from} → ${c.clusterfit.to}`);
  for (const i of c.inputs) {
    const detail =
      i.from && i.to
        ? ` (sha256 ${i.from.sha256.slice(0, 12)} → ${i.to.sha256.slice(0, 12)}, rows read ${i.from.rows} → ${i.to.rows})`
        : '';
    out.push(`- ${mdText(i.file)} (${mdText(i.source)}): ${i.change}${detail}`);
  }
  for (const k of c.config) {
    out.push(
      `- config ${mdText(k.key)}: ${mdText(JSON.stringify(k.from) ?? '')} → ${mdText(JSON.stringify(k.to) ?? '')}`,
    );
  }
  out.push(
    '',
    `## Approved list (${c.approvals.length} change${c.approvals.length === 1 ? '' : 's'})`,
    '',
  );
  if (c.approvals.length === 0) out.push('The same clusters are approved.');
  for (const a of c.approvals) {
    out.push(
      `- ${mdText(a.cluster)} (${mdText(a.area)}, ${a.framework}): ${a.change === 'added' ? 'now approved' : 'no longer approved'}`,
    );
  }
  out.push('', `## Rank moves (${c.rank_moves.length})`, '');
  if (c.rank_moves.length === 0) out.push('No cluster changed rank.');
  for (const r of c.rank_moves)
    out.push(`- ${mdText(r.cluster)} (${mdText(r.area)}, ${r.framework}): ${r.from} → ${r.to}`);
  out.push(
    '',
    `## Metrics that moved by ${Math.round(c.threshold * 100)}% or more (${c.metrics.length})`,
    '',
  );
  if (c.metrics.length === 0) out.push('No cluster metric moved that much.');
  for (const m of c.metrics) {
    out.push(
      `- ${mdText(m.cluster)} (${mdText(m.area)}, ${m.framework}), ${m.metric}: ${round(m.from)} → ${round(m.to)}`,
    );
  }
  out.push('');
  return out.join('\n');
}

/** changes.md of a folder's first recorded run. */
export function renderFirstRun(runId: string): string {
  return `# Changes\n\nRun ${runId} is the first recorded in this output folder; there is no earlier run to compare with.\n`;
}

function round(n: number): string {
  return Number(n.toFixed(2)).toLocaleString('en-US');
}
