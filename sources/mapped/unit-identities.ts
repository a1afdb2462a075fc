/**
 * Units decided and checked against the table's own identities. A unit comes from the config,
 * the layout, the headers or the table; whichever it is, it must fit the identities the table
 * has, within the publisher's rounding (each term rounded: three terms rounded to 10 may miss by
 * 15). A unit that fails an identity another unit fits stops the read, naming both.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import type { DeclaredUnits } from '../../kernel/config-types.ts';
import { messages } from '../../kernel/messages.ts';
import type { ProjectionRecord, ProjectionTable } from '../projection-record.ts';

export interface UnitDecision {
  unit: 'employment' | 'openings' | 'pct_change' | 'rounding' | 'soc_vintage' | 'openings_method';
  value: string;
  /** How it was decided: "config units", "layout", "headers", or the identity that chose it. */
  how: string;
}

export interface IdentityResult {
  identity: string;
  tolerance: string;
  /** Rows the identity could be checked on, and of them the rows it failed. */
  checked: number;
  failed: number;
  result: 'holds' | 'fails' | 'not checkable';
}

interface Context {
  file: string;
  declared: DeclaredUnits;
  layout: DeclaredUnits;
  layoutName: string;
  openingsHeader: string | null;
  openingsField: 'annual_openings' | 'total_openings' | null;
  employmentHeaders: string[];
  growthReplacement: boolean;
}

/** Share of checkable rows an identity must hold on for its unit to be trusted. */
const HOLDS = 0.9;
/** The all-occupations annual openings rate (openings / base employment) a table can have. */
const ANNUAL_RATE = { low: 0.03, high: 0.35 };

/** Decides every table's units (setting them) and returns the decisions and identities. */
export function decideUnits(
  tables: ProjectionTable[],
  ctx: Context,
): { units: UnitDecision[]; identities: IdentityResult[] } {
  const units: UnitDecision[] = [];
  const identities: IdentityResult[] = [];
  const detail = tables.flatMap((t) =>
    t.records.filter((r) => r.is_detail).map((r) => ({ r, period: t.proj_year - t.base_year })),
  );
  const from = <K extends keyof DeclaredUnits>(key: K): [DeclaredUnits[K], string] | undefined => {
    if (ctx.declared[key] !== undefined) return [ctx.declared[key], 'config "units"'];
    if (ctx.layout[key] !== undefined) return [ctx.layout[key], `layout ${ctx.layoutName}`];
    return undefined;
  };

  const rounding = from('rounding') ?? inferRounding(detail.map((d) => d.r));
  const r = rounding[0] ?? 1;
  // Jobs are whole: employment published with decimals is in thousands (BLS "1,579.8").
  const employment =
    from('employment') ??
    (ctx.employmentHeaders.some((h) => /thousand/i.test(h))
      ? ['thousands' as const, 'the employment headers say thousands']
      : r < 1
        ? ['thousands' as const, 'employment carries decimals, and jobs are whole']
        : ['jobs' as const, 'default: whole numbers and no header says thousands']);
  units.push({ unit: 'employment', value: employment[0] ?? 'jobs', how: employment[1] });
  units.push({ unit: 'rounding', value: String(r), how: rounding[1] });

  // projected − base = change: reported here; each failing row is an error of the run's checks.
  const changeRows = detail.filter((d) => d.r.change !== null);
  const changeFails = changeRows.filter(
    (d) =>
      Math.abs(d.r.projected_employment - d.r.base_employment - (d.r.change as number)) >
      1.5 * r + 1e-9,
  ).length;
  identities.push(
    result(
      'projected − base = change',
      `±${round(1.5 * r)} (3 terms rounded to ${r})`,
      changeRows.length,
      changeFails,
    ),
  );

  identities.push(...summaryIdentities(tables, r));
  const pct = decidePct(
    detail.map((d) => d.r),
    r,
    from('pct_change'),
    ctx,
    identities,
  );
  units.push(pct);

  const openings = decideOpenings(detail, r, from('openings'), ctx, identities);
  if (openings) units.push(openings);

  const growing = detail.filter(
    (d) => d.r.growth_openings != null && d.r.change !== null && (d.r.change as number) > 0,
  );
  if (growing.length > 0) {
    // Growth openings are the change spread over the period (the growing occupations' part).
    const fails = growing.filter(
      (d) =>
        Math.abs(
          (d.r.growth_openings as number) -
            (d.r.change as number) / (openings?.value === 'total' ? 1 : d.period),
        ) >
        1.5 * r + 1e-9,
    ).length;
    identities.push(
      result(
        `growth openings = change${openings?.value === 'total' ? '' : ' / period'} (growing occupations)`,
        `±${round(1.5 * r)}`,
        growing.length,
        fails,
      ),
    );
  }

  const vintage = from('soc_vintage') ?? inferVintage(tables);
  units.push({ unit: 'soc_vintage', value: String(vintage[0]), how: vintage[1] });
  const method = ctx.growthReplacement ? 'growth-replacement' : 'separations';
  units.push({
    unit: 'openings_method',
    value: method,
    how: ctx.growthReplacement
      ? 'replacement openings given without exits and transfers'
      : 'default (exits, transfers and growth)',
  });

  for (const t of tables) {
    t.units = {
      employment_multiplier: employment[0] === 'thousands' ? 1000 : 1,
      openings_period_years: openings?.value === 'total' ? t.proj_year - t.base_year : 1,
      pct_change_unit: pct.value === 'fraction' ? 'fraction' : 'percent',
      openings_method: method,
      soc_vintage: vintage[0] === 2010 ? 2010 : 2018,
      rounding: r,
    };
  }
  return { units, identities };
}

/**
 * Percent change checked alone, for readers whose units are fixed (Projections Central's REST
 * JSON: percent, every figure rounded to ten): a table whose percent change is a fraction stops.
 */
export function checkPercentChange(tables: ProjectionTable[], file: string): IdentityResult {
  const identities: IdentityResult[] = [];
  const rounding = tables[0]?.units.rounding ?? 1;
  decidePct(
    tables.flatMap((t) => t.records.filter((r) => r.is_detail)),
    rounding,
    ['percent', 'the publisher'],
    {
      file,
      declared: {},
      layout: {},
      layoutName: '',
      openingsHeader: null,
      openingsField: null,
      employmentHeaders: [],
      growthReplacement: false,
    },
    identities,
  );
  return identities[0] as IdentityResult;
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

function result(
  identity: string,
  tolerance: string,
  checked: number,
  failed: number,
): IdentityResult {
  return {
    identity,
    tolerance,
    checked,
    failed,
    result: checked === 0 ? 'not checkable' : failed <= checked * (1 - HOLDS) ? 'holds' : 'fails',
  };
}

/**
 * Detailed rows against the summary rows above them: within a table, the detailed rows of a
 * major group (and of the whole table) add up to no more than its published row, give or take
 * each row's rounding. Less is normal (publishers suppress small occupations); more is not.
 * Reported, not stopping: the run's detail-coverage check says how much is covered.
 */
function summaryIdentities(tables: ProjectionTable[], r: number): IdentityResult[] {
  const checks: [string, number, number][] = [];
  let totals = 0;
  let totalFails = 0;
  let groups = 0;
  let groupFails = 0;
  for (const t of tables) {
    const detail = t.records.filter((x) => x.is_detail);
    for (const s of t.records.filter((x) => !x.is_detail && /-0000$/.test(x.soc_code))) {
      const members = s.is_total
        ? detail
        : detail.filter((x) => x.soc_code.slice(0, 2) === s.soc_code.slice(0, 2));
      if (members.length === 0) continue;
      const sum = members.reduce((a, x) => a + x.base_employment, 0);
      const over = sum > s.base_employment + ((members.length + 1) * r) / 2 + 1e-9;
      if (s.is_total) {
        totals++;
        if (over) totalFails++;
      } else {
        groups++;
        if (over) groupFails++;
      }
    }
  }
  checks.push(['detailed rows ≤ the total row (00-0000), base employment', totals, totalFails]);
  checks.push([
    'detailed rows ≤ their major group row (NN-0000), base employment',
    groups,
    groupFails,
  ]);
  return checks.map(([identity, checked, failed]) => ({
    identity,
    tolerance: `half a rounding step (${r}) per row`,
    checked,
    failed,
    result: checked === 0 ? 'not checkable' : failed === 0 ? 'holds' : 'fails',
  }));
}

/** Figures that are all multiples of 10 (or 1,000) were rounded so; decimals give 0.1, 0.01. */
function inferRounding(records: ProjectionRecord[]): [number, string] {
  const values = records.flatMap((r) =>
    [r.base_employment, r.projected_employment].filter((v) => v !== 0),
  );
  if (values.length === 0) return [1, 'default'];
  const decimals = Math.max(...values.map((v) => (String(v).split('.')[1] ?? '').length));
  if (decimals > 0) {
    return [10 ** -Math.min(decimals, 3), `the figures carry ${decimals} decimal(s)`];
  }
  // Publishers rounding to ten often print the smallest counts as they are: judge by the rest.
  const large = values.filter((v) => Math.abs(v) >= 50);
  for (const step of [1000, 100, 10]) {
    const multiples = large.filter((v) => v % step === 0).length;
    if (large.length >= 3 && multiples >= 0.95 * large.length) {
      return [
        step,
        `${multiples} of ${large.length} employment figures of 50 or more are multiples of ${step}`,
      ];
    }
  }
  return [1, 'the figures are whole jobs'];
}

/**
 * Percent change against change / base, within the bounds rounding allows: the unrounded base
 * and change lie within half a rounding step of the published ones, and the percent itself is
 * rounded to its own decimals.
 */
function decidePct(
  records: ProjectionRecord[],
  r: number,
  claimed: [DeclaredUnits['pct_change'], string] | undefined,
  ctx: Context,
  identities: IdentityResult[],
): UnitDecision {
  let declared = claimed;
  const rows = records.filter(
    (x) => x.pct_change !== null && x.change !== null && x.change !== 0 && x.base_employment > r,
  );
  const fits = (x: ProjectionRecord, scale: number) => {
    const c = x.change as number;
    const b = x.base_employment;
    const ratios = [
      (c - r / 2) / (b - r / 2),
      (c - r / 2) / (b + r / 2),
      (c + r / 2) / (b - r / 2),
      (c + r / 2) / (b + r / 2),
    ].map((q) => q * scale);
    const p = x.pct_change as number;
    const step = 10 ** -Math.min((String(p).split('.')[1] ?? '').length, 6);
    return p >= Math.min(...ratios) - step / 2 - 1e-9 && p <= Math.max(...ratios) + step / 2 + 1e-9;
  };
  const asPercent = rows.filter((x) => fits(x, 100)).length;
  const asFraction = rows.filter((x) => fits(x, 1)).length;
  const inferred = asFraction > asPercent ? 'fraction' : 'percent';
  // A spreadsheet saved with a percent format holds fractions (0.069 shown as 6.9%): a layout's
  // "percent" gives way to the figures; only the user's own "units" is held to, and stops.
  const fromLayout = declared?.[1].startsWith('layout') ?? false;
  const layoutGivesWay =
    fromLayout &&
    declared?.[0] !== inferred &&
    Math.max(asPercent, asFraction) >= HOLDS * rows.length &&
    rows.length > 0;
  if (layoutGivesWay)
    declared = [
      inferred,
      `the figures (${declared?.[1]} says ${declared?.[0]}, a spreadsheet's percent format holds fractions)`,
    ];
  const unit = declared?.[0] ?? inferred;
  const ok = unit === 'percent' ? asPercent : asFraction;
  const other = unit === 'percent' ? asFraction : asPercent;
  identities.push(
    result(
      `percent change = change / base (${unit})`,
      `within the rounding of change and base to ${r} and of the percent to its decimals`,
      rows.length,
      rows.length - ok,
    ),
  );
  if (rows.length > 0 && ok < HOLDS * rows.length && other >= HOLDS * rows.length) {
    const bad = rows.find((x) => !fits(x, unit === 'percent' ? 100 : 1)) as ProjectionRecord;
    throw new CliError(
      messages.unitFailsIdentity(
        ctx.file,
        `pct_change "${unit}"`,
        'percent change = change / base',
        `row ${bad.source_row}: change ${bad.change}, base ${bad.base_employment}, percent change ${bad.pct_change}`,
        `${rows.length - ok} of ${rows.length}`,
        unit === 'percent' ? 'fraction' : 'percent',
      ),
      ExitCode.input,
      { file: ctx.file, row: bad.source_row },
    );
  }
  return {
    unit: 'pct_change',
    value: unit,
    how: declared
      ? declared[1]
      : rows.length === 0
        ? 'default: no row to infer from'
        : `inferred: ${Math.max(asPercent, asFraction)} of ${rows.length} rows agree with change / base`,
  };
}

/**
 * Annual or whole-period openings. The exact identity exits + transfers + change (over the
 * openings' period) = openings decides where the table has it; otherwise the all-occupations
 * openings rate, 3–35 % of base employment a year and the period's multiple of that in total.
 */
function decideOpenings(
  detail: { r: ProjectionRecord; period: number }[],
  r: number,
  declared: [DeclaredUnits['openings'], string] | undefined,
  ctx: Context,
  identities: IdentityResult[],
): UnitDecision | undefined {
  const withOpenings = detail.filter((d) => d.r.openings !== null);
  if (withOpenings.length === 0) return undefined;
  const header = ctx.openingsHeader ?? 'openings';
  const byHeader: [DeclaredUnits['openings'], string] | undefined =
    ctx.openingsField === 'annual_openings' || /annual|average|avg|aopent/i.test(header)
      ? ['annual', `the header "${header}"`]
      : undefined;
  const claim = declared ?? byHeader;

  const exact = withOpenings.filter(
    (d) => d.r.exits !== null && d.r.transfers !== null && d.r.change !== null,
  );
  const tol = 2 * r + 1e-9;
  const exactFits = (unit: 'annual' | 'total') =>
    exact.filter((d) => {
      const c = (d.r.change as number) / (unit === 'annual' ? d.period : 1);
      return (
        Math.abs(
          (d.r.exits as number) + (d.r.transfers as number) + c - (d.r.openings as number),
        ) <= tol
      );
    }).length;

  const base = withOpenings.reduce((s, d) => s + d.r.base_employment, 0);
  const open = withOpenings.reduce((s, d) => s + (d.r.openings as number), 0);
  const period = withOpenings[0]?.period ?? 10;
  const rate = base > 0 ? open / base : 0;
  const rateFits = (unit: 'annual' | 'total') => {
    const k = unit === 'annual' ? 1 : period;
    return rate >= ANNUAL_RATE.low * k && rate <= ANNUAL_RATE.high * k;
  };

  let evidence: {
    identity: string;
    fits: (u: 'annual' | 'total') => boolean;
    detail: string;
    rows: string;
  };
  if (exact.length > 0) {
    const a = exactFits('annual');
    const t = exactFits('total');
    evidence = {
      identity: "exits + transfers + change (over the openings' period) = openings",
      fits: (u) => (u === 'annual' ? a : t) >= HOLDS * exact.length,
      detail: `annual fits ${a} of ${exact.length} rows, whole-period totals ${t}`,
      rows: exampleRow(exact[0]?.r),
    };
  } else {
    evidence = {
      identity: 'openings rate: openings / base employment is 3–35 % a year',
      fits: rateFits,
      detail: `openings ${Math.round(open)} / base employment ${Math.round(base)} = ${(100 * rate).toFixed(1)} % over ${withOpenings.length} detailed rows`,
      rows: `all ${withOpenings.length} detailed rows`,
    };
  }
  const unit =
    claim?.[0] ??
    (evidence.fits('annual') ? 'annual' : evidence.fits('total') ? 'total' : 'annual');
  const other = unit === 'annual' ? 'total' : 'annual';
  identities.push({
    identity: `${evidence.identity} (openings ${unit})`,
    tolerance:
      exact.length > 0
        ? `±${round(2 * r)}`
        : `${(100 * ANNUAL_RATE.low).toFixed(0)}–${(100 * ANNUAL_RATE.high).toFixed(0)} % a year`,
    checked: exact.length > 0 ? exact.length : withOpenings.length,
    failed: evidence.fits(unit)
      ? 0
      : exact.length > 0
        ? exact.length - exactFits(unit)
        : withOpenings.length,
    result: evidence.fits(unit) ? 'holds' : 'fails',
  });
  if (!evidence.fits(unit)) {
    const fitsOther = evidence.fits(other);
    throw new CliError(
      messages.unitFailsIdentity(
        ctx.file,
        `openings "${unit}"${claim ? ` (${claim[1]})` : ''}`,
        evidence.identity,
        evidence.detail,
        evidence.rows,
        fitsOther ? (other === 'total' ? 'total (whole-period openings)' : 'annual') : undefined,
      ),
      ExitCode.input,
      { file: ctx.file, column: header },
    );
  }
  return {
    unit: 'openings',
    value: unit,
    how: claim
      ? `${claim[1]}; ${evidence.identity} holds`
      : `inferred: ${evidence.identity} (${evidence.detail})`,
  };
}

function exampleRow(x: ProjectionRecord | undefined): string {
  if (!x) return '';
  return `row ${x.source_row} (${x.soc_code}: exits ${x.exits}, transfers ${x.transfers}, change ${x.change}, openings ${x.openings})`;
}

/** SOC 2018 or 2010: codes only one of them has decide; otherwise the base year. */
function inferVintage(tables: ProjectionTable[]): [2010 | 2018, string] {
  const codes = new Set(tables.flatMap((t) => t.records.map((r) => r.soc_code)));
  const only2018 = [
    '15-1252',
    '15-1256',
    '15-1211',
    '15-1212',
    '15-1232',
    '15-1244',
    '13-1082',
    '29-1229',
    '11-2032',
  ];
  const only2010 = [
    '15-1132',
    '15-1133',
    '15-1134',
    '15-1121',
    '15-1151',
    '15-1142',
    '29-1069',
    '11-2031',
    '13-1199',
  ];
  const a = only2018.find((c) => codes.has(c));
  if (a) return [2018, `code ${a} exists only in SOC 2018`];
  const b = only2010.find((c) => codes.has(c));
  if (b) return [2010, `code ${b} exists only in SOC 2010`];
  const year = Math.min(...tables.map((t) => t.base_year));
  return year >= 2018
    ? [2018, `base year ${year} (2018 or later)`]
    : [2010, `base year ${year} (before 2018)`];
}
