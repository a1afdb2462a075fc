/**
 * Numbers as people read them in the recommendation: jobs, dollars, percents, scores.
 *
 * Jobs and dollars are grouped here rather than by Intl.NumberFormat, which they match digit for
 * digit (tests/outputs/format.test.ts compares them on 200,000 values): Intl took 0.65 µs a
 * call against 0.15–0.25 µs, and a run of 1,000 areas formats a few hundred thousand of them
 * for recommendation.md (300,000 calls: 196 → 41 ms for jobs, 230 → 75 ms for dollars).
 * Beyond 1e15, and for NaN and infinities, Intl formats them still, its formatters made on
 * first use: made when this module loaded, they cost every run ICU's number data (8 ms).
 */
import { groupedDigits } from '../kernel/messages.ts';

let jobsFmt: Intl.NumberFormat | undefined;
let moneyFmt: Intl.NumberFormat | undefined;

/** Intl's sign: a minus for every negative number, -0 and what rounds to 0 included. */
const negative = (n: number): boolean => n < 0 || Object.is(n, -0);

export const fmt = {
  jobs: (n: number | null): string => {
    if (n === null) return 'n/a';
    const whole = Math.round(n);
    if (!(Math.abs(whole) < 1e15)) {
      jobsFmt ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
      return jobsFmt.format(whole);
    }
    return (negative(whole) ? '-' : '') + groupedDigits(whole);
  },
  /** Whole dollars, halves rounded away from zero as Intl rounds them. */
  money: (n: number | null): string => {
    if (n === null) return 'n/a';
    if (!(Math.abs(n) < 1e15)) {
      moneyFmt ??= new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        maximumFractionDigits: 0,
      });
      return moneyFmt.format(n);
    }
    return (negative(n) ? '-$' : '$') + groupedDigits(Math.round(Math.abs(n)));
  },
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
