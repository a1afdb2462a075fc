/**
 * Every sentence clusterfit says to a person lives here, so wording stays consistent and can be
 * reviewed in one place. Functions take the facts and return the text.
 */
import type { SourcePlace } from './cli-error.ts';

/** "file.xlsx, sheet Occupational, row 12, column Exits, value "abc"" */
export function place(p: SourcePlace): string {
  const parts = [p.file];
  if (p.sheet !== undefined) parts.push(`sheet "${p.sheet}"`);
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if (p.column !== undefined) parts.push(`column "${p.column}"`);
  if (p.value !== undefined) parts.push(`value ${JSON.stringify(p.value)}`);
  return parts.join(', ');
}

export const messages = {
  // ---- config
  configNotFound: (file: string) =>
    `Config file not found: ${file}. Pass an existing JSON file with --config, or omit --config to use the defaults.`,
  configNotJson: (file: string, detail: string) =>
    `Config file ${file} is not valid JSON: ${detail}. Fix the syntax and run again.`,
  configUnknownKey: (file: string, key: string, suggestion: string | undefined) =>
    `Config file ${file}: unknown key "${key}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Remove or rename it; see "Config keys" in the README.`,
  configWrongType: (file: string, key: string, expected: string, got: unknown) =>
    `Config file ${file}: key "${key}" must be ${expected}, but it is ${JSON.stringify(got)}.`,
  configInvalid: (file: string, key: string, problem: string) =>
    `Config file ${file}: key "${key}" ${problem}.`,

  // ---- inputs
  inputMissing: (
    file: string,
    source: { title: string; publisher: string; url: string | undefined; docs: string },
    dataDir: string,
  ) =>
    `Input file not found: ${file} (looked in data directory ${dataDir}). It is "${source.title}" published by ${source.publisher}. ` +
    `Get it from ${source.url ?? source.docs} and place it at that path, or point --data-dir (or the CLUSTERFIT_DATA_DIR variable) at a folder that has it.`,
  unknownSource: (id: string, known: string[]) =>
    `Unknown source "${id}". Known sources: ${known.join(', ')}.`,
  unsupportedExtension: (file: string, expected: string[]) =>
    `Cannot read ${file}: expected a file ending in ${expected.join(' or ')}.`,
  notAWorkbook: (file: string, detail: string) =>
    `Cannot read ${file} as an Excel workbook (${detail}). Check that the file is a real .xlsx and not an HTML page or a truncated download.`,
  sheetMissing: (file: string, sheet: string, present: string[]) =>
    `${file} has no sheet named "${sheet}" (sheets present: ${present.join(', ')}).`,
  headerNotFound: (file: string, wanted: string, searched: number) =>
    `${file}: no header row containing "${wanted}" in the first ${searched} rows. Is this the right file for its source?`,
  columnMissing: (file: string, column: string, headers: string[]) =>
    `${file}: required column "${column}" is missing. Columns present: ${headers.map((h) => `"${h}"`).join(', ')}.`,
  notANumber: (p: SourcePlace) => `${place(p)}: expected a number.`,
  requiredValueMissing: (p: SourcePlace) =>
    `${place(p)}: a value is required here but the cell is empty.`,
  badSocCode: (p: SourcePlace) =>
    `${place(p)}: expected a SOC code like 29-1141 (or an O*NET-SOC code like 29-1141.00).`,
  emptyTable: (file: string) => `${file}: the table has a header but no data rows.`,
  emptyFile: (file: string) => `${file}: the file is empty.`,
  duplicateCode: (p: SourcePlace, firstRow: number) =>
    `${place(p)}: the occupation code appears again (first at row ${firstRow}).`,
  identityBroken: (p: SourcePlace, identity: string, expected: number, got: number) =>
    `${place(p)}: ${identity} does not hold (expected ${expected}, the file says ${got}).`,
  negativeEmployment: (p: SourcePlace) => `${place(p)}: employment cannot be negative.`,
  zipTooLarge: (file: string, limitMiB: number) =>
    `${file}: the workbook unpacks to more than ${limitMiB} MiB; refusing to read it.`,
  dataErrors: (count: number, first: string[]) =>
    `${count} problem${count === 1 ? '' : 's'} in the input data stop the run:\n${first.map((m) => `  - ${m}`).join('\n')}${count > first.length ? `\n  … and ${count - first.length} more` : ''}`,

  // ---- run
  runStarted: (configFile: string, outDir: string) =>
    `clusterfit run: config ${configFile}, output ${outDir}`,
  stageDone: (stage: string, rows: number, ms: number) =>
    `  ${stage.padEnd(8)} ${String(rows).padStart(7)} rows  ${String(Math.round(ms)).padStart(6)} ms`,
  runDone: (outDir: string, approved: string[]) =>
    `Done. Wrote clusters.csv, occupations.csv, recommendation.md and manifest.json to ${outDir}.\n${approved.join('\n')}`,
  approvedLine: (frameworkTitle: string, area: string, clusters: string[]) =>
    `  ${area}, ${frameworkTitle}: ${clusters.length} approved: ${clusters.join('; ')}`,
  unmappedWarning: (framework: string, share: number, codes: string[]) =>
    `Warning: ${(share * 100).toFixed(2)}% of employment has no ${framework} cluster (${codes.slice(0, 8).join(', ')}${codes.length > 8 ? ', …' : ''}).`,
  failed: (message: string) => `clusterfit: ${message}`,
  internalError: (message: string) =>
    `clusterfit stopped on an unexpected error: ${message}\nNothing was published; earlier outputs are untouched. Please report this with the command you ran.`,
  outputsUntouched: 'Nothing was published; earlier outputs in the output folder are untouched.',
} as const;

/** Publishing: charts, brief, workbook and typed tables. */
export const publishMessages = {
  publicationsWritten: (charts: number, files: number, ms: number) =>
    `  extras   ${String(files).padStart(7)} files ${String(Math.round(ms)).padStart(6)} ms  (${charts} charts as .vl.json/.svg/.png, brief.md, brief.html, results.xlsx, Parquet, Arrow)`,
  stabilityNotCharted:
    'Probability of approval with rank intervals: not drawn, because this run has no stability output (no mart_cluster_stability table).',
  bridgeNotCharted:
    'Framework bridge (legacy 16 → 2024) and vintage comparison: not drawn, because this run does not compute them.',
  fontTableMissing: (file: string, table: string) =>
    `Chart font ${file} has no "${table}" table; reinstall the dejavu-fonts-ttf package (npm ci).`,
  fontNoUnicodeMap: (file: string) =>
    `Chart font ${file} has no Unicode character map (cmap format 4); reinstall the dejavu-fonts-ttf package (npm ci).`,
  outputNameOutsideFolder: (name: string) =>
    `Output name "${name}" would be written outside the output folder; names must be relative paths inside it.`,
} as const;
