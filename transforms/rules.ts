/**
 * Occupation rules: the "in-demand", "high-wage" or "bright outlook" tests states use, each
 * turned into a SQL boolean over int_occupation_facts. A rule gives every occupation a flag (and,
 * for Washington's, a class); the score stage turns flags into each cluster's share of openings
 * in flagged occupations, a metric that can carry a weight.
 *
 * Thresholds may be absolute numbers or relative to the vintage: the relative defaults below use
 * the area's median wage, its all-occupation growth rate and its openings per occupation, so a
 * preset means the same thing in a 2016-26 and a 2024-34 run.
 */
import type { RuleConfig, RuleParams } from '../kernel/config-types.ts';

/** Columns a user expression may refer to (int_occupation_facts). */
export const RULE_COLUMNS = [
  'soc_code',
  'soc_title',
  'base_employment',
  'projected_employment',
  'change',
  'pct_change',
  'annual_openings',
  'median_wage',
  'education',
  'education_category',
  'postsecondary',
  'area_median_wage',
  'area_pct_change',
  'area_mean_openings',
  'area_median_openings',
  'area_median_pct_change',
  'area_median_occupation_wage',
] as const;

export interface Preset {
  id: string;
  title: string;
  /** Where the definition comes from, said in the outputs. */
  source: string;
  params: RuleParams;
  /** Parameter meanings, for the README and validation messages. */
  paramDocs: Record<string, string>;
  flag(p: RuleParams): string;
  class?(p: RuleParams): string;
}

const n = (v: number | undefined): string => {
  if (v === undefined || !Number.isFinite(v)) throw new Error('rule parameter missing');
  return String(v);
};

export const PRESETS: Record<string, Preset> = {
  'ohio-in-demand': {
    id: 'ohio-in-demand',
    title: "Ohio's in-demand definition",
    source:
      'Ohio In-Demand Jobs methodology: median wage at least 80% of the area median AND (growth above the all-occupation rate OR annual openings above a cut)',
    params: { wage_share: 0.8, openings_cut: -1 },
    paramDocs: {
      wage_share: 'minimum median wage as a share of the area median wage (0.8)',
      openings_cut:
        'minimum annual openings; -1 (default) means the area average openings per occupation',
    },
    flag: (p) =>
      `median_wage >= ${n(p.wage_share)} * area_median_wage and (pct_change > area_pct_change or annual_openings > ${
        (p.openings_cut ?? -1) < 0 ? 'area_mean_openings' : n(p.openings_cut)
      })`,
  },
  'colorado-top-jobs': {
    id: 'colorado-top-jobs',
    title: "Colorado's Top Jobs",
    source:
      'Colorado Talent Pipeline Report "Top Jobs": more than 40 annual openings AND more than 10% growth over the projection period AND pay in the chosen wage tier',
    params: { min_openings: 40, min_pct_change: 10, min_wage: -1 },
    paramDocs: {
      min_openings: 'annual openings must exceed this (40)',
      min_pct_change: 'percent growth must exceed this (10)',
      min_wage:
        "wage tier floor in dollars; -1 (default) means the area median wage (Colorado's own tiers are living-wage levels: set them here)",
    },
    flag: (p) =>
      `annual_openings > ${n(p.min_openings)} and pct_change > ${n(p.min_pct_change)} and median_wage >= ${
        (p.min_wage ?? -1) < 0 ? 'area_median_wage' : n(p.min_wage)
      }`,
  },
  'tennessee-majority': {
    id: 'tennessee-majority',
    title: "Tennessee's two-of-three test",
    source:
      "Tennessee Perkins V in-demand test: above the area's median occupation on at least 2 of 3 measures (median wage, percent growth, annual openings)",
    params: { required: 2 },
    paramDocs: { required: 'how many of the three measures must be above the median (2)' },
    flag: (p) =>
      `(coalesce(median_wage > area_median_occupation_wage, false)::int
        + coalesce(pct_change > area_median_pct_change, false)::int
        + coalesce(annual_openings > area_median_openings, false)::int) >= ${n(p.required)}`,
  },
  'washington-demand': {
    id: 'washington-demand',
    title: "Washington's demand classes",
    source:
      'Washington ESD occupations in demand: three classes (in demand, balanced, not in demand) with a floor of 50 jobs below which an occupation is not classed as in demand',
    params: { floor: 50 },
    paramDocs: { floor: 'minimum base-year employment to be classed in demand (50)' },
    flag: (p) =>
      `base_employment >= ${n(p.floor)} and pct_change > area_pct_change and annual_openings >= area_median_openings`,
    class: (p) =>
      `case when base_employment < ${n(p.floor)} then 'below floor'
            when pct_change > area_pct_change and annual_openings >= area_median_openings then 'in demand'
            when change < 0 then 'not in demand'
            else 'balanced' end`,
  },
  'onet-bright-outlook': {
    id: 'onet-bright-outlook',
    title: 'O*NET Bright Outlook',
    source:
      'O*NET Bright Outlook: projected growth of at least 10% OR at least 100,000 openings (a national scale; on state data the growth test does most of the work)',
    params: { min_pct_change: 10, min_openings: 100000 },
    paramDocs: {
      min_pct_change: 'minimum percent growth (10)',
      min_openings: 'minimum annual openings (100,000, national)',
    },
    flag: (p) => `pct_change >= ${n(p.min_pct_change)} or annual_openings >= ${n(p.min_openings)}`,
  },
};

export interface CompiledRule {
  id: string;
  title: string;
  source: string;
  flagSql: string;
  classSql: string | null;
}

/** Turns a configured rule into SQL (validation of the config shape happens in config.ts). */
export function compileRule(rule: RuleConfig): CompiledRule {
  if (rule.expression !== undefined) {
    return {
      id: rule.id,
      title: `user rule "${rule.id}"`,
      source: `expression: ${rule.expression}`,
      flagSql: rule.expression,
      classSql: null,
    };
  }
  const preset = PRESETS[rule.preset ?? ''];
  if (!preset) throw new Error(`unknown preset ${rule.preset}`);
  const params = { ...preset.params, ...(rule.params ?? {}) };
  return {
    id: rule.id,
    title: preset.title,
    source: preset.source,
    flagSql: preset.flag(params),
    classSql: preset.class ? preset.class(params) : null,
  };
}
