/**
 * The vocabulary of the run configuration that every layer reads: keys, their allowed values and
 * the Config type. The parser and its validation are pipeline/config.ts; these live in the kernel
 * so sources/, transforms/ and outputs/ can name a setting without importing the pipeline.
 */

export const ALLOCATIONS = ['split', 'full', 'primary'] as const;
/** Whether an occupation of a cross-cutting cluster also counts in its sector clusters. */
export const CROSS_CUTTING = ['also_in_sectors', 'cross_cutting_only'] as const;
export type CrossCutting = (typeof CROSS_CUTTING)[number];
export type Allocation = (typeof ALLOCATIONS)[number];

export const NORMALIZATIONS = ['zscore', 'percentile'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/**
 * What publish can write (`formats`, `--formats`): the CSV tables, each table again as Parquet
 * and Arrow IPC, results.xlsx, the brief (brief.md and brief.html) and charts/. recommendation.md,
 * manifest.json and changes.md/.json are always written: they are the run's answer and its record.
 */
export const FORMATS = ['csv', 'parquet', 'arrow', 'xlsx', 'brief', 'charts'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The formats a run writes: every one unless the config or --formats chose, and the charts
 * whenever the brief is written, since brief.md shows them from charts/.
 */
export function outputFormats(config: Pick<Config, 'formats'>): ReadonlySet<Format> {
  const chosen = new Set<Format>(config.formats ?? FORMATS);
  if (chosen.has('brief')) chosen.add('charts');
  return chosen;
}

export const FRAMEWORK_IDS = ['legacy16', 'acte2024'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/**
 * A state's own version of a built-in framework, from config alone: clusters renamed, merged
 * into another, or dropped. Its crosswalk is the base framework's with the clusters remapped.
 */
/** A framework clusterfit does not ship, defined by the user's own crosswalk file. */
export interface FrameworkDefinitionConfig {
  id: string;
  title: string;
  /** What the framework calls the level below a cluster ("pathway", "sub-cluster" …). */
  sublevel: string;
  /** The crosswalk CSV (soc_code, cluster[, sublevel, title]), relative to the data directory. */
  crosswalk: string;
  cross_cutting: string[];
}

export interface FrameworkVariant {
  id: string;
  title: string;
  base: FrameworkId;
  /** Old name → new name, one to one. */
  rename: Record<string, string>;
  /** Cluster → the cluster it is merged into. */
  merge: Record<string, string>;
  /** Clusters left out; their occupations count only in their other clusters, or as unmapped. */
  drop: string[];
}

/** Cluster metrics that can carry a weight in the composite score. */
export const SCORABLE_METRICS = [
  'base_employment',
  'projected_employment',
  'change',
  'pct_change',
  'annual_openings',
  'median_wage',
  'high_wage_share',
  'postsecondary_share',
  'hshwid_share',
  'middle_skill_share',
  'middle_skill_openings',
] as const;

/**
 * The thresholds of the high-skill, high-wage, in-demand test (hshwid_share). Perkins V names the
 * three qualities (its definitions, sec. 3, 20 U.S.C. 2302, take "in-demand industry sector or
 * occupation" from WIOA and leave "high-skill" and "high-wage" to the states; the paragraph number
 * was not checked here); the defaults read them as a postsecondary award, a median wage at least
 * the area median wage, and growth or openings above the all-occupation average. A null
 * threshold is relative to the vintage (the area's own figure), so the test means the same
 * thing in a 2016-26 and a 2024-34 run.
 */
export interface HshwidConfig {
  /** Minimum median wage as a share of the area median wage (1). */
  wage_share: number;
  /** Percent growth must exceed this; null: the area's all-occupation growth rate. */
  min_pct_change: number | null;
  /** Annual openings must exceed this; null: the area's average openings per occupation. */
  min_openings: number | null;
}
/** A base metric, or `<rule id>_share` for a configured rule. */
export type ScorableMetric = string;

export const SELECTION_METHODS = ['top_n', 'top_share', 'threshold'] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];

export interface Selection {
  method: SelectionMethod;
  /** With top_n: how many clusters to approve in each framework. */
  top_n: number;
  /** With top_share: the fraction of a framework's clusters to approve (rounded half up). */
  top_share: number;
  /** With threshold: approve every cluster whose score is at least this. */
  min_score: number;
}

export interface StabilityConfig {
  /** Monte Carlo draws; 0 turns the analysis off. */
  draws: number;
  seed: number;
  /** Dirichlet concentration around the configured weights: higher keeps draws closer. */
  concentration: number;
  /** Relative jitter (±) of the area median wage used as the high-wage threshold. */
  wage_threshold_jitter: number;
  /** Absolute jitter (±) of min_score when selecting by threshold. */
  score_threshold_jitter: number;
  /** Allocation policies drawn from, uniformly. */
  allocations: Allocation[];
  /** A decision held in at least this share of draws (and not flipped by a small weight shift) is robust. */
  robust_probability: number;
  /** A weight shift smaller than this that flips a decision makes it fragile. */
  fragile_weight_shift: number;
}

/**
 * Selection presets: the weights and the number approved of an initiative's method, applied
 * before the config's own `weights` and `selection` (which override them).
 */
export interface SelectionPreset {
  title: string;
  /** Where the method comes from, for the README and the manifest. */
  source: string;
  weights: Record<string, number>;
  top_n: number;
}

export const SELECTION_PRESETS: Record<string, SelectionPreset> = {
  'pathways-to-prosperity': {
    title: 'Pathways to Prosperity',
    source:
      'Harvard Graduate School of Education, "Pathways to Prosperity" (2011), and the Pathways to Prosperity Network (Jobs for the Future and HGSE): pathways built first in two or three sectors with strong growth in jobs that need more than high school but less than a four-year degree (https://archive.jff.org/resources/pathways-prosperity-network-state-progress-report-2012-2014/)',
    weights: { middle_skill_openings: 1 },
    top_n: 3,
  },
  'sreb-advanced-career': {
    title: "SREB's Advanced Career pathways",
    source:
      'Southern Regional Education Board: a state designs and pilots a career pathway in one critical industry sector, leading to high-skill, high-wage jobs in high-demand fields (https://www.sreb.org/news/sreb-launches-technical-assistance-state-career-pathway-systems; https://www.sreb.org/career-pathway-reviews)',
    weights: { hshwid_share: 1, annual_openings: 1 },
    top_n: 1,
  },
};

export const SOC_SPLITS = ['national-share', 'equal'] as const;
export type SocSplit = (typeof SOC_SPLITS)[number];

export interface SocBridgeConfig {
  /**
   * How a SOC 2010 code that became several SOC 2018 codes is shared out: by the national
   * employment of the 2018 codes (from `reference`, when its file is there) or equally.
   */
  split: SocSplit;
  /** Catalog id of the national SOC 2018 projections used for the shares. */
  reference: string;
}

export interface DeriveConfig {
  /** Catalog id of the OEWS employment the projection starts from. */
  employment: string;
  /** Catalog id of the (national) projections whose rates are applied. */
  rates: string;
}

export interface AttributesConfig {
  /** Catalog id of OEWS wages that fill median wages the projections file lacks. */
  wages: string | null;
  /** Catalog id of projections whose typical-education assignments fill missing education. */
  education: string | null;
}

/** How one award is counted when its program leads to several occupations. */
export const SUPPLY_ALLOCATIONS = ['split', 'full'] as const;
export type SupplyAllocation = (typeof SUPPLY_ALLOCATIONS)[number];

/** Postsecondary awards (IPEDS completions) set beside the openings that need them. */
export interface SupplyConfig {
  /** Catalog id (or a file path under the data directory) of IPEDS Completions C{year}_A. */
  completions: string;
  /** Catalog id (or a file path) of the IPEDS directory HD{year} of the same year. */
  institutions: string;
  /**
   * `split` (default): an award divided among the occupations its program leads to in proportion
   * to their openings in the area, so awards add up; `full`: counted whole for each occupation.
   */
  allocation: SupplyAllocation;
}

/** The metric a weight can name once `supply` is configured. */
export const SUPPLY_METRIC = 'supply_gap_share';

/** The source id a user's own projections file resolves under (config.projections_file). */
export const USER_PROJECTIONS_ID = 'user-projections';

/** `"projections": {"file": …}`: the analyst's own projections table, any layout. */
export interface ProjectionsFileConfig {
  /** The file, relative to the current folder (or absolute). */
  file: string;
  /** A layout name; detected from the headers when absent. */
  layout?: string;
  /** Field → header, for columns the layout's words miss or find twice. */
  columns: Partial<Record<Field, string>>;
  units: DeclaredUnits;
  /** `"windows-1252"` for a CSV or JSON saved that way (Excel on Windows); UTF-8 otherwise. */
  encoding?: TextEncoding;
}

export interface Config {
  /**
   * Awards beside openings (supply.csv, a supply section, the `supply_gap_share` metric). Absent
   * by default, and then left out of the config entirely so a run without it is unchanged.
   */
  supply?: SupplyConfig;
  /** Catalog id of the projections source (USER_PROJECTIONS_ID for the user's own file). */
  projections: string;
  /**
   * The user's own projections file, when "projections" was given as {"file": …} or the run was
   * given --projections. Absent otherwise, so existing configs resolve exactly as before.
   */
  projections_file?: ProjectionsFileConfig;
  /** When set, projections are derived from OEWS employment and national rates instead. */
  derive: DeriveConfig | null;
  /** Area codes to run (empty: every area in the file). */
  areas: string[];
  soc_bridge: SocBridgeConfig;
  /** Other sources for values the projections file lacks; every filled value says where it came from. */
  attributes: AttributesConfig;
  /** Per-source file overrides, relative to the data directory (or absolute). */
  inputs: Record<string, string>;
  /** Built-in framework ids and ids of `framework_variants`. */
  frameworks: string[];
  framework_variants: FrameworkVariant[];
  framework_definitions: FrameworkDefinitionConfig[];
  allocation: Allocation;
  normalization: Normalization;
  weights: Record<string, number>;
  selection: Selection;
  /** A selection preset (SELECTION_PRESETS) whose weights and count apply unless overridden. */
  preset: string | null;
  /** Occupation rules (presets or SQL expressions); each adds a `<id>_share` cluster metric. */
  rules: RuleConfig[];
  /** Thresholds of the high-skill, high-wage, in-demand metric (hshwid_share). */
  hshwid: HshwidConfig;
  stability: StabilityConfig;
  /** Which areas get charts: the state-level ones (default), all, or none. */
  charts: { areas: 'state' | 'all' | 'none' };
  /**
   * What publish writes (see FORMATS). Absent by default, meaning every format, and then left
   * out of the config entirely so a run without it keeps its fingerprint.
   */
  formats?: Format[];
  /** Warn when more than this share of employment has no cluster in a framework. */
  unmapped_warn_share: number;
  /**
   * The 2024 framework's cross-cutting clusters (Digital Technology, Management &
   * Entrepreneurship, Marketing & Sales) share occupations with sector clusters: count those
   * occupations in both (default), or only in the cross-cutting cluster.
   */
  cross_cutting: CrossCutting;
}

/** The fields a projections table can carry (sources/mapped/fields.ts says how headers map to them). */
export const FIELDS = [
  'area_fips',
  'area_code',
  'area_name',
  'area_type',
  'period',
  'soc_code',
  'title',
  'level',
  'base_year',
  'proj_year',
  'base',
  'projected',
  'change',
  'pct_change',
  'annual_openings',
  'total_openings',
  'exits',
  'transfers',
  'growth_openings',
  'replacement_openings',
  'median_annual_wage',
  'median_hourly_wage',
  'education',
  'work_experience',
  'ojt',
] as const;

export type Field = (typeof FIELDS)[number];

/** Units a layout or the config declares; anything left out is decided from the table. */
export interface DeclaredUnits {
  employment?: 'jobs' | 'thousands';
  openings?: 'annual' | 'total';
  pct_change?: 'percent' | 'fraction';
  rounding?: number;
  soc_vintage?: 2010 | 2018;
}

/**
 * How a text file is decoded: UTF-8 unless the analyst says otherwise for their own file (Excel
 * on Windows saves CSV as Windows-1252). Never guessed: a guess would read bytes silently wrong.
 */
export type TextEncoding = 'utf-8' | 'windows-1252';

export type RuleParams = Record<string, number>;

export interface RuleConfig {
  id: string;
  preset?: string;
  params?: RuleParams;
  expression?: string;
}
