/**
 * Which projections layout a file is in, from its extension and header signature, for
 * `clusterfit validate FILE` without --layout. Each layout is recognized by headers no other
 * layout has, so a file missing one ordinary column (the corruption validate exists to report)
 * is still recognized and then reported by its reader, naming the missing column.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import type { TextEncoding } from '../kernel/config-types.ts';
import { messages } from '../kernel/messages.ts';
import { employmentYear, GENERIC_WORDS, headerIs } from './mapped/fields.ts';
import { MAPPED_LAYOUTS } from './mapped/layouts.ts';
import { readTextFile } from './tabular/input-guards.ts';
import { jsonRecordsTable } from './tabular/read-json-table.ts';
import { openWorkbook, sheetRows } from './tabular/read-xlsx-table.ts';
import { DEFAULT_HEADER_SEARCH_ROWS, normalizeHeader } from './tabular/table.ts';

/** What detection looked at: normalized header-area cells per sheet (CSV: one, unnamed). */
interface FileProbe {
  kind: 'csv' | 'xlsx' | 'json' | 'folder';
  /** Sheet name (or '' for CSV) → normalized text cells of the first rows. */
  sheets: Map<string, Set<string>>;
  /** File names, for a folder of table CSVs. */
  files: string[];
}

interface LayoutSignature {
  layout: string;
  /** How the signature is described when nothing matched. */
  describe: string;
  matches(probe: FileProbe): boolean;
}

const has = (cells: Set<string> | undefined, ...wanted: (string | RegExp)[]): boolean =>
  cells !== undefined &&
  wanted.every((w) =>
    typeof w === 'string' ? cells.has(w) : [...cells].some((cell) => w.test(cell)),
  );

/** Every projections layout with a reader, and how to recognize its files. */
export const LAYOUT_SIGNATURES: readonly LayoutSignature[] = [
  {
    layout: 'ca-edd-longterm-statewide',
    describe:
      '.xlsx with sheet "Occupational" or .csv, headers "SOC Level", "SOC Code", "Base Year Employment Estimate"',
    matches: (p) =>
      (p.kind === 'csv' || p.kind === 'xlsx') &&
      has(
        p.sheets.get(p.kind === 'csv' ? '' : 'Occupational'),
        'soc level',
        'soc code',
        /^base year employment estimate/,
      ),
  },
  {
    layout: 'ca-edd-longterm-all-areas',
    describe: '.csv, headers "Area Type", "Area Name (County Names)"',
    matches: (p) => p.kind === 'csv' && has(p.sheets.get(''), 'area type', /^area name/),
  },
  {
    layout: 'ny-dol-longterm',
    describe: '.csv, headers "Area", "Period", "SOC", "Occupation Title"',
    matches: (p) =>
      p.kind === 'csv' && has(p.sheets.get(''), 'area', 'period', 'soc', 'occupation title'),
  },
  {
    layout: 'bls-ep-2016-table1-7',
    describe: '.csv, headers "Code", "Occupation_Type"',
    matches: (p) => p.kind === 'csv' && has(p.sheets.get(''), 'code', 'occupation_type'),
  },
  {
    layout: 'bls-ep-2024-occupations',
    describe:
      '.csv, headers "Occupation Code", "Employment <year>", "Occupational Openings, <years> Annual Average"',
    // BLS's own openings header: a state's table with "Occupation Code" and "Employment 2022"
    // is not BLS's (in thousands) and goes to the column-mapping reader.
    matches: (p) =>
      p.kind === 'csv' &&
      has(
        p.sheets.get(''),
        'occupation code',
        /^employment \d{4}$/,
        /^occupational openings, \d{4}-\d{4} annual average$/,
      ),
  },
  {
    layout: 'bls-ep-2019-occupation-workbook',
    describe:
      '.xlsx with sheets "Table 1.10" and "Table 1.7", or a folder of table1_10*.csv and table1_7*.csv',
    matches: (p) =>
      (p.kind === 'xlsx' && p.sheets.has('Table 1.10') && p.sheets.has('Table 1.7')) ||
      (p.kind === 'folder' &&
        p.files.some((f) => /^table1_10.*\.csv$/i.test(f)) &&
        p.files.some((f) => /^table1_7.*\.csv$/i.test(f))),
  },
  {
    layout: 'projections-central-longterm-json',
    describe: '.json (Projections Central API rows: OccCode, AvgAnnualOpenings, STFIPS)',
    matches: (p) =>
      p.kind === 'json' && hasCompact(p.sheets.get(''), ['occcode'], ['avgannualopenings']),
  },
  // Header-mapped layouts (sources/mapped/layouts.ts): a publisher's signature, then generic.
  ...MAPPED_LAYOUTS.filter((l) => l.signature.length > 0).map(
    (l): LayoutSignature => ({
      layout: l.name,
      describe: `${l.title}: headers ${l.signature.map((any) => any.join(' or ')).join(', ')}`,
      matches: (p) =>
        p.kind !== 'folder' &&
        !(p.kind === 'json' && l.name.startsWith('projections-central')) &&
        hasCompact(firstSheet(p), ...l.signature),
    }),
  ),
];

/** The generic layout, tried only when no publisher's signature matched. */
const GENERIC_SIGNATURE: LayoutSignature = {
  layout: 'generic',
  describe:
    'any table with a SOC code column and base and projected employment (e.g. "Employment 2022", "Employment 2032")',
  matches: (p) => {
    const cells = [...(firstSheet(p) ?? [])];
    const compact = cells.map((c) => c.replace(/[^a-z0-9]/g, ''));
    const words = GENERIC_WORDS;
    const code = compact.some((c) => headerIs(c, words.soc_code));
    const dated = cells.filter((c) => employmentYear(c) !== undefined).length >= 2;
    const named =
      compact.some((c) => headerIs(c, words.base)) &&
      compact.some((c) => headerIs(c, words.projected));
    return p.kind !== 'folder' && code && (dated || named);
  },
};

/** Every layout detection can name, the generic one last. */
export const DETECTABLE_LAYOUTS: readonly LayoutSignature[] = [
  ...LAYOUT_SIGNATURES,
  GENERIC_SIGNATURE,
];

/** The header cells of a CSV or JSON file, or of a workbook's first sheet. */
function firstSheet(p: FileProbe): Set<string> | undefined {
  return p.sheets.get('') ?? p.sheets.values().next().value;
}

/** Every group has a cell whose compact form (letters and digits) is one of its names. */
function hasCompact(cells: Set<string> | undefined, ...groups: readonly (readonly string[])[]) {
  if (cells === undefined) return false;
  const compact = new Set([...cells].map((c) => c.replace(/[^a-z0-9]/g, '')));
  return groups.every((any) => any.some((name) => compact.has(name)));
}

/**
 * The layout of the projections file at `path` (named `file` in messages). An empty file or a
 * file that is not what its extension says is an input error (exit 3: the file cannot be
 * trusted); a readable file no signature matches is a usage error naming the layouts tried.
 */
export async function detectLayout(
  path: string,
  file: string,
  encoding: TextEncoding = 'utf-8',
): Promise<string> {
  const probe = await probeFile(path, file, encoding);
  let hits = LAYOUT_SIGNATURES.filter((s) => s.matches(probe));
  if (hits.length === 0 && GENERIC_SIGNATURE.matches(probe)) hits = [GENERIC_SIGNATURE];
  const hit = hits[0];
  if (hit === undefined) {
    throw new CliError(
      messages.layoutNotDetected(
        file,
        DETECTABLE_LAYOUTS.map((s) => `${s.layout} (${s.describe})`),
      ),
      ExitCode.usage,
    );
  }
  if (hits.length > 1) {
    throw new CliError(
      messages.layoutAmbiguous(
        file,
        hits.map((s) => s.layout),
      ),
      ExitCode.usage,
    );
  }
  return hit.layout;
}

async function probeFile(path: string, file: string, encoding: TextEncoding): Promise<FileProbe> {
  if (statSync(path).isDirectory()) {
    return { kind: 'folder', sheets: new Map(), files: readdirSync(path) };
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return probeWorkbook(path, file);
  if (ext === '.csv') return probeCsv(path, file, encoding);
  if (ext === '.json') {
    const table = jsonRecordsTable(readTextFile(path, file, encoding), file);
    return { kind: 'json', sheets: new Map([['', cellsOf([table.headers])]]), files: [] };
  }
  throw new CliError(
    messages.unsupportedExtension(file, ['.xlsx', '.csv', '.json', '(a folder)']),
    ExitCode.usage,
  );
}

function probeCsv(path: string, file: string, encoding: TextEncoding): FileProbe {
  const text = readTextFile(path, file, encoding);
  if (text.trim() === '') throw new CliError(messages.emptyFile(file), ExitCode.input);
  const rows = Papa.parse<string[]>(text, { preview: DEFAULT_HEADER_SEARCH_ROWS }).data;
  return { kind: 'csv', sheets: new Map([['', cellsOf(rows)]]), files: [] };
}

async function probeWorkbook(path: string, file: string): Promise<FileProbe> {
  // An HTML page saved as .xlsx or an empty download is refused here, as the reader would.
  const workbook = await openWorkbook(path, file);
  const sheets = new Map<string, Set<string>>();
  for (const ws of workbook.worksheets) {
    const rows = sheetRows(ws, file)
      .filter((r) => r.row <= DEFAULT_HEADER_SEARCH_ROWS)
      .map((r) => r.cells);
    sheets.set(ws.name, cellsOf(rows));
  }
  return { kind: 'xlsx', sheets, files: [] };
}

/** Normalized text of every cell (rich text flattened), for signature matching. */
function cellsOf(rows: unknown[][]): Set<string> {
  const out = new Set<string>();
  for (const row of rows) {
    for (const cell of row) {
      const text = cellText(cell);
      if (text !== '') out.add(normalizeHeader(text));
    }
  }
  return out;
}

function cellText(cell: unknown): string {
  // Workbook cells come flattened (xlsx-reader.ts); numbers are never header text.
  return typeof cell === 'string' ? cell : '';
}
