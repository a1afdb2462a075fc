/**
 * The text `clusterfit explain` prints for one cluster: its decision, every metric's value,
 * normalized value, weight and contribution, its stability, and the occupations that drive it.
 * Sentences are shared with recommendation.md, so the two never disagree.
 */
import { fmt, metricLabel } from './format.ts';
import type { Explanation } from './render-recommendation.ts';
import { driversText, stabilityText } from './render-recommendation.ts';

export function renderExplanation(e: Explanation, clustersInGroup: number): string {
  const r = e.result;
  const lines = [
    `${r.cluster} — ${r.framework}, ${r.area_name} ${r.vintage}`,
    `${r.approved ? 'Approved' : 'Not approved'}: rank ${r.rank} of ${clustersInGroup}, score ${fmt.score(r.score)}`,
    '',
    `${'metric'.padEnd(54)} ${'value'.padStart(12)} ${'normalized'.padStart(10)} ${'weight'.padStart(7)} ${'contribution'.padStart(12)}`,
  ];
  for (const c of e.contributions) {
    lines.push(
      `${metricLabel(c.metric).padEnd(54)} ${value(c.metric, c.value).padStart(12)} ${c.normalized.toFixed(3).padStart(10)} ${c.weight.toFixed(3).padStart(7)} ${fmt.score(c.contribution).padStart(12)}`,
    );
  }
  lines.push(
    `${'score'.padEnd(54)} ${''.padStart(12)} ${''.padStart(10)} ${''.padStart(7)} ${fmt.score(r.score).padStart(12)}`,
    '',
    `Employment ${fmt.jobs(r.base_employment)} → ${fmt.jobs(r.projected_employment)} (${fmt.pct(r.pct_change)}), ${fmt.jobs(r.annual_openings)} openings a year, median wage ${fmt.money(r.median_wage)}, ${r.occupations} occupations.`,
  );
  const stability = stabilityText(e.stability, r.approved);
  if (stability) lines.push(stability);
  const drivers = driversText(e.byOpenings, e.byGrowth);
  if (drivers) lines.push(drivers);
  return `${lines.join('\n')}\n`;
}

function value(metric: string, v: number | null): string {
  if (v === null) return 'n/a';
  if (metric === 'median_wage') return fmt.money(v);
  if (metric === 'pct_change') return fmt.pct(v);
  if (metric.endsWith('_share')) return fmt.share(v);
  return fmt.jobs(v);
}
