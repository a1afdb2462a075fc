/**
 * recommendation.md: the approved list for each area and framework, the metrics behind it, and
 * for every cluster the reason it is in or out, in words a board member can follow.
 */
import { type Config, SELECTION_PRESETS } from '../kernel/config-types.ts';
import type { FrameworkDefinition } from '../kernel/frameworks.ts';
import { groupedDigits, messages } from '../kernel/messages.ts';
import { describeSelection } from '../transforms/rank.ts';
import type { CompiledRule } from '../transforms/rules.ts';
import type { ClusterStability } from '../transforms/stability.ts';
import { fmt, metricLabel } from './format.ts';
import { mdCode, mdText } from './markdown-text.ts';

export interface ClusterResult {
  area_code: string;
  area_name: string;
  vintage: string;
  framework: string;
  cluster: string;
  base_employment: number;
  projected_employment: number;
  change: number;
  pct_change: number | null;
  annual_openings: number;
  median_wage: number | null;
  high_wage_share: number | null;
  postsecondary_share: number | null;
  occupations: number;
  score: number;
  rank: number;
  approved: boolean;
}

export interface Contribution {
  area_code: string;
  vintage: string;
  framework: string;
  cluster: string;
  metric: string;
  value: number | null;
  normalized: number;
  weight: number;
  contribution: number;
}

export interface AreaFacts {
  area_code: string;
  area_name: string;
  vintage: string;
  area_median_wage: number | null;
  area_median_wage_basis: string | null;
  published_total_base_employment: number | null;
  detail_base_employment: number;
  detail_occupations: number;
}

export interface AreaDifference {
  area: string;
  area_name: string;
  vintage: string;
  framework: string;
  state: string;
  approved_count: number;
  added: string;
  dropped: string;
  differs: boolean;
  /** 'state' (a sub-state area beside its state) or 'most states' (a state beside the common list). */
  compared_with: string;
  /** For 'most states': how many states share the common list, of how many. */
  sharing: number | null;
  states: number | null;
}

/** One cell of bridge.csv: a legacy cluster's jobs that land in one 2024 cluster. */
export interface BridgeFlow {
  area_code: string;
  vintage: string;
  from_cluster: string;
  to_cluster: string;
  employment: number;
  share: number;
}

// What explains one cluster's result. load-explanations.ts reads them from a run's database; they
// live here, beside the rows they hold, so the two modules do not import each other.
/** A cluster's Monte Carlo result as published (transforms/stability.ts), with its draws and seed. */
export type StabilityResult = Pick<
  ClusterStability,
  | 'p_approved'
  | 'median_rank'
  | 'rank_low'
  | 'rank_high'
  | 'flip_weight_shift'
  | 'flip_from'
  | 'flip_to'
  | 'robust'
> & { draws: number; seed: number };

export interface Driver {
  soc_code: string;
  soc_title: string;
  allocated_openings: number;
  allocated_change: number;
}

export interface Explanation {
  result: ClusterResult;
  contributions: Contribution[];
  stability: StabilityResult | null;
  /** Largest contributors to the cluster's annual openings, and to its employment change. */
  byOpenings: Driver[];
  byGrowth: Driver[];
}

export interface RecommendationInput {
  /** The legacy → 2024 bridge (empty unless both frameworks ran). */
  bridge: BridgeFlow[];
  /** Sub-state areas beside their state (empty unless the run has both). */
  areaDifferences: AreaDifference[];
  explanations: Explanation[];
  rules: CompiledRule[];
  areas: AreaFacts[];
  mappedShare: { area_code: string; framework: string; share: number }[];
  frameworks: FrameworkDefinition[];
  config: Config;
  projectionsTitle: string;
  projectionsPublisher: string;
  notes: string[];
  warnings: string[];
  version: string;
  /** With a `supply` config: each cluster's awards against the openings that need them. */
  supply?: SupplyGap[];
}

/** A cluster's supply beside its demand (mart_supply_gap). */
export interface SupplyGap {
  area_code: string;
  vintage: string;
  framework: string;
  cluster: string;
  completions: number;
  annual_openings: number;
  supply_gap_share: number | null;
  /** The program whose awards reach the cluster most, and its occupations' openings there. */
  top_cip_code: string | null;
  top_cip_title: string | null;
  top_program_awards: number | null;
  top_program_openings: number | null;
}

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const keyOf = (...parts: string[]): string => parts.join('\u0000');

export function renderRecommendation(input: RecommendationInput): string {
  const { config } = input;
  const out: string[] = [];
  // Looked up by key, not searched for each area: a run may have a thousand areas.
  const explainedBy = groupBy(input.explanations, (e) =>
    keyOf(e.result.area_code, e.result.vintage, e.result.framework),
  );
  for (const list of explainedBy.values()) list.sort((a, b) => a.result.rank - b.result.rank);
  const mappedBy = new Map<string, { share: number }>();
  for (const m of input.mappedShare) {
    const k = keyOf(m.area_code, m.framework);
    if (!mappedBy.has(k)) mappedBy.set(k, m);
  }
  const flowsBy = groupBy(input.bridge, (b) => keyOf(b.area_code, b.vintage));
  const supplyBy = new Map(
    (input.supply ?? []).map((g) => [keyOf(g.area_code, g.vintage, g.framework, g.cluster), g]),
  );
  const supplyText = (r: {
    area_code: string;
    vintage: string;
    framework: string;
    cluster: string;
  }) => {
    const g = supplyBy.get(keyOf(r.area_code, r.vintage, r.framework, r.cluster));
    if (!g) return '';
    const top =
      g.top_cip_code === null
        ? ''
        : ` ${messages.supplyTopProgram(
            g.top_cip_code,
            (g.top_cip_title ?? '').replace(/\.$/, ''),
            g.top_program_awards ?? 0,
            g.top_program_openings ?? 0,
          )}`;
    return messages.supplyGapReason(g.completions, g.annual_openings, g.supply_gap_share) + top;
  };
  for (const area of input.areas) {
    out.push(
      `# Approved Career Clusters: ${mdText(area.area_name)}, ${mdText(area.vintage.replace('-', '–'))}`,
      '',
    );
    out.push(
      `Source: ${mdText(input.projectionsTitle)}, ${mdText(input.projectionsPublisher)}. ` +
        `${fmt.jobs(area.detail_base_employment)} jobs in ${area.detail_occupations} detailed occupations` +
        (area.published_total_base_employment
          ? ` (${fmt.pct((100 * area.detail_base_employment) / area.published_total_base_employment)} of the published total of ${fmt.jobs(area.published_total_base_employment)}).`
          : '.'),
      '',
      `Area median wage: ${fmt.money(area.area_median_wage)} (${mdText(area.area_median_wage_basis ?? 'not available')}).`,
      '',
    );
    const explainedIn = (framework: string): Explanation[] =>
      explainedBy.get(keyOf(area.area_code, area.vintage, framework)) ?? [];
    for (const fw of input.frameworks) {
      const explained = explainedIn(fw.id);
      const rows = explained.map((e) => e.result);
      if (rows.length === 0) continue;
      const approved = rows.filter((r) => r.approved);
      const mapped = mappedBy.get(keyOf(area.area_code, fw.id));
      out.push(`## ${mdText(fw.title)}`, '');
      out.push(
        `**Approved: ${approved.length} of ${rows.length} clusters**, selected as ${describeSelection(config.selection, rows.length)}.`,
        '',
      );
      for (const e of explained.filter((x) => x.result.approved)) {
        const strength = e.stability ? `, ${e.stability.robust ? 'robust' : 'fragile'}` : '';
        out.push(
          `${e.result.rank}. ${mdText(e.result.cluster)} (score ${fmt.score(e.result.score)}${strength})`,
        );
      }
      out.push('');
      out.push(
        `${mdText(fw.caveat)} ${mapped ? `${fmt.share(mapped.share)} of the area's detailed-occupation employment maps to this framework.` : ''}`.trim(),
        '',
      );
      out.push(
        '| Rank | Cluster | Score | Employment | Projected | Change | Annual openings | Median wage | High-wage openings | Postsecondary openings | Approved | P(approved) |',
        '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
      );
      for (const { result: r, stability } of explained) {
        out.push(
          `| ${r.rank} | ${mdText(r.cluster)} | ${fmt.score(r.score)} | ${fmt.jobs(r.base_employment)} | ${fmt.jobs(r.projected_employment)} | ${fmt.pct(r.pct_change)} | ${fmt.jobs(r.annual_openings)} | ${fmt.money(r.median_wage)} | ${fmt.share(r.high_wage_share)} | ${fmt.share(r.postsecondary_share)} | ${r.approved ? 'yes' : 'no'} | ${stability ? fmt.share(stability.p_approved) : 'n/a'} |`,
        );
      }
      out.push('', '### Why each cluster is in or out', '');
      const cut: Cut = {
        lastIn: approved[approved.length - 1],
        firstOut: rows.find((g) => !g.approved),
      };
      for (const e of explained) {
        out.push(
          `- ${[
            reason(e.result, rows.length, cut, e.contributions, config),
            stabilityText(e.stability, e.result.approved),
            driversText(e.byOpenings, e.byGrowth),
            supplyText(e.result),
          ]
            .filter((x) => x !== '')
            .join(' ')}`,
        );
      }
      out.push('');
    }
    out.push(
      ...renderBridge(
        flowsBy.get(keyOf(area.area_code, area.vintage)) ?? [],
        explainedIn('legacy16').map((e) => e.result),
        explainedIn('acte2024').map((e) => e.result),
      ),
    );
  }
  out.push(...renderAreaDifferences(input));
  out.push(...renderSupply(input));
  out.push('## Method', '');
  out.push(
    `- Allocation: \`${config.allocation}\` (${ALLOCATION_TEXT[config.allocation]}).`,
    ...(input.frameworks.some((f) => f.crossCutting.length > 0)
      ? [
          `- Cross-cutting clusters (${mdText(input.frameworks.flatMap((f) => f.crossCutting).join(', '))}): \`${config.cross_cutting}\` (${config.cross_cutting === 'also_in_sectors' ? 'their occupations also count in the sector clusters the crosswalk lists them under' : 'their occupations count only in the cross-cutting cluster, not in sector clusters'}).`,
        ]
      : []),
    `- Normalization: \`${config.normalization}\` (${config.normalization === 'zscore' ? 'standard deviations from the framework average' : 'share of clusters beaten, ties counting half'}), across the clusters of one area and framework.`,
    `- Weights: ${Object.entries(config.weights)
      .filter(([, w]) => (w ?? 0) > 0)
      .map(([m, w]) => `${metricLabel(m)} ${w}`)
      .join('; ')} (scaled to sum to 1).`,
    ...(config.preset === null
      ? []
      : [
          `- Preset \`${config.preset}\` (${SELECTION_PRESETS[config.preset]?.title}): ${SELECTION_PRESETS[config.preset]?.source}.`,
        ]),
    ...((config.weights.hshwid_share ?? 0) > 0
      ? [
          `- High-skill, high-wage, in-demand occupations (hshwid_share): a postsecondary award, a median wage at least ${config.hshwid.wage_share} × the area median wage, and growth above ${config.hshwid.min_pct_change === null ? "the area's all-occupation rate" : `${config.hshwid.min_pct_change}%`} or annual openings above ${config.hshwid.min_openings === null ? "the area's average per occupation" : config.hshwid.min_openings}.`,
        ]
      : []),
    '- Ties: equal scores (to 9 decimals) rank by annual openings, then by name.',
    `- Stability: ${groupedDigits(config.stability.draws)} Monte Carlo draws (seed ${config.stability.seed}): weights from a Dirichlet centred on the configured weights (concentration ${config.stability.concentration}), the high-wage threshold within ±${Math.round(config.stability.wage_threshold_jitter * 100)}% of the area median wage, allocation drawn from ${config.stability.allocations.join(', ')}. A decision is robust when it holds in at least ${Math.round(config.stability.robust_probability * 100)}% of draws and no shift of less than ${config.stability.fragile_weight_shift} of weight between two metrics flips it; otherwise fragile.`,
    ...input.rules.map(
      (r) =>
        `- Rule \`${r.id}\` (${mdText(r.title)}): ${mdText(r.source)}. Flag: ${mdCode(r.flagSql)}.`,
    ),
    '- Openings are annual averages; employment is in jobs. Every figure traces to a source row through occupations.csv (source_file, source_row).',
    ...(config.supply
      ? [
          `- Supply: IPEDS completions (\`${config.supply.completions}\`, directory \`${config.supply.institutions}\`), allocation \`${config.supply.allocation}\`, set beside the openings of occupations whose typical entry education is each award's level (supply.csv, supply_programs.csv, supply_unmapped.csv). ${messages.supplyCaveats}`,
        ]
      : []),
    '',
  );
  if (input.notes.length > 0) {
    out.push('## Data notes', '', ...input.notes.map((n) => `- ${mdText(n)}`), '');
  }
  if (input.warnings.length > 0) {
    out.push('## Warnings', '', ...input.warnings.map((w) => `- ${mdText(w)}`), '');
  }
  out.push(`_Generated by clusterfit ${input.version}._`, '');
  return out.join('\n');
}

/**
 * "Supply beside demand": per area and framework, each cluster's awards against the openings
 * that need a postsecondary award, largest gap first, with the caveats stated plainly.
 */
function renderSupply(input: RecommendationInput): string[] {
  if (!input.supply || input.supply.length === 0) return [];
  const title = new Map(input.frameworks.map((f) => [f.id, f.title]));
  const out = ['## Supply beside demand', '', messages.supplyCaveats, ''];
  const position = (id: string) => input.frameworks.findIndex((f) => f.id === id);
  const sorted = [...input.supply].sort(
    (a, b) =>
      a.area_code.localeCompare(b.area_code) ||
      a.vintage.localeCompare(b.vintage) ||
      position(a.framework) - position(b.framework),
  );
  const groups = groupBy(sorted, (g) => keyOf(g.area_code, g.vintage, g.framework));
  for (const rows of groups.values()) {
    const first = rows[0] as SupplyGap;
    out.push(
      `### ${first.area_code}, ${first.vintage.replace('-', '–')}, ${title.get(first.framework) ?? first.framework}`,
      '',
      '| Cluster | Awards a year | Openings needing an award | Supply gap share |',
      '|---|---:|---:|---:|',
    );
    const ordered = [...rows].sort(
      (a, b) =>
        (b.supply_gap_share ?? -1) - (a.supply_gap_share ?? -1) ||
        a.cluster.localeCompare(b.cluster),
    );
    for (const g of ordered) {
      out.push(
        `| ${mdText(g.cluster)} | ${fmt.jobs(g.completions)} | ${fmt.jobs(g.annual_openings)} | ${fmt.share(g.supply_gap_share)} |`,
      );
    }
    out.push('');
  }
  out.push(
    'Per award level in supply.csv (and per sub-level in supply_sublevels.csv); each program’s awards by cluster in supply_programs.csv; programs that reach no occupation in supply_unmapped.csv.',
    '',
  );
  return out;
}

const ALLOCATION_TEXT = {
  split:
    "an occupation in several clusters has its employment divided equally among them, so cluster totals add up to the area's mapped total",
  full: 'an occupation in several clusters counts in full in each, so cluster totals overlap',
  primary: 'an occupation counts only in its primary cluster',
} as const;

/** The last approved cluster and the first left out of a group, in rank order. */
interface Cut {
  lastIn: ClusterResult | undefined;
  firstOut: ClusterResult | undefined;
}

function reason(
  r: ClusterResult,
  n: number,
  cut: Cut,
  contributions: Contribution[],
  config: Config,
): string {
  const mine = contributions
    .filter(
      (c) =>
        c.area_code === r.area_code &&
        c.vintage === r.vintage &&
        c.framework === r.framework &&
        c.cluster === r.cluster,
    )
    .sort((a, b) => b.contribution - a.contribution);
  const best = mine[0];
  const worst = mine[mine.length - 1];
  const head = `**${mdText(r.cluster)}: ${r.approved ? 'approved' : 'not approved'}** (rank ${r.rank} of ${n}, score ${fmt.score(r.score)}).`;
  const parts = [head];
  if (config.selection.method === 'threshold') {
    parts.push(
      r.approved
        ? `Its score is at or above the threshold of ${config.selection.min_score}.`
        : `Its score is below the threshold of ${config.selection.min_score}.`,
    );
  } else {
    const { lastIn, firstOut } = cut;
    if (r.approved && firstOut) {
      parts.push(
        `It ranks within the cut and is ${(r.score - firstOut.score).toFixed(2)} points ahead of the first cluster left out (${mdText(firstOut.cluster)}).`,
      );
    } else if (!r.approved && lastIn) {
      parts.push(
        `It falls outside the cut, ${(lastIn.score - r.score).toFixed(2)} points behind the last approved cluster (${mdText(lastIn.cluster)}).`,
      );
    } else if (r.approved) {
      parts.push('Every cluster is approved under the selection rule.');
    }
  }
  if (best && best.contribution > 0) {
    parts.push(`Strongest: ${describe(best)}.`);
  }
  if (worst && worst !== best && worst.contribution < 0) {
    parts.push(`Weakest: ${describe(worst)}.`);
  }
  return parts.join(' ');
}

function describe(c: Contribution): string {
  const label = metricLabel(c.metric);
  return `${label} ${valueText(c.metric, c.value)} (normalized ${c.normalized.toFixed(2)}, ${c.contribution >= 0 ? 'adds' : 'takes'} ${Math.abs(c.contribution).toFixed(2)})`;
}

/**
 * "What happens to our approved list under the new framework": each legacy cluster, approved or
 * not, beside the 2024 clusters its jobs land in, from bridge.csv. `flows` are the area's
 * bridge cells; `legacy` and `modern` its clusters in rank order.
 */
function renderBridge(
  flows: readonly BridgeFlow[],
  legacy: readonly ClusterResult[],
  modern: readonly ClusterResult[],
): string[] {
  if (flows.length === 0) return [];
  const approvedModern = new Set(modern.filter((r) => r.approved).map((r) => r.cluster));
  // Each legacy cluster's cells, in bridge.csv's order (the order their jobs are added in).
  const flowsFrom = groupBy(flows, (f) => f.from_cluster);
  const from = (cluster: string): readonly BridgeFlow[] => flowsFrom.get(cluster) ?? [];
  const inApproved = (cluster: string) =>
    from(cluster)
      .filter((f) => approvedModern.has(f.to_cluster))
      .reduce((t, f) => t + f.employment, 0);
  const jobsOf = (cluster: string) => from(cluster).reduce((t, f) => t + f.employment, 0);
  const approvedLegacy = legacy.filter((r) => r.approved);
  const keptJobs = approvedLegacy.reduce((t, r) => t + inApproved(r.cluster), 0);
  const allJobs = approvedLegacy.reduce((t, r) => t + jobsOf(r.cluster), 0);
  const out = [
    '## From the legacy list to the 2024 framework',
    '',
    `Of the jobs in the ${approvedLegacy.length} approved legacy clusters, ${fmt.share(allJobs > 0 ? keptJobs / allJobs : null)} are in clusters the 2024 framework's list also approves. Each legacy cluster's jobs by 2024 cluster (split allocation; all pairs in bridge.csv, ✓ = approved):`,
    '',
    '| Legacy cluster | Approved | Its jobs in approved 2024 clusters | Largest 2024 destinations |',
    '|---|---|---:|---|',
  ];
  for (const r of legacy) {
    const top = [...from(r.cluster)]
      .sort((a, b) => b.employment - a.employment || a.to_cluster.localeCompare(b.to_cluster))
      .slice(0, 3)
      .map(
        (f) =>
          `${mdText(f.to_cluster)}${approvedModern.has(f.to_cluster) ? ' ✓' : ''} ${fmt.share(f.share)}`,
      );
    const jobs = jobsOf(r.cluster);
    out.push(
      `| ${mdText(r.cluster)} | ${r.approved ? 'yes' : 'no'} | ${fmt.share(jobs > 0 ? inApproved(r.cluster) / jobs : null)} | ${top.join('; ')} |`,
    );
  }
  out.push('');
  return out;
}

/**
 * Sections listing the areas whose approved list differs from the one they are read against:
 * sub-state areas beside their state's, and in a run of several states, the states beside the
 * list most states share.
 */
function renderAreaDifferences(input: RecommendationInput): string[] {
  const subState = input.areaDifferences.filter((d) => d.compared_with === 'state');
  const states = input.areaDifferences.filter((d) => d.compared_with === 'most states');
  const stateName = (code: string) =>
    input.areas.find((a) => a.area_code === code)?.area_name ?? code;
  const state = mdText(stateName(subState[0]?.state ?? ''));
  return [
    ...differenceTable(
      subState,
      `## Areas whose approved list differs from ${state}'s`,
      (n) => `${n} of ${subState.length} area × framework lists differ from ${state}'s`,
    ),
    ...differenceTable(
      states,
      "## States whose approved list differs from most states'",
      (n) =>
        `${n} of ${states.length} state × framework lists differ from the list most states share`,
    ),
  ];
}

function differenceTable(
  rows: readonly AreaDifference[],
  title: string,
  summary: (differing: number) => string,
): string[] {
  if (rows.length === 0) return [];
  const differing = rows.filter((d) => d.differs);
  const out = [title, '', `${summary(differing.length)} (all in area_differences.csv).`, ''];
  if (differing.length > 0) {
    out.push('| Area | Framework | Also approves | Does not approve |', '|---|---|---|---|');
    for (const d of differing) {
      out.push(
        `| ${mdText(d.area_name)} | ${d.framework} | ${mdText(d.added || '—')} | ${mdText(d.dropped || '—')} |`,
      );
    }
    out.push('');
  }
  return out;
}

/** One sentence on how stable the decision is. */
export function stabilityText(s: StabilityResult | null, approved: boolean): string {
  if (!s) return '';
  const held = approved ? s.p_approved : 1 - s.p_approved;
  const flip =
    s.flip_weight_shift === null
      ? 'no shift of weight between two metrics flips it'
      : `moving ${s.flip_weight_shift} of weight from ${metricLabel(s.flip_from ?? '')} to ${metricLabel(s.flip_to ?? '')} flips it`;
  // With no draws (stability.draws 0, as refresh jobs often set) there is no share to report;
  // the weight shift that flips the decision is computed exactly and still holds.
  if (s.draws === 0) return `Stability not drawn (stability.draws is 0); ${flip}.`;
  return `${s.robust ? 'Robust' : 'Fragile'}: ${approved ? 'approved' : 'left out'} in ${fmt.share(held)} of ${groupedDigits(s.draws)} draws (rank ${s.rank_low}–${s.rank_high}); ${flip}.`;
}

/** One sentence naming the occupations that drive the cluster. */
export function driversText(byOpenings: Driver[], byGrowth: Driver[]): string {
  if (byOpenings.length === 0) return '';
  const list = (ds: Driver[], pick: (d: Driver) => string) =>
    ds.map((d) => `${mdText(d.soc_title)} (${pick(d)})`).join(', ');
  const growth = byGrowth.filter((d) => d.allocated_change > 0);
  return (
    `Most openings: ${list(byOpenings, (d) => `${fmt.jobs(d.allocated_openings)}/yr`)}.` +
    (growth.length > 0
      ? ` Most growth: ${list(growth, (d) => `+${fmt.jobs(d.allocated_change)}`)}.`
      : '')
  );
}

function valueText(metric: string, v: number | null): string {
  if (metric === 'median_wage') return fmt.money(v);
  if (metric === 'pct_change') return fmt.pct(v);
  if (metric.endsWith('_share')) return fmt.share(v);
  return fmt.jobs(v);
}
