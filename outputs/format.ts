/** Numbers as people read them in the recommendation: jobs, dollars, percents, scores. */
const jobsFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const moneyFmt = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

export const fmt = {
  jobs: (n: number | null): string => (n === null ? 'n/a' : jobsFmt.format(Math.round(n))),
  money: (n: number | null): string => (n === null ? 'n/a' : moneyFmt.format(n)),
  /** n already in percent (8.8 → "8.8%"). */
  pct: (n: number | null): string => (n === null ? 'n/a' : `${n.toFixed(1)}%`),
  /** n as a 0–1 share. */
  share: (n: number | null): string => (n === null ? 'n/a' : `${(n * 100).toFixed(1)}%`),
  score: (n: number): string => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)}`,
};

export const METRIC_LABELS: Record<string, string> = {
  base_employment: 'base-year employment',
  projected_employment: 'projected employment',
  change: 'employment change',
  pct_change: 'percent change',
  annual_openings: 'annual openings',
  median_wage: 'median wage',
  high_wage_share: 'share of openings at or above the area median wage',
  postsecondary_share: 'share of openings needing a postsecondary award',
  supply_gap_share: 'share of award-level openings not met by in-area completions',
  hshwid_share: 'share of openings in high-skill, high-wage, in-demand occupations',
  middle_skill_share: 'share of openings in middle-skill occupations',
  middle_skill_openings: 'annual openings in middle-skill occupations',
};

/** A metric's label for people; rule shares read "share of openings flagged by rule x". */
export function metricLabel(metric: string): string {
  const known = METRIC_LABELS[metric];
  if (known) return known;
  if (metric.endsWith('_share'))
    return `share of openings flagged by rule "${metric.slice(0, -6)}"`;
  return metric;
}
