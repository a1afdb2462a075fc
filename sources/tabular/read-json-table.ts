/**
 * A JSON file of records as a RawTable: a bare array of objects, or an API page holding the array
 * under "rows" or "items" (Projections Central's REST pages use "rows" or
 * "items"). The headers are the union of the objects' keys, the preferred ones first.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { findDuplicateKey } from './json-duplicate-keys.ts';
import type { Cell, RawTable } from './table.ts';

const ROW_KEYS = ['rows', 'items'] as const;

/** One page's text as a RawTable; each row's number is its 1-based position in the array. */
export function jsonRecordsTable(
  text: string,
  file: string,
  preferred: readonly string[] = [],
): RawTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(messages.notJson(file, (error as Error).message), ExitCode.input);
  }
  // JSON.parse keeps the last of two equal keys without a word: a repeated key is refused.
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    const p = { file, row: duplicate.element ?? duplicate.line, column: duplicate.key };
    throw new CliError(messages.jsonDuplicateKey(p, duplicate.line), ExitCode.input, p);
  }
  const rows = recordsOf(parsed);
  if (rows === undefined) throw new CliError(messages.jsonNotRows(file), ExitCode.input);
  const headers: string[] = preferred.filter((f) =>
    rows.some((o) => o !== null && typeof o === 'object' && f in (o as object)),
  );
  for (const o of rows) {
    if (o !== null && typeof o === 'object') {
      for (const k of Object.keys(o)) if (!headers.includes(k)) headers.push(k);
    }
  }
  return {
    file,
    preamble: [],
    headerRow: 0,
    headers,
    rows: rows.map((o, i) => {
      if (o === null || typeof o !== 'object' || Array.isArray(o)) {
        throw new CliError(messages.jsonRowNotObject({ file, row: i + 1 }), ExitCode.input);
      }
      const obj = o as Record<string, unknown>;
      return { row: i + 1, cells: headers.map((h) => toCell(obj[h])) };
    }),
  };
}

function recordsOf(parsed: unknown): unknown[] | undefined {
  if (Array.isArray(parsed)) return parsed;
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const page = parsed as Record<string, unknown>;
  for (const key of ROW_KEYS) {
    const rows = page[key];
    if (Array.isArray(rows)) return rows;
  }
  return undefined;
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}
