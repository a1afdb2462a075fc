/**
 * One reader for every header-described projections table (layouts.ts): it maps columns to
 * fields by the layout's words or the config's "columns", splits the rows into one table per
 * area × period, keeps suppressed cells as no value, and decides the units from the layout, the
 * config or the table itself, each checked against the table's identities (unit-identities.ts).
 */
import { basename } from 'node:path';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import type { TextEncoding } from '../../kernel/config-types.ts';
import { type DeclaredUnits, FIELDS, type Field } from '../../kernel/config-types.ts';
import { messages } from '../../kernel/messages.ts';
import type { Area, ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { parsePeriod } from '../projection-years.ts';
import { parseSocCode, socLevelOf } from '../soc/soc-code.ts';
import { fipsOfState, POSTAL, STATE_NAME } from '../state-fips.ts';
import {
  parseNumberText,
  type ResolvedColumn,
  type RowReader,
  readRows,
} from '../tabular/columns.ts';
import { normalizeHeader, type RawTable } from '../tabular/table.ts';
import { compactHeader, employmentYear, headerIs } from './fields.ts';
import { detectMappedLayout, type MappedLayout, mappedLayout } from './layouts.ts';
import { loadHeaderTable } from './load-table.ts';
import { decideUnits, type IdentityResult, type UnitDecision } from './unit-identities.ts';

export interface MappedOptions {
  /** A layout of layouts.ts; detected from the headers when absent. */
  layout?: string;
  /** Field → header, for columns the layout's words miss or find twice. */
  columns?: Partial<Record<Field, string>>;
  units?: DeclaredUnits;
  /** How a CSV or JSON file's bytes are decoded (UTF-8 unless the config says otherwise). */
  encoding?: TextEncoding;
}

/** What the reader understood, for `validate` and the manifest. */
export interface MappedRead {
  layout: string;
  tables: ProjectionTable[];
  mapping: { field: Field; header: string }[];
  unused: string[];
  units: UnitDecision[];
  identities: IdentityResult[];
  /** Rows by level: total, major, minor, broad, detailed. */
  levels: Record<string, number>;
  /** Rows kept out: the United States rows of a multi-state file, rows with no employment. */
  dropped: { usRows: number; suppressedRows: number; blankRows: number };
  /** One sentence per column with suppressed cells, counting them. */
  warnings: string[];
}

/** Cells publishers write for a confidential or missing estimate, compared in lower case. */
const SUPPRESSED = new Set([
  '',
  '*',
  '**',
  '***',
  '#',
  '(c)',
  'c',
  '-',
  '--',
  '—',
  '–',
  'n/a',
  'na',
  '(na)',
  '(d)',
  'd',
  '(x)',
  's',
  '(s)',
  'confidential',
  'suppressed',
]);

/**
 * A numeric cell the publisher left without a figure: the tokens above, any short mark with no
 * digit in it ("‡", "n.a."), or a bound ("<10") standing for a confidential small count.
 */
function isSuppressed(cell: string): boolean {
  const t = cell.trim().toLowerCase();
  if (SUPPRESSED.has(t)) return true;
  if (t.length <= 12 && !/\d/.test(t)) return true;
  return /^[<>]=?\s*\d+$/.test(t) && !t.startsWith('>=');
}

/** "291141" (ALMIS stores codes without the dash) → "29-1141"; "' 29-1141" → "29-1141". */
function socText(text: string): string {
  const t = text.replace(/^['\s]+/, '').trim();
  return /^\d{6}$/.test(t) ? `${t.slice(0, 2)}-${t.slice(2)}` : t;
}

const US_NAMES = new Set(['united states', 'u.s.', 'us', 'usa', 'national', 'nation']);

/** Reads a projections file in a mapped layout. */
export async function readMappedProjections(
  path: string,
  file: string,
  opts: MappedOptions = {},
): Promise<MappedRead> {
  const read = mappedFromTable(await loadHeaderTable(path, file, opts.encoding), opts);
  if (opts.encoding === 'windows-1252') {
    for (const t of read.tables) t.notes.push(messages.readAsWindows1252);
  }
  return read;
}

/** The table path of readMappedProjections (tests run it on parsed text). */
export function mappedFromTable(table: RawTable, opts: MappedOptions = {}): MappedRead {
  const compact = table.headers.map(compactHeader);
  const layout = layoutFor(opts.layout, compact);
  const { cols, headerYears } = mapColumns(table, layout, opts.columns ?? {});
  const has = (f: Field) => cols.has(f);
  const missing = (['soc_code', 'base', 'projected'] as const).filter((f) => !has(f));
  const hasYears =
    (has('base_year') && has('proj_year')) || has('period') || headerYears !== undefined;
  if (missing.length > 0 || !hasYears) {
    throw new CliError(
      messages.mappedFieldsMissing(
        table.file,
        [...missing, ...(hasYears ? [] : ['base_year and proj_year (or period)'])],
        table.headers.filter((h) => h !== ''),
      ),
      ExitCode.usage,
    );
  }
  const col = (f: Field): ResolvedColumn | undefined => cols.get(f);
  const suppressed = new Map<Field, number>();
  const dropped = { usRows: 0, suppressedRows: 0, blankRows: 0 };
  const num = (r: RowReader, f: Field): number | null => {
    const c = col(f);
    if (!c) return null;
    const cell = r.cell(c);
    if (cell === null || (typeof cell === 'string' && isSuppressed(cell))) {
      suppressed.set(f, (suppressed.get(f) ?? 0) + 1);
      return null;
    }
    // Percent change is the one field whose cells may carry "%" (web exports, NY's "13.1%").
    return r.number(f === 'pct_change' ? { ...c, percent: true } : c);
  };
  // BLS shows the highest wages only as a floor (">=$239,200"): the floor is kept, marked.
  let topcoded = false;
  const wage = (r: RowReader, f: Field): number | null => {
    const c = col(f);
    const cell = c ? r.cell(c) : null;
    if (typeof cell === 'string' && /^\s*(>=|≥)/.test(cell)) {
      topcoded = true;
      const n = parseNumberText(cell.replace(/^\s*(>=|≥)\s*/, ''));
      if (n === undefined) {
        const p = r.place(c, cell);
        throw new CliError(messages.notANumber(p), ExitCode.input, p);
      }
      return n;
    }
    return num(r, f);
  };
  const text = (r: RowReader, f: Field): string | null => {
    const t = r.text(col(f));
    return t === null || SUPPRESSED.has(t.toLowerCase()) ? null : t;
  };
  const numericLevels = levelNumbers(table, col('level'));
  const fileArea = areaOfFile(table);
  const tables = new Map<string, ProjectionTable>();
  const levels: Record<string, number> = {};
  for (const r of readRows(table)) {
    const codeText = r.text(col('soc_code'));
    if (codeText === null) {
      // Footnotes and source lines under the table carry no code and no figures.
      dropped.blankRows++;
      continue;
    }
    const code = parseSocCode(socText(codeText));
    if (code === undefined && r.text(col('base')) === null && r.text(col('projected')) === null) {
      dropped.blankRows++;
      continue;
    }
    if (code === undefined) {
      throw new CliError(
        messages.badSocCode(r.place(col('soc_code'), codeText)),
        ExitCode.input,
        r.place(col('soc_code'), codeText),
      );
    }
    const area = areaOf(r, col, fileArea);
    if (area === 'us') {
      dropped.usRows++;
      continue;
    }
    const years = yearsOf(r, col, headerYears);
    const socLevel = socLevelOf(code);
    const summaryByLevel = isSummaryLevel(text(r, 'level'), numericLevels);
    const isDetail = socLevel === 'detailed' && !summaryByLevel;
    const level = isDetail ? 'detailed' : socLevel === 'detailed' ? 'summary' : socLevel;
    const base = num(r, 'base');
    const projected = num(r, 'projected');
    if (base === null || projected === null) {
      // Kept out of every total, never read as zero; counted in the report.
      dropped.suppressedRows++;
      continue;
    }
    levels[level] = (levels[level] ?? 0) + 1;
    const key = `${area.code}\u0000${years.base_year}\u0000${years.proj_year}`;
    let t = tables.get(key);
    if (!t) {
      t = {
        area,
        ...years,
        // Placeholder units: decideUnits sets them for every table at once.
        units: {
          employment_multiplier: 1,
          openings_period_years: 1,
          pct_change_unit: 'percent',
          openings_method: 'separations',
          soc_vintage: 2018,
        },
        records: [],
        notes: [...layout.notes],
      };
      tables.set(key, t);
    }
    topcoded = false;
    const hourly = wage(r, 'median_hourly_wage');
    const annualWage = wage(r, 'median_annual_wage');
    const annual = num(r, 'annual_openings');
    const total = has('annual_openings') ? null : num(r, 'total_openings');
    const record: ProjectionRecord = {
      source_row: r.row,
      soc_code: code,
      soc_title: text(r, 'title') ?? code,
      is_detail: isDetail,
      is_total: socLevel === 'total',
      base_employment: base,
      projected_employment: projected,
      change: num(r, 'change'),
      pct_change: num(r, 'pct_change'),
      exits: num(r, 'exits'),
      transfers: num(r, 'transfers'),
      openings: annual ?? total,
      median_hourly_wage: hourly,
      median_annual_wage: annualWage,
      median_wage_topcoded: topcoded,
      education: text(r, 'education'),
      work_experience: text(r, 'work_experience'),
      ojt: text(r, 'ojt'),
      ...(has('growth_openings') ? { growth_openings: num(r, 'growth_openings') } : {}),
      ...(has('replacement_openings')
        ? { replacement_openings: num(r, 'replacement_openings') }
        : {}),
    };
    t.records.push(record);
  }
  if (tables.size === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  const list = [...tables.values()];
  for (const t of list) promoteLineItems(t, levels);
  const openingsHeader = col('annual_openings') ?? col('total_openings');
  const decided = decideUnits(list, {
    file: table.file,
    declared: opts.units ?? {},
    layout: layout.units,
    layoutName: layout.name,
    openingsHeader: openingsHeader?.header ?? null,
    openingsField: has('annual_openings')
      ? 'annual_openings'
      : has('total_openings')
        ? 'total_openings'
        : null,
    employmentHeaders: [col('base')?.header ?? '', col('projected')?.header ?? ''],
    growthReplacement: has('replacement_openings') && !has('exits'),
  });
  const warnings = [...suppressed.entries()].map(([f, n]) =>
    messages.suppressedCells(table.file, col(f)?.header ?? f, n),
  );
  if (dropped.suppressedRows > 0) {
    warnings.push(messages.suppressedRows(table.file, dropped.suppressedRows));
  }
  for (const t of list) {
    if (dropped.usRows > 0) t.notes.push(messages.usRowsDropped(dropped.usRows));
    t.notes.push(...decided.units.map((u) => `${u.unit}: ${u.value} (${u.how}).`));
  }
  const used = new Set([...cols.values()].map((c) => c.index));
  return {
    layout: layout.name,
    tables: list,
    mapping: FIELDS.flatMap((f) => {
      const c = cols.get(f);
      return c ? [{ field: f, header: c.header }] : [];
    }),
    unused: table.headers.filter((h, i) => h !== '' && !used.has(i)),
    units: decided.units,
    identities: decided.identities,
    levels,
    dropped,
    warnings,
  };
}

/**
 * The one area of a file without area columns: the state its title rows name ("Colorado
 * Occupational Employment Projections"), or else the file itself.
 */
function areaOfFile(table: RawTable): Area {
  for (const line of table.preamble) {
    const area = stateNamedIn(line);
    if (area) return area;
  }
  const stem = basename(table.file).replace(/\.[^.]+$/, '');
  // "kansas_occupational_projections_2022-2032.csv" names its state too, and so does
  // "FL_LTProjections_2024-2032.xlsx" or "fl.csv" by its postal code.
  return (
    stateNamedIn(stem.replace(/[_\-.]+/g, ' ')) ??
    statePostalIn(stem) ?? {
      code: 'AREA',
      name: stem,
      type: 'state',
      fips: '',
    }
  );
}

/**
 * A state named by its postal code in a file name: the whole name ("fl"), or a separate
 * upper-case token ("FL_LTProjections"). Lower-case tokens are words ("in", "or", "me").
 */
function statePostalIn(stem: string): Area | undefined {
  const tokens = stem.split(/[^A-Za-z]+/).filter((t) => t !== '');
  const postal =
    tokens.length === 1 && tokens[0]?.length === 2
      ? tokens[0].toUpperCase()
      : tokens.find((t) => /^[A-Z]{2}$/.test(t));
  const fips = postal === undefined ? undefined : fipsOfState(postal);
  if (fips === undefined) return undefined;
  return { code: POSTAL[fips] ?? fips, name: STATE_NAME[fips] ?? fips, type: 'state', fips };
}

function layoutFor(name: string | undefined, compact: readonly string[]): MappedLayout {
  if (name === undefined) return detectMappedLayout(compact);
  const layout = mappedLayout(name);
  if (!layout) throw new Error(`No mapped layout ${name}`);
  return layout;
}

/**
 * Field → column: the config's "columns" first, then the layout's words; a field whose words
 * name two columns stops the read (exit 2), asking for "columns".
 */
function mapColumns(
  table: RawTable,
  layout: MappedLayout,
  columns: Partial<Record<Field, string>>,
): { cols: Map<Field, ResolvedColumn>; headerYears: { base: number; proj: number } | undefined } {
  const compact = table.headers.map(compactHeader);
  const cols = new Map<Field, ResolvedColumn>();
  const taken = new Set<number>();
  const take = (f: Field, index: number) => {
    cols.set(f, { index, header: table.headers[index] ?? '', captures: [] });
    taken.add(index);
  };
  // Two columns a field's words or pattern both fit are a question for the user, never a guess.
  const takeOnly = (f: Field, hits: readonly number[]) => {
    if (hits.length > 1) {
      throw new CliError(
        messages.mappedColumnsCompete(
          table.file,
          f,
          hits.map((i) => table.headers[i] ?? ''),
        ),
        ExitCode.usage,
      );
    }
    if (hits[0] !== undefined) take(f, hits[0]);
  };
  for (const [f, header] of Object.entries(columns) as [Field, string][]) {
    const index = compact.indexOf(compactHeader(header));
    if (index < 0) {
      throw new CliError(
        messages.mappedColumnNotFound(
          table.file,
          f,
          header,
          table.headers.filter((h) => h !== ''),
        ),
        ExitCode.usage,
      );
    }
    take(f, index);
  }
  for (const f of FIELDS) {
    if (cols.has(f)) continue;
    const words = layout.words[f] ?? [];
    let hits = compact
      .map((c, i) => (headerIs(c, words) && !taken.has(i) ? i : -1))
      .filter((i) => i >= 0);
    if (hits.length > 1 && !layout.patterns) {
      // A publisher's layout lists its names in order of preference ("aopent" before
      // "annualopenings"): the first present wins, as the layout says.
      const rank = (i: number) => words.findIndex((w) => headerIs(compact[i] ?? '', [w]));
      hits = [hits.reduce((a, b) => (rank(b) < rank(a) ? b : a))];
    }
    takeOnly(f, hits);
  }
  // Words first for every field, then the looser patterns for the fields still without a column.
  for (const f of FIELDS) {
    const test = layout.patterns?.[f];
    if (cols.has(f) || !test) continue;
    const hits = table.headers
      .map((h, i) => (!taken.has(i) && h !== '' && test(normalizeHeader(h)) ? i : -1))
      .filter((i) => i >= 0);
    if (f === 'base' || f === 'projected') {
      // Dated employment headers are settled by their years below.
      if (hits.some((i) => employmentYear(table.headers[i] ?? '') !== undefined)) continue;
    }
    takeOnly(f, hits);
  }
  let headerYears: { base: number; proj: number } | undefined;
  if (layout.yearColumns && (!cols.has('base') || !cols.has('projected'))) {
    // A dated header its words already took ("Employment 2033 Projected") still dates the pair.
    const own = new Set([cols.get('base')?.index, cols.get('projected')?.index]);
    const dated = table.headers
      .map((h, i) => ({ i, year: taken.has(i) && !own.has(i) ? undefined : employmentYear(h) }))
      .filter((d): d is { i: number; year: number } => d.year !== undefined);
    const years = [...new Set(dated.map((d) => d.year))].sort();
    const [b, p] = [years[0] as number, years[1] as number];
    const yearOf = (f: 'base' | 'projected') => dated.find((d) => d.i === cols.get(f)?.index)?.year;
    // A column its words took must carry the year its role says, or the pair is left to the user.
    const consistent =
      (!cols.has('base') || yearOf('base') === b) &&
      (!cols.has('projected') || yearOf('projected') === p);
    if (dated.length === 2 && years.length === 2 && consistent) {
      if (!cols.has('base')) take('base', dated.find((d) => d.year === b)?.i as number);
      if (!cols.has('projected')) take('projected', dated.find((d) => d.year === p)?.i as number);
      headerYears = { base: b, proj: p };
    } else if (dated.length > 2) {
      throw new CliError(
        messages.mappedColumnsCompete(
          table.file,
          'base',
          dated.map((d) => table.headers[d.i] ?? ''),
        ),
        ExitCode.usage,
      );
    }
  }
  // "2022 Estimated Employment" is found by its words; its year still dates the table.
  const baseCol = cols.get('base');
  const projCol = cols.get('projected');
  if (headerYears === undefined && baseCol && projCol) {
    const b = employmentYear(baseCol.header);
    const p = employmentYear(projCol.header);
    if (b !== undefined && p !== undefined && b < p) headerYears = { base: b, proj: p };
  }
  return { cols, headerYears };
}

/**
 * The row's area: a state from its FIPS code or name; a sub-state area when an area type says
 * so; undefined columns give one area named after the file. The United States is never a state.
 */
function areaOf(
  r: RowReader,
  col: (f: Field) => ResolvedColumn | undefined,
  fileArea: Area,
): Area | 'us' {
  const fipsCell = r.text(col('area_fips'));
  const name = r.text(col('area_name'));
  const areaCode = r.text(col('area_code'));
  const areaType = r.text(col('area_type'));
  if (fipsCell !== null) {
    if (!/^\d{1,2}$/.test(fipsCell)) {
      const p = r.place(col('area_fips'), fipsCell);
      throw new CliError(messages.badStateFips(p), ExitCode.input, p);
    }
    const fips = fipsCell.padStart(2, '0');
    if (fips === '00') return 'us';
    const postal = POSTAL[fips] ?? `FIPS-${fips}`;
    const stateName = STATE_NAME[fips] ?? name ?? postal;
    const substate =
      areaType !== null &&
      !/^0*1$|state/i.test(areaType) &&
      ((areaCode !== null && !/^0+$/.test(areaCode)) || (name !== null && name !== stateName));
    if (substate) {
      const local = areaCode !== null && !/^0+$/.test(areaCode) ? areaCode : (name ?? '');
      return {
        code: `${postal}-${local.replace(/[^A-Za-z0-9]+/g, '-')}`,
        name: name ?? `${stateName} area ${areaCode}`,
        type: 'substate',
        fips,
        publisher_type: areaType,
      };
    }
    return { code: postal, name: stateName, type: 'state', fips };
  }
  if (name !== null) {
    if (US_NAMES.has(name.toLowerCase())) return 'us';
    if (/statewide|state total|entire state|^state of\b/i.test(name)) {
      const named = stateNamedIn(name);
      if (named !== undefined) return named;
      if (fileArea.fips !== '') return fileArea;
    }
    const fips = fipsOfState(name);
    if (fips !== undefined) {
      return { code: POSTAL[fips] ?? name, name: STATE_NAME[fips] ?? name, type: 'state', fips };
    }
    return {
      code: areaCode ?? name.replace(/[^A-Za-z0-9]+/g, '-'),
      name,
      type: 'substate',
      fips: '',
      ...(areaType === null ? {} : { publisher_type: areaType }),
    };
  }
  return areaCode === null ? fileArea : { ...fileArea, code: areaCode };
}

function yearsOf(
  r: RowReader,
  col: (f: Field) => ResolvedColumn | undefined,
  headerYears: { base: number; proj: number } | undefined,
): { base_year: number; proj_year: number } {
  const by = col('base_year');
  const py = col('proj_year');
  if (by && py) {
    const base = r.requiredNumber(by);
    const proj = r.requiredNumber(py);
    if (!Number.isInteger(base) || !Number.isInteger(proj) || proj <= base || base < 1900) {
      const p = r.place(py, `${base}-${proj}`);
      throw new CliError(messages.badPeriod(p), ExitCode.input, p);
    }
    return { base_year: base, proj_year: proj };
  }
  const period = col('period');
  if (period) {
    const t = r.requiredText(period);
    return parsePeriod(t, r.place(period, t));
  }
  if (!headerYears) throw new Error('years checked before reading rows');
  return { base_year: headerYears.base, proj_year: headerYears.proj };
}

/**
 * A broad-group code published without any of its detailed codes (OEWS aggregates such as
 * 13-1020) is the publisher's line item: it counts as detail and maps through its members.
 */
function promoteLineItems(t: ProjectionTable, levels: Record<string, number>): void {
  const detailedGroups = new Set(
    t.records.filter((r) => r.is_detail).map((r) => r.soc_code.slice(0, 6)),
  );
  for (const r of t.records) {
    if (
      !r.is_detail &&
      socLevelOf(r.soc_code) === 'broad' &&
      !detailedGroups.has(r.soc_code.slice(0, 6))
    ) {
      r.is_detail = true;
      levels.broad = (levels.broad ?? 1) - 1;
      levels.detailed = (levels.detailed ?? 0) + 1;
    }
  }
  if (levels.broad === 0) delete levels.broad;
}

/** The state a line of text names ("Colorado Occupational Projections", "Kansas Statewide"). */
function stateNamedIn(line: string): Area | undefined {
  // Longest names first: "West Virginia" is not Virginia.
  const byLength = Object.keys(STATE_NAME).sort(
    (a, b) => (STATE_NAME[b] ?? '').length - (STATE_NAME[a] ?? '').length,
  );
  const fips = byLength.find((f) => new RegExp(`\\b${STATE_NAME[f]}\\b`, 'i').test(line));
  if (fips === undefined) return undefined;
  return { code: POSTAL[fips] ?? fips, name: STATE_NAME[fips] ?? fips, type: 'state', fips };
}

/** The numeric levels in a level column (ALMIS codelevel), to tell the finest one. */
function levelNumbers(table: RawTable, level: ResolvedColumn | undefined): number[] {
  if (!level) return [];
  const out = new Set<number>();
  for (const row of table.rows) {
    const c = row.cells[level.index];
    const n = typeof c === 'number' ? c : Number(String(c ?? '').trim());
    if (String(c ?? '').trim() !== '' && Number.isInteger(n)) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Whether a level cell marks a summary row: words such as "Total", "Major", "Summary", or a
 * number below the finest level the column uses (codelevel 1-4 above a detailed 6).
 */
function isSummaryLevel(value: string | null, numeric: readonly number[]): boolean {
  if (value === null) return false;
  if (/total|major|minor|broad|summary|group|aggregate/i.test(value)) return true;
  const n = Number(value);
  if (Number.isInteger(n) && numeric.length > 1) return n < (numeric[numeric.length - 1] as number);
  return false;
}
