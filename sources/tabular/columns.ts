/**
 * Gives a RawTable's columns meaning: a layout names each column it needs by a pattern over the
 * normalized header, and typed accessors read cells with the file, row, column and value in every
 * error.
 */
import { CliError, ExitCode, type SourcePlace } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { looksLikeFormula, MAX_FIELD_CHARS } from './input-guards.ts';
import { type Cell, normalizeHeader, type RawRow, type RawTable } from './table.ts';

/** A column of names shown to people (an occupation's title), not of codes or categories. */
const TITLE_HEADER = /title/i;

export interface ColumnSpec {
  /** The header as the publisher writes it, for messages. */
  label: string;
  /** Pattern over normalizeHeader(header). Capture groups are returned (years in headers). */
  match: RegExp;
  required: boolean;
  /** The column holds percents: a trailing "%" is accepted there, and only there. */
  percent?: boolean;
}

export interface ResolvedColumn {
  index: number;
  header: string;
  captures: string[];
  /** From the spec: the column holds percents. */
  percent?: boolean;
}

export type Columns<K extends string> = { [P in K]: ResolvedColumn | undefined };

/** Finds each spec's column; a required column that is absent stops the read, naming it. */
export function resolveColumns<K extends string>(
  table: RawTable,
  specs: Record<K, ColumnSpec>,
): Columns<K> {
  const normalized = table.headers.map(normalizeHeader);
  const out = {} as Columns<K>;
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const index = normalized.findIndex((h) => spec.match.test(h));
    if (index < 0) {
      if (spec.required) {
        throw new CliError(
          messages.columnMissing(
            tableName(table),
            spec.label,
            table.headers.filter((h) => h !== ''),
          ),
          ExitCode.input,
          { file: table.file, row: table.headerRow, column: spec.label },
        );
      }
      out[key] = undefined;
      continue;
    }
    const m = spec.match.exec(normalized[index] ?? '');
    out[key] = {
      index,
      header: table.headers[index] ?? '',
      captures: m ? m.slice(1).filter((c): c is string => c !== undefined) : [],
      ...(spec.percent ? { percent: true } : {}),
    };
  }
  return out;
}

/**
 * The second column whose normalized header matches, for layouts that name two columns alike
 * ("Employment_2016", "Employment_2026"): resolveColumns gives the first.
 */
export function secondMatch(table: RawTable, match: RegExp): ResolvedColumn | undefined {
  const hits = table.headers
    .map((header, index) => ({ header, index, m: match.exec(normalizeHeader(header)) }))
    .filter((h) => h.m !== null);
  const hit = hits[1];
  if (!hit?.m) return undefined;
  return {
    index: hit.index,
    header: hit.header,
    captures: hit.m.slice(1).filter((c): c is string => c !== undefined),
  };
}

export function tableName(table: RawTable): string {
  return table.sheet === undefined ? table.file : `${table.file} (sheet "${table.sheet}")`;
}

/** Reads typed values from one row, naming the place on any error. */
export class RowReader {
  constructor(
    private readonly table: RawTable,
    private readonly raw: RawRow,
  ) {}

  get row(): number {
    return this.raw.row;
  }

  place(column: ResolvedColumn | undefined, value?: unknown): SourcePlace {
    const p: SourcePlace = { file: this.table.file, row: this.raw.row };
    if (this.table.sheet !== undefined) p.sheet = this.table.sheet;
    if (column) p.column = column.header.replace(/\s+/g, ' ');
    if (value !== undefined) p.value = value;
    return p;
  }

  /** The raw cell; a text longer than MAX_FIELD_CHARS is an error naming the place. */
  cell(column: ResolvedColumn | undefined): Cell {
    if (!column) return null;
    const c = this.raw.cells[column.index] ?? null;
    if (typeof c === 'string' && c.length > MAX_FIELD_CHARS) {
      const p = this.place(column);
      throw new CliError(messages.fieldTooLong(p, c.length, MAX_FIELD_CHARS), ExitCode.input, p);
    }
    return c;
  }

  /** Trimmed text, or null for an empty cell or one of the given "no value" tokens. */
  text(column: ResolvedColumn | undefined, nullTokens: readonly string[] = []): string | null {
    const c = this.cell(column);
    if (c === null) return null;
    const s = String(c).replace(/\s+/g, ' ').trim();
    if (s === '' || nullTokens.includes(s)) return null;
    // A title is only ever shown: one that starts like a formula ("-Other", "=SUM…") is kept
    // and written inert, reported by the formula_title check; a code or a category that does is
    // a sign of tampering and stops the read (see looksLikeFormula).
    if (looksLikeFormula(String(c)) && !TITLE_HEADER.test(column?.header ?? '')) {
      const p = this.place(column, c);
      throw new CliError(messages.formulaText(p), ExitCode.input, p);
    }
    return s;
  }

  requiredText(column: ResolvedColumn | undefined): string {
    const s = this.text(column);
    if (s === null) {
      const p = this.place(column);
      throw new CliError(messages.requiredValueMissing(p), ExitCode.input, p);
    }
    return s;
  }

  /**
   * A number, accepting the publishers' text forms ("3,391.00", "$93,600", "−12", and "12%" in a
   * percent column), or null for an empty cell or a "no value" token. Anything else is an error
   * naming the place: see parseNumberText for what is refused.
   */
  number(column: ResolvedColumn | undefined, nullTokens: readonly string[] = []): number | null {
    const c = this.cell(column);
    if (c === null) return null;
    if (typeof c === 'number') {
      if (!Number.isFinite(c)) {
        const p = this.place(column, c);
        throw new CliError(messages.notANumber(p), ExitCode.input, p);
      }
      return c;
    }
    const s = c.trim();
    if (s === '' || nullTokens.includes(s)) return null;
    const n = parseNumberText(s, { percent: column?.percent === true });
    if (n === undefined) {
      const p = this.place(column, c);
      const percentHere = parseNumberText(s, { percent: true }) !== undefined;
      throw new CliError(
        percentHere ? messages.percentNotHere(p) : messages.notANumber(p),
        ExitCode.input,
        p,
      );
    }
    return n;
  }

  requiredNumber(column: ResolvedColumn | undefined, nullTokens: readonly string[] = []): number {
    const n = this.number(column, nullTokens);
    if (n === null) {
      const p = this.place(column);
      throw new CliError(messages.requiredValueMissing(p), ExitCode.input, p);
    }
    return n;
  }
}

/**
 * A publisher's number: an optional sign (a typeset minus U+2212 counts as one), an optional
 * dollar sign, digits with commas only in thousands positions ("1,234,567", not "0,176" or
 * "1,23,456"), an optional decimal part, and a trailing "%" only where the column holds percents.
 */
const NUMBER_TEXT = /^([-+\u2212])?\$?(\d+|[1-9]\d{0,2}(?:,\d{3})+)?(\.\d+)?(%)?$/;

/**
 * Parses "1,234.5", "$93,600", "-12", "−12", and "12%" when `percent` is set (the value is then
 * 12, in percent, as the column's unit says). Undefined for anything else: trailing text
 * ("302500abc"), a decimal comma ("0,176"), misplaced commas, several points, doubled signs,
 * exponents ("1e999"), Infinity, NaN, hex ("0x10"), and "%" outside a percent column.
 */
export function parseNumberText(
  text: string,
  options: { percent?: boolean } = {},
): number | undefined {
  const m = NUMBER_TEXT.exec(text.trim());
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  if (m[4] !== undefined && !options.percent) return undefined;
  const magnitude = Number(`${(m[2] ?? '0').replace(/,/g, '')}${m[3] ?? ''}`);
  if (!Number.isFinite(magnitude)) return undefined;
  return m[1] === '-' || m[1] === '\u2212' ? -magnitude : magnitude;
}

/** Rows of a table with a reader each, in file order. */
export function* readRows(table: RawTable): Generator<RowReader> {
  for (const raw of table.rows) yield new RowReader(table, raw);
}
