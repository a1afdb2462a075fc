/**
 * The shape every reader produces before a publisher's layout gives the columns meaning: the
 * header row and the data rows, each row carrying its row number in the file as the analyst
 * would see it (Excel's row number; for CSV, the record number counting the header as 1).
 */
export type Cell = string | number | null;

export interface RawRow {
  row: number;
  cells: Cell[];
}

export interface RawTable {
  /** The file as named to the user (relative to the data directory when inside it). */
  file: string;
  sheet?: string;
  /** Text of the rows above the header (titles such as "California" / "Statewide"). */
  preamble: string[];
  headerRow: number;
  headers: string[];
  rows: RawRow[];
}

/** Header text reduced for matching: footnote markers like "[4][5]" and line breaks removed. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/\[\d+\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** How to find the header row: the first row whose normalized cells include this text. */
export interface HeaderProbe {
  contains: string;
  /** Matched against each normalized cell instead of `contains`, for a header carrying a year. */
  pattern?: RegExp;
  /** How many leading rows to search (title rows sit above the header in workbooks). */
  within?: number;
}

export const DEFAULT_HEADER_SEARCH_ROWS = 30;

/** Index of the header among the given rows, or -1. */
export function findHeaderIndex(rows: Cell[][], probe: HeaderProbe): number {
  const limit = Math.min(rows.length, probe.within ?? DEFAULT_HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const cells = rows[i] ?? [];
    const hit = (h: string) => (probe.pattern ? probe.pattern.test(h) : h === probe.contains);
    if (cells.some((c) => typeof c === 'string' && hit(normalizeHeader(c)))) return i;
  }
  return -1;
}

export function isBlankRow(cells: Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}
