/**
 * CSV text from rows, written the same way every time: a fixed column order, "\n" line ends,
 * plain numbers (no thousands separators, no exponent for ordinary magnitudes), empty for null,
 * true/false for flags, and RFC 4180 quoting only where a value needs it. Text a spreadsheet
 * would run as a formula (looksLikeFormula) is written inert, with a "'" before it, the guard
 * OWASP gives for CSV: a publisher's title "=SUM(…)" or "-Other" reads as text when opened.
 */
import { looksLikeFormula } from '../sources/tabular/input-guards.ts';

export type CsvValue = string | number | boolean | null | undefined;

export function toCsv(
  columns: readonly string[],
  rows: readonly Record<string, CsvValue>[],
): string {
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) lines.push(columns.map((c) => formatValue(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

export function formatValue(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  return quote(looksLikeFormula(value) ? `'${value}` : value);
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  // Very small or large numbers would print with an exponent; spell them out.
  return /e/i.test(s) ? n.toFixed(12).replace(/\.?0+$/, '') : s;
}

export function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
