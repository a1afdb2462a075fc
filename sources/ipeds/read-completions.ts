/**
 * NCES IPEDS Completions "A" files (`C{year}_A`: awards by institution × CIP × first or second
 * major × award level), read by column name so NCES's full file (about 60 more race/sex columns,
 * second majors) and the subset in PROVENANCE §9 both read. First majors only by default: a
 * second major is the same graduate counted again.
 *
 * Only 6-digit CIP rows become awards. The summary rows NCES adds for each institution, major and
 * award level (`99` = all programs; 2-digit `NN` and 4-digit `NN.NN` where the file has them) are
 * checks: each must equal the sum of its 6-digit rows, or the file is not what it says it is.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import type { RawTable } from '../tabular/table.ts';
import { awardLevelOf } from './award-levels.ts';

export interface CompletionRecord {
  source_row: number;
  unitid: string;
  cip_code: string;
  awlevel: number;
  award_level: string;
  completions: number;
}

const COLUMNS: Record<'unitid' | 'cip' | 'major' | 'level' | 'total', ColumnSpec> = {
  unitid: { label: 'UNITID', match: /^unitid$/, required: true },
  cip: { label: 'CIPCODE', match: /^cipcode$/, required: true },
  major: { label: 'MAJORNUM', match: /^majornum$/, required: true },
  level: { label: 'AWLEVEL', match: /^awlevel$/, required: true },
  total: { label: 'CTOTALT', match: /^ctotalt$/, required: true },
};

/** A summary row's check: its place and value, and the 6-digit sum it must equal. */
interface SummaryCheck {
  row: number;
  cip: string;
  value: number;
  sum: number;
}

/**
 * CIPCODE as NCES writes it: "51.3801", or a number that lost its leading zero ("1.0101"), or the
 * `="…"` wrapper of some exports. Returns the code and its kind, or undefined.
 */
export function parseCompletionsCip(
  text: string,
): { code: string; kind: '6' | '4' | '2' | 'total' } | undefined {
  const t = text.replace(/^="?|"$/g, '').trim();
  if (t === '99') return { code: '99', kind: 'total' };
  let m = /^(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return { code: `${(m[1] as string).padStart(2, '0')}.${m[2]}`, kind: '6' };
  m = /^(\d{1,2})\.(\d{2})$/.exec(t);
  if (m) return { code: `${(m[1] as string).padStart(2, '0')}.${m[2]}`, kind: '4' };
  m = /^(\d{1,2})$/.exec(t);
  if (m) return { code: (m[1] as string).padStart(2, '0'), kind: '2' };
  return undefined;
}

/** Which rows a read keeps. */
export interface CompletionsFilter {
  /** MAJORNUM values kept (default first majors: [1]). */
  majors?: readonly number[];
  /**
   * Institutions kept (default all): a state's run need not type the nation's 280,000 rows. A
   * kept institution's summary rows are still checked against its 6-digit rows.
   */
  institution?: (unitid: string) => boolean;
}

/** Reads a Completions CSV, or NCES's zip of it (C2023_A.zip), first majors by default. */
export function readCompletions(
  path: string,
  file: string,
  filter: CompletionsFilter = {},
): CompletionRecord[] {
  const table = readCsvTable(path, file, { contains: 'cipcode' }, COMPLETIONS_IN_ZIP);
  return completionsFromTable(table, filter);
}

/** NCES's zip holds the file and, after a revision, a `_rv` copy: the published one is read. */
const COMPLETIONS_IN_ZIP = { entry: /^c\d{4}_a\.csv$/i, wanted: 'Completions "c<year>_a.csv"' };

/** The table path of readCompletions, for a table already read. */
export function completionsFromTable(
  table: RawTable,
  filter: CompletionsFilter = {},
): CompletionRecord[] {
  const majors = filter.majors ?? [1];
  const institution = filter.institution ?? (() => true);
  const cols = resolveColumns(table, COLUMNS);
  const out: CompletionRecord[] = [];
  // Per institution × major × award level: the 6-digit sums by summary code, and the summaries.
  const sums = new Map<string, number>();
  const checks: SummaryCheck[] = [];
  const summaries: { key: string; row: number; cip: string; value: number }[] = [];
  for (const r of readRows(table)) {
    const unitid = r.requiredText(cols.unitid);
    if (!institution(unitid)) continue;
    const major = r.requiredNumber(cols.major);
    if (!majors.includes(major)) continue;
    const cipText = r.requiredText(cols.cip);
    const cip = parseCompletionsCip(cipText);
    if (cip === undefined) {
      throw new CliError(messages.badCipCode(r.place(cols.cip, cipText)), ExitCode.input);
    }
    const awlevel = r.requiredNumber(cols.level);
    const total = r.requiredNumber(cols.total);
    if (!Number.isInteger(total) || total < 0) {
      const p = r.place(cols.total, total);
      throw new CliError(messages.supplyBadCount(p), ExitCode.input, p);
    }
    const group = `${unitid}\u0000${major}\u0000${awlevel}`;
    if (cip.kind !== '6') {
      summaries.push({ key: `${group}\u0000${cip.code}`, row: r.row, cip: cip.code, value: total });
      continue;
    }
    const level = awardLevelOf(awlevel);
    if (level === undefined) {
      const p = r.place(cols.level, awlevel);
      throw new CliError(messages.supplyBadAwardLevel(p), ExitCode.input, p);
    }
    for (const code of ['99', cip.code.slice(0, 2), cip.code.slice(0, 5)]) {
      const key = `${group}\u0000${code}`;
      sums.set(key, (sums.get(key) ?? 0) + total);
    }
    out.push({
      source_row: r.row,
      unitid,
      cip_code: cip.code,
      awlevel,
      award_level: level,
      completions: total,
    });
  }
  for (const s of summaries) checks.push({ ...s, sum: sums.get(s.key) ?? 0 });
  const bad = checks.find((c) => c.value !== c.sum);
  if (bad) {
    const p = {
      file: table.file,
      row: bad.row,
      column: cols.total?.header ?? 'CTOTALT',
      value: bad.value,
    };
    throw new CliError(messages.supplySummaryMismatch(p, bad.cip, bad.sum), ExitCode.input, p);
  }
  return out;
}
