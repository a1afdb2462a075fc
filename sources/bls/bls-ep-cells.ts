/**
 * Cell conventions shared by the BLS Employment Projections tables: the "Occupation type" column
 * and wages printed as a floor when they are above the OEWS top code.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { parseNumberText, type ResolvedColumn, type RowReader } from '../tabular/columns.ts';

const OCCUPATION_TYPES = ['Line item', 'Summary'] as const;

/** True for a "Line item" (detailed) row, false for a "Summary" row; anything else is an error. */
export function isLineItem(r: RowReader, column: ResolvedColumn | undefined): boolean {
  const text = r.requiredText(column);
  const hit = OCCUPATION_TYPES.find((t) => t.toLowerCase() === text.toLowerCase());
  if (hit === undefined) {
    throw new CliError(
      messages.unexpectedValue(r.place(column, text), OCCUPATION_TYPES),
      ExitCode.input,
    );
  }
  return hit === 'Line item';
}

export interface Wage {
  value: number | null;
  topcoded: boolean;
}

const TOP_CODE = /^>=\s*(.+)$/;

/**
 * A median annual wage: a number, a "no value" token, or a top-coded floor such as ">=$208,000"
 * (2016-26, 2019-29) or ">=239,200" (2024-34), kept as the floor and flagged.
 */
export function blsWage(
  r: RowReader,
  column: ResolvedColumn | undefined,
  nullTokens: readonly string[],
): Wage {
  const cell = r.cell(column);
  if (typeof cell === 'string') {
    const m = TOP_CODE.exec(cell.trim());
    if (m) {
      const floor = parseNumberText(m[1] ?? '');
      if (floor === undefined) {
        throw new CliError(messages.notANumber(r.place(column, cell)), ExitCode.input);
      }
      return { value: floor, topcoded: true };
    }
  }
  return { value: r.number(column, nullTokens), topcoded: false };
}
