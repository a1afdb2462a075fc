/**
 * A prior approved list, as a state published it: a CSV (`cluster`, `approved` as true/false,
 * yes/no or 1/0, optional `framework` and `area`; lines starting with # are comments, for the
 * citation) or JSON `{"approved": [...], "not_approved": [...]}`. Names are matched to a
 * framework's clusters leniently (case, "and"/"&", spacing, punctuation), since states rarely
 * spell them as the framework does.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { messages } from '../kernel/messages.ts';
import { closest } from './config.ts';

export interface PriorEntry {
  cluster: string;
  approved: boolean;
  framework?: string;
  area?: string;
  /** Where it was read: the file's row (CSV, 1 = header) or list (JSON). */
  row: number | string;
}

const YES = new Set(['true', 'yes', 'y', '1']);
const NO = new Set(['false', 'no', 'n', '0']);

/** Reads a prior list file; a missing file is a usage error, a malformed one bad input. */
export function readPrior(file: string): PriorEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new CliError(messages.priorNotFound(file), ExitCode.usage);
  }
  const entries = text.trimStart().startsWith('{') ? fromJson(file, text) : fromCsv(file, text);
  if (entries.length === 0) throw new CliError(messages.priorEmpty(file), ExitCode.input);
  return entries;
}

function fromJson(file: string, text: string): PriorEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(messages.priorNotJson(file, (error as Error).message), ExitCode.input);
  }
  const o = json as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || Array.isArray(o) || !Array.isArray(o.approved)) {
    throw new CliError(messages.priorJsonShape(file), ExitCode.input);
  }
  const list = (key: 'approved' | 'not_approved', approved: boolean): PriorEntry[] => {
    const values = o[key] ?? [];
    if (!Array.isArray(values)) throw new CliError(messages.priorJsonShape(file), ExitCode.input);
    return values.map((v, i) => {
      if (typeof v !== 'string' || v.trim() === '') {
        throw new CliError(messages.priorBadName(file, `${key}[${i}]`, v), ExitCode.input, {
          file,
          column: key,
          value: v,
        });
      }
      return { cluster: v, approved, row: `${key}[${i}]` };
    });
  };
  for (const key of Object.keys(o)) {
    if (!['approved', 'not_approved'].includes(key)) {
      throw new CliError(messages.priorJsonShape(file), ExitCode.input);
    }
  }
  return [...list('approved', true), ...list('not_approved', false)];
}

function fromCsv(file: string, text: string): PriorEntry[] {
  // Comment lines blanked rather than dropped, so a record's index is its line in the file.
  const blanked = text
    .split(/\r?\n/)
    .map((l) => (l.startsWith('#') ? '' : l))
    .join('\n');
  const records = Papa.parse<string[]>(blanked, { skipEmptyLines: false })
    .data.map((cells, i) => ({ cells, row: i + 1 }))
    .filter(({ cells }) => !(cells.length <= 1 && (cells[0] ?? '').trim() === ''));
  const [head, ...rows] = records;
  const header = head?.cells ?? [];
  const columns = header.map((h) => h.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  for (const required of ['cluster', 'approved']) {
    if (at(required) < 0) {
      throw new CliError(messages.priorMissingColumn(file, required, header), ExitCode.input);
    }
  }
  return rows.map(({ cells, row }) => {
    const cell = (name: string) => (at(name) < 0 ? undefined : (cells[at(name)] ?? '').trim());
    const cluster = cell('cluster') ?? '';
    if (cluster === '') {
      throw new CliError(messages.priorBadName(file, `row ${row}`, cluster), ExitCode.input, {
        file,
        row,
        column: 'cluster',
        value: cluster,
      });
    }
    const raw = cell('approved') ?? '';
    const value = raw.toLowerCase();
    if (!YES.has(value) && !NO.has(value)) {
      const p = { file, row, column: 'approved', value: raw };
      throw new CliError(messages.priorBadDecision(p), ExitCode.input, p);
    }
    const entry: PriorEntry = { cluster, approved: YES.has(value), row };
    const framework = cell('framework');
    const area = cell('area');
    if (framework) entry.framework = framework;
    if (area) entry.area = area;
    return entry;
  });
}

/** The key names are compared on: lower case, "&" read as "and", letters and digits only. */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Each entry's cluster among `names` (the framework's), by key; an unknown name stops with the
 * names it could be.
 */
export function matchNames(file: string, entries: readonly PriorEntry[], names: readonly string[]) {
  const byKey = new Map(names.map((n) => [nameKey(n), n]));
  return entries.map((e) => {
    const name = byKey.get(nameKey(e.cluster));
    if (name === undefined) {
      const near = closest(nameKey(e.cluster), [...byKey.keys()]);
      const suggestions = names
        .filter((n) => nameKey(n) === near || nameKey(n).includes(nameKey(e.cluster).slice(0, 6)))
        .slice(0, 3);
      throw new CliError(
        messages.priorUnknownCluster(file, e.row, e.cluster, suggestions, names),
        ExitCode.usage,
      );
    }
    return name;
  });
}
