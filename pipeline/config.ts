/**
 * The run configuration: what to read, which frameworks to map to, and how to score and select.
 * A config file is JSON; every key is optional and falls back to DEFAULT_CONFIG. Unknown keys and
 * wrong types are errors that name the key, because a silently ignored typo in "weights" would
 * change a state's recommendation without anyone noticing.
 */
import { readFileSync } from 'node:fs';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import {
  ALLOCATIONS,
  type Config,
  CROSS_CUTTING,
  FIELDS,
  type Field,
  FORMATS,
  FRAMEWORK_IDS,
  type FrameworkDefinitionConfig,
  type FrameworkVariant,
  type HshwidConfig,
  NORMALIZATIONS,
  type ProjectionsFileConfig,
  type RuleConfig,
  SCORABLE_METRICS,
  type ScorableMetric,
  SELECTION_METHODS,
  SELECTION_PRESETS,
  type SelectionPreset,
  SOC_SPLITS,
  type StabilityConfig,
  SUPPLY_ALLOCATIONS,
  SUPPLY_METRIC,
  USER_PROJECTIONS_ID,
} from '../kernel/config-types.ts';
import { NAMES_ONLY_FRAMEWORKS } from '../kernel/frameworks.ts';
import { messages } from '../kernel/messages.ts';
import { looksLikeFormula } from '../sources/tabular/input-guards.ts';
import { PRESETS } from '../transforms/rules.ts';
import { scaleWeights } from '../transforms/score.ts';

/**
 * Defaults. The weights favour demand (openings, growth) over quality (wage, credentials), the
 * emphasis of Perkins V's "high-skill, high-wage, or in-demand" test; the 75 % cut generalizes
 * Connecticut's 12 approved clusters out of 16.
 */
export const DEFAULT_CONFIG: Config = {
  projections: 'ca-edd-longterm-2023-2033',
  derive: null,
  areas: [],
  soc_bridge: { split: 'national-share', reference: 'bls-ep-2024-2034' },
  attributes: { wages: null, education: null },
  inputs: {},
  frameworks: ['legacy16', 'acte2024'],
  framework_variants: [],
  framework_definitions: [],
  allocation: 'split',
  normalization: 'zscore',
  weights: {
    annual_openings: 0.3,
    pct_change: 0.25,
    median_wage: 0.2,
    high_wage_share: 0.15,
    postsecondary_share: 0.1,
  },
  selection: { method: 'top_share', top_n: 12, top_share: 0.75, min_score: 0 },
  preset: null,
  rules: [],
  hshwid: { wage_share: 1, min_pct_change: null, min_openings: null },
  stability: {
    draws: 1000,
    seed: 1,
    concentration: 50,
    wage_threshold_jitter: 0.1,
    score_threshold_jitter: 0.1,
    allocations: ['split', 'full', 'primary'],
    robust_probability: 0.9,
    fragile_weight_shift: 0.05,
  },
  charts: { areas: 'state' },
  unmapped_warn_share: 0.01,
  cross_cutting: 'also_in_sectors',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A numeric setting's range and the reason for it. Every number a config or the command line
 * sets is checked against one, so a typo (10^9 draws, top_n 0) stops with the reason instead of
 * running for hours or approving all or none without a word. The README's config table says each.
 */
export interface Bound {
  min: number;
  max: number;
  /** The range excludes min (or max) itself. */
  aboveMin?: boolean;
  belowMax?: boolean;
  whole?: boolean;
  why: string;
}

export const BOUNDS = {
  draws: {
    min: 0,
    max: 1_000_000,
    whole: true,
    why: 'the draws re-score every area and framework (about 1.4 s per area × framework at 1,000,000; 10^9 would run for hours), and beyond 1,000,000 the share of draws approving a cluster moves by less than 0.001',
  },
  seed: {
    min: 0,
    max: 4_294_967_295,
    whole: true,
    why: 'the generator takes a 32-bit seed; a larger one would silently repeat a smaller one',
  },
  concentration: {
    min: 0,
    max: 1_000_000,
    aboveMin: true,
    why: 'the Dirichlet needs a positive concentration, and above 1,000,000 every draw is the configured weights',
  },
  wage_threshold_jitter: {
    min: 0,
    max: 1,
    belowMax: true,
    why: 'a relative jitter of ±100% or more would take the high-wage threshold to zero or below',
  },
  score_threshold_jitter: {
    min: 0,
    max: 1,
    belowMax: true,
    why: 'scores are in standard deviations (or shares of clusters beaten); a jitter of a whole unit or more would move the threshold past most clusters',
  },
  robust_probability: {
    min: 0.5,
    max: 1,
    why: 'below one half, a decision reversed in most draws would be called robust',
  },
  fragile_weight_shift: {
    min: 0,
    max: 1,
    why: 'weights sum to 1, so no shift between two metrics exceeds 1',
  },
  top_n: {
    min: 1,
    max: 1000,
    whole: true,
    why: 'at least one cluster must be approvable (0 approves none); the run also checks it against each framework’s cluster count',
  },
  top_share: {
    min: 0,
    max: 1,
    aboveMin: true,
    why: 'a share of 0 approves no cluster, and more than 1 is more clusters than there are',
  },
  min_score: {
    min: -1_000_000,
    max: 1_000_000,
    why: 'any finite score threshold is allowed; a score never comes near a million',
  },
  weight: {
    min: 0,
    max: 1_000_000,
    why: 'weights are scaled to sum to 1, so only their ratios count; a negative weight would reward a worse value',
  },
  unmapped_warn_share: {
    min: 0,
    max: 1,
    why: 'it is a share of employment',
  },
  wait: {
    min: 0,
    max: 86_400,
    whole: true,
    why: 'a run waiting a day for the output folder has lost its slot (and the timer cannot count past 24 days)',
  },
} as const satisfies Record<string, Bound>;

/** A bound in words: "a whole number from 0 to 1,000,000", "above 0 and at most 1". */
export function boundText(b: Bound): string {
  const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 6 });
  if (b.whole) return `a whole number from ${n(b.min)} to ${n(b.max)}`;
  return `${b.aboveMin ? 'above' : 'at least'} ${n(b.min)} and ${b.belowMax ? 'below' : 'at most'} ${n(b.max)}`;
}

/** Whether a value lies within a bound. */
export function withinBound(value: number, b: Bound): boolean {
  if (!Number.isFinite(value) || (b.whole && !Number.isInteger(value))) return false;
  if (b.aboveMin ? value <= b.min : value < b.min) return false;
  return b.belowMax ? value < b.max : value <= b.max;
}

/**
 * Checks a command-line number that overrides a config setting (--draws, --seed, --wait),
 * naming the option, the value, the bound and why.
 */
export function checkOption(option: string, value: number, bound: Bound): void {
  if (!withinBound(value, bound)) {
    throw new CliError(
      messages.optionOutOfBounds(option, value, boundText(bound), bound.why),
      ExitCode.usage,
    );
  }
}

/** Reads and validates a config file; with no file, returns the defaults. */
export function loadConfig(file: string | undefined): Config {
  if (file === undefined) return structuredClone(DEFAULT_CONFIG);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(messages.configNotFound(file), ExitCode.usage);
  }
  let json: Json;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (error) {
    throw new CliError(messages.configNotJson(file, (error as Error).message), ExitCode.usage);
  }
  return parseConfig(json, file);
}

/** `"projections": {"file", "layout", "columns", "units"}`, every key checked. */
function parseProjectionsFile(v: Validator, value: unknown): ProjectionsFileConfig {
  const o = v.object(value, 'projections');
  v.onlyKeys(o, ['file', 'layout', 'columns', 'units', 'encoding'], 'projections.');
  const out: ProjectionsFileConfig = {
    file: v.string(o.file, 'projections.file'),
    columns: {},
    units: {},
  };
  if ('layout' in o) out.layout = v.string(o.layout, 'projections.layout');
  if ('encoding' in o) {
    out.encoding = v.oneOf(o.encoding, ['utf-8', 'windows-1252'], 'projections.encoding');
  }
  if ('columns' in o) {
    const c = v.object(o.columns, 'projections.columns');
    v.onlyKeys(c, FIELDS, 'projections.columns.');
    for (const [field, header] of Object.entries(c)) {
      out.columns[field as Field] = v.string(header, `projections.columns.${field}`);
    }
  }
  if ('units' in o) {
    const u = v.object(o.units, 'projections.units');
    v.onlyKeys(
      u,
      ['employment', 'openings', 'pct_change', 'rounding', 'soc_vintage'],
      'projections.units.',
    );
    if ('employment' in u) {
      out.units.employment = v.oneOf(
        u.employment,
        ['jobs', 'thousands'],
        'projections.units.employment',
      );
    }
    if ('openings' in u) {
      out.units.openings = v.oneOf(u.openings, ['annual', 'total'], 'projections.units.openings');
    }
    if ('pct_change' in u) {
      out.units.pct_change = v.oneOf(
        u.pct_change,
        ['percent', 'fraction'],
        'projections.units.pct_change',
      );
    }
    if ('rounding' in u) {
      const r = v.number(u.rounding, 'projections.units.rounding');
      if (r <= 0 || r > 1_000_000)
        v.fail(
          'projections.units.rounding',
          'must be above 0 and at most 1,000,000 (1, 10, 1000, 0.1 …)',
        );
      out.units.rounding = r;
    }
    if ('soc_vintage' in u) {
      const y = v.number(u.soc_vintage, 'projections.units.soc_vintage');
      if (y !== 2010 && y !== 2018) v.fail('projections.units.soc_vintage', 'must be 2010 or 2018');
      out.units.soc_vintage = y;
    }
  }
  return out;
}

/** A new framework id: lower-case, and not one clusterfit ships. */
function frameworkId(v: Validator, value: unknown, key: string): string {
  const id = v.string(value, key);
  if (!/^[a-z][a-z0-9_-]*$/.test(id)) {
    v.fail(key, 'must be lower-case letters, digits, "_" or "-", starting with a letter');
  }
  if ((FRAMEWORK_IDS as readonly string[]).includes(id)) {
    v.fail(key, 'is a built-in framework id; choose another');
  }
  return id;
}

function parseDefinition(v: Validator, value: unknown, key: string): FrameworkDefinitionConfig {
  const o = v.object(value, key);
  v.onlyKeys(o, ['id', 'title', 'sublevel', 'crosswalk', 'cross_cutting'], `${key}.`);
  const id = frameworkId(v, o.id, `${key}.id`);
  return {
    id,
    title: 'title' in o ? v.name(o.title, `${key}.title`) : id,
    sublevel: 'sublevel' in o ? v.name(o.sublevel, `${key}.sublevel`) : 'sub-level',
    crosswalk: v.string(o.crosswalk, `${key}.crosswalk`),
    cross_cutting:
      'cross_cutting' in o
        ? v
            .array(o.cross_cutting, `${key}.cross_cutting`)
            .map((c, i) => v.name(c, `${key}.cross_cutting[${i}]`))
        : [],
  };
}

function parseVariant(v: Validator, value: unknown, key: string): FrameworkVariant {
  const o = v.object(value, key);
  v.onlyKeys(o, ['id', 'title', 'base', 'rename', 'merge', 'drop'], `${key}.`);
  const id = frameworkId(v, o.id, `${key}.id`);
  const names = (field: 'rename' | 'merge'): Record<string, string> => {
    if (!(field in o)) return {};
    const m = v.object(o[field], `${key}.${field}`);
    return Object.fromEntries(
      Object.entries(m).map(([from, to]) => [from, v.name(to, `${key}.${field}.${from}`)]),
    );
  };
  return {
    id,
    title: 'title' in o ? v.name(o.title, `${key}.title`) : id,
    base: v.oneOf(o.base, FRAMEWORK_IDS, `${key}.base`),
    rename: names('rename'),
    merge: names('merge'),
    drop:
      'drop' in o
        ? v.array(o.drop, `${key}.drop`).map((d, i) => v.name(d, `${key}.drop[${i}]`))
        : [],
  };
}

/** Validates a parsed config object against the schema and merges it over the defaults. */
export function parseConfig(json: unknown, file: string): Config {
  const v = new Validator(file);
  const root = v.object(json, '(top level)');
  const config = structuredClone(DEFAULT_CONFIG);
  v.onlyKeys(root, [...Object.keys(DEFAULT_CONFIG), 'supply', 'formats'], '');
  if ('supply' in root && root.supply !== null) {
    const o = v.object(root.supply, 'supply');
    v.onlyKeys(o, ['completions', 'institutions', 'allocation'], 'supply.');
    config.supply = {
      completions: v.string(o.completions, 'supply.completions'),
      institutions: v.string(o.institutions, 'supply.institutions'),
      allocation:
        'allocation' in o
          ? v.oneOf(o.allocation, SUPPLY_ALLOCATIONS, 'supply.allocation')
          : 'split',
    };
  }
  if ('projections' in root) {
    if (typeof root.projections === 'object' && root.projections !== null) {
      config.projections = USER_PROJECTIONS_ID;
      config.projections_file = parseProjectionsFile(v, root.projections);
    } else config.projections = v.string(root.projections, 'projections');
  }
  if ('derive' in root && root.derive !== null) {
    const d = v.object(root.derive, 'derive');
    v.onlyKeys(d, ['employment', 'rates'], 'derive.');
    config.derive = {
      employment: v.string(d.employment, 'derive.employment'),
      rates: v.string(d.rates, 'derive.rates'),
    };
  }
  if ('attributes' in root) {
    const a = v.object(root.attributes, 'attributes');
    v.onlyKeys(a, ['wages', 'education'], 'attributes.');
    for (const key of ['wages', 'education'] as const) {
      if (key in a && a[key] !== null)
        config.attributes[key] = v.string(a[key], `attributes.${key}`);
    }
  }
  if ('areas' in root) {
    config.areas = v.array(root.areas, 'areas').map((a, i) => v.name(a, `areas[${i}]`));
  }
  if ('soc_bridge' in root) {
    const b = v.object(root.soc_bridge, 'soc_bridge');
    v.onlyKeys(b, ['split', 'reference'], 'soc_bridge.');
    if ('split' in b) config.soc_bridge.split = v.oneOf(b.split, SOC_SPLITS, 'soc_bridge.split');
    if ('reference' in b)
      config.soc_bridge.reference = v.string(b.reference, 'soc_bridge.reference');
  }
  if ('inputs' in root) {
    const inputs = v.object(root.inputs, 'inputs');
    config.inputs = {};
    for (const [k, value] of Object.entries(inputs)) {
      config.inputs[k] = v.string(value, `inputs.${k}`);
    }
  }
  if ('framework_variants' in root) {
    config.framework_variants = v
      .array(root.framework_variants, 'framework_variants')
      .map((x, i) => parseVariant(v, x, `framework_variants[${i}]`));
    const ids = config.framework_variants.map((f) => f.id);
    if (new Set(ids).size !== ids.length) v.fail('framework_variants', 'repeats an id');
  }
  if ('framework_definitions' in root) {
    config.framework_definitions = v
      .array(root.framework_definitions, 'framework_definitions')
      .map((x, i) => parseDefinition(v, x, `framework_definitions[${i}]`));
  }
  const ids = [...config.framework_variants, ...config.framework_definitions].map((f) => f.id);
  if (new Set(ids).size !== ids.length) {
    v.fail('framework_definitions', 'repeats an id used by another definition or variant');
  }
  if ('frameworks' in root) {
    const list = v.array(root.frameworks, 'frameworks');
    if (list.length === 0) v.fail('frameworks', 'must list at least one framework');
    for (const f of list) {
      const namesOnly = typeof f === 'string' ? NAMES_ONLY_FRAMEWORKS[f] : undefined;
      if (namesOnly && !ids.includes(f as string)) {
        throw new CliError(
          messages.frameworkWithoutCrosswalk(file, f as string, namesOnly.title),
          ExitCode.usage,
        );
      }
    }
    const known = [...FRAMEWORK_IDS, ...ids];
    config.frameworks = list.map((f, i) => v.oneOf(f, known, `frameworks[${i}]`));
    if (new Set(config.frameworks).size !== config.frameworks.length) {
      v.fail('frameworks', 'lists a framework twice');
    }
  }
  if ('allocation' in root) config.allocation = v.oneOf(root.allocation, ALLOCATIONS, 'allocation');
  if ('normalization' in root) {
    config.normalization = v.oneOf(root.normalization, NORMALIZATIONS, 'normalization');
  }
  if ('rules' in root) config.rules = parseRules(v, root.rules);
  if ('preset' in root && root.preset !== null) {
    const preset = v.oneOf(root.preset, Object.keys(SELECTION_PRESETS), 'preset');
    const p = SELECTION_PRESETS[preset] as SelectionPreset;
    config.preset = preset;
    config.weights = { ...p.weights };
    config.selection = { ...config.selection, method: 'top_n', top_n: p.top_n };
  }
  if ('weights' in root) {
    const weights = v.object(root.weights, 'weights');
    v.onlyKeys(weights, metricIds(config), 'weights.');
    config.weights = {};
    for (const [k, value] of Object.entries(weights)) {
      config.weights[k] = v.bounded(value, `weights.${k}`, BOUNDS.weight);
    }
    if (Object.values(config.weights).reduce((a, b) => a + b, 0) <= 0) {
      v.fail('weights', 'must give at least one metric a positive weight');
    }
  }
  if ('selection' in root) {
    const sel = v.object(root.selection, 'selection');
    v.onlyKeys(sel, Object.keys(DEFAULT_CONFIG.selection), 'selection.');
    if ('method' in sel) {
      config.selection.method = v.oneOf(sel.method, SELECTION_METHODS, 'selection.method');
    }
    if ('top_n' in sel)
      config.selection.top_n = v.bounded(sel.top_n, 'selection.top_n', BOUNDS.top_n);
    if ('top_share' in sel) {
      config.selection.top_share = v.bounded(
        sel.top_share,
        'selection.top_share',
        BOUNDS.top_share,
      );
    }
    if ('min_score' in sel) {
      config.selection.min_score = v.bounded(
        sel.min_score,
        'selection.min_score',
        BOUNDS.min_score,
      );
    }
  }
  if ('charts' in root) {
    const c = v.object(root.charts, 'charts');
    v.onlyKeys(c, ['areas'], 'charts.');
    if ('areas' in c)
      config.charts.areas = v.oneOf(c.areas, ['state', 'all', 'none'] as const, 'charts.areas');
  }
  if ('formats' in root) {
    const list = v.array(root.formats, 'formats');
    if (list.length === 0) v.fail('formats', messages.formatsEmpty(FORMATS));
    config.formats = list.map((f, i) => v.oneOf(f, FORMATS, `formats[${i}]`));
    if (new Set(config.formats).size !== config.formats.length) {
      v.fail('formats', 'lists a format twice');
    }
  }
  if ('hshwid' in root) config.hshwid = parseHshwid(v, root.hshwid);
  if ('stability' in root) config.stability = parseStability(v, root.stability);
  if ('cross_cutting' in root) {
    config.cross_cutting = v.oneOf(root.cross_cutting, CROSS_CUTTING, 'cross_cutting');
  }
  if ('unmapped_warn_share' in root) {
    config.unmapped_warn_share = v.bounded(
      root.unmapped_warn_share,
      'unmapped_warn_share',
      BOUNDS.unmapped_warn_share,
    );
  }
  return config;
}

/**
 * Every metric a weight may name: the base metrics, one share per configured rule, then the
 * supply gap when supply is configured.
 */
export function metricIds(config: Pick<Config, 'rules' | 'supply'>): string[] {
  return [
    ...SCORABLE_METRICS,
    ...config.rules.map((r) => `${r.id}_share`),
    ...(config.supply ? [SUPPLY_METRIC] : []),
  ];
}

/** Weights scaled to sum to 1, in a fixed metric order, zero weights dropped. */
export function normalizedWeights(config: Config): [ScorableMetric, number][] {
  return scaleWeights(metricIds(config), config.weights);
}

function parseRules(v: Validator, value: unknown): RuleConfig[] {
  const list = v.array(value, 'rules');
  const seen = new Set<string>();
  return list.map((item, i) => {
    const key = `rules[${i}]`;
    const r = v.object(item, key);
    v.onlyKeys(r, ['id', 'preset', 'params', 'expression'], `${key}.`);
    const id = v.string(r.id, `${key}.id`);
    if (!/^[a-z][a-z0-9_]*$/.test(id)) {
      v.fail(`${key}.id`, 'must be lower case letters, digits and _ (it names a column)');
    }
    if (seen.has(id)) v.fail(`${key}.id`, `repeats the rule id "${id}"`);
    seen.add(id);
    if ('preset' in r === 'expression' in r) {
      v.fail(key, 'must have either "preset" or "expression", not both or neither');
    }
    if ('expression' in r) {
      const expression = v.string(r.expression, `${key}.expression`);
      if (/;|--|\/\*/.test(expression)) {
        v.fail(`${key}.expression`, 'must be a single SQL expression (no ";" or comments)');
      }
      return { id, expression };
    }
    const preset = v.oneOf(r.preset, Object.keys(PRESETS), `${key}.preset`);
    const rule: RuleConfig = { id, preset };
    if ('params' in r) {
      const params = v.object(r.params, `${key}.params`);
      v.onlyKeys(params, Object.keys(PRESETS[preset]?.params ?? {}), `${key}.params.`);
      rule.params = Object.fromEntries(
        Object.entries(params).map(([k, x]) => [k, v.number(x, `${key}.params.${k}`)]),
      );
    }
    return rule;
  });
}

function parseHshwid(v: Validator, value: unknown): HshwidConfig {
  const h = v.object(value, 'hshwid');
  const out = structuredClone(DEFAULT_CONFIG.hshwid);
  v.onlyKeys(h, Object.keys(out), 'hshwid.');
  if ('wage_share' in h) {
    out.wage_share = v.number(h.wage_share, 'hshwid.wage_share');
    if (out.wage_share < 0) v.fail('hshwid.wage_share', 'must not be negative');
  }
  for (const k of ['min_pct_change', 'min_openings'] as const) {
    if (k in h) out[k] = h[k] === null ? null : v.number(h[k], `hshwid.${k}`);
  }
  return out;
}

function parseStability(v: Validator, value: unknown): StabilityConfig {
  const s = v.object(value, 'stability');
  const out = structuredClone(DEFAULT_CONFIG.stability);
  v.onlyKeys(s, Object.keys(out), 'stability.');
  const bounded = (k: keyof typeof BOUNDS & keyof StabilityConfig) =>
    v.bounded(s[k], `stability.${k}`, BOUNDS[k]);
  if ('draws' in s) out.draws = bounded('draws');
  if ('seed' in s) out.seed = bounded('seed');
  if ('concentration' in s) out.concentration = bounded('concentration');
  if ('wage_threshold_jitter' in s) out.wage_threshold_jitter = bounded('wage_threshold_jitter');
  if ('score_threshold_jitter' in s) out.score_threshold_jitter = bounded('score_threshold_jitter');
  if ('allocations' in s) {
    const list = v.array(s.allocations, 'stability.allocations');
    if (list.length === 0) v.fail('stability.allocations', 'must list at least one allocation');
    out.allocations = list.map((a, i) => v.oneOf(a, ALLOCATIONS, `stability.allocations[${i}]`));
  }
  if ('robust_probability' in s) out.robust_probability = bounded('robust_probability');
  if ('fragile_weight_shift' in s) out.fragile_weight_shift = bounded('fragile_weight_shift');
  return out;
}

class Validator {
  constructor(private readonly file: string) {}

  fail(key: string, problem: string): never {
    throw new CliError(messages.configInvalid(this.file, key, problem), ExitCode.usage);
  }

  private wrong(key: string, expected: string, got: unknown): never {
    throw new CliError(messages.configWrongType(this.file, key, expected, got), ExitCode.usage);
  }

  object(value: unknown, key: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.wrong(key, 'an object', value);
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, key: string): unknown[] {
    if (!Array.isArray(value)) this.wrong(key, 'a list', value);
    return value;
  }

  string(value: unknown, key: string): string {
    if (typeof value !== 'string' || value.trim() === '')
      this.wrong(key, 'a non-empty string', value);
    return value;
  }

  /**
   * A name the outputs will show (a title, a cluster or sub-level name, an area code): one line
   * of text, and not text a spreadsheet would run as a formula, the guard file text gets
   * (sources/tabular/input-guards.ts).
   */
  name(value: unknown, key: string): string {
    const s = this.string(value, key);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
    if (/[\u0000-\u001f\u007f]/.test(s)) this.fail(key, messages.configNameControl(s));
    if (looksLikeFormula(s)) this.fail(key, messages.configNameFormula(s));
    return s;
  }

  number(value: unknown, key: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.wrong(key, 'a number', value);
    return value;
  }

  /** A number within its bound, or an error naming the key, the value, the bound and why. */
  bounded(value: unknown, key: string, bound: Bound): number {
    const x = this.number(value, key);
    if (!withinBound(x, bound)) {
      throw new CliError(
        messages.configOutOfBounds(this.file, key, x, boundText(bound), bound.why),
        ExitCode.usage,
      );
    }
    return x;
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], key: string): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.wrong(key, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
    }
    return value as T;
  }

  onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], prefix: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        const suggestion = closest(key, allowed);
        throw new CliError(
          messages.configUnknownKey(
            this.file,
            `${prefix}${key}`,
            suggestion === undefined ? undefined : `${prefix}${suggestion}`,
          ),
          ExitCode.usage,
        );
      }
    }
  }
}

/** The allowed key nearest to a typo, if it is near enough to be a likely intent. */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
