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

/** A whole number below 1e15 in magnitude, its digits grouped by threes: "1,234,567". */
export function groupedDigits(whole: number): string {
  const digits = String(Math.abs(whole));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/**
 * 1,315,170: figures as they appear in the publisher's tables, as toLocaleString('en-US') writes
 * them. A whole number is grouped here: the first toLocaleString of a process loads ICU's number
 * formatting (15-35 ms), and a default run's only one was the coverage note of its projections.
 */
const thousands = (n: number): string =>
  Number.isInteger(n) && Math.abs(n) < 1e15
    ? (n < 0 || Object.is(n, -0) ? '-' : '') + groupedDigits(n)
    : n.toLocaleString('en-US');
/** 97.6% of a total. */
const percentOf = (part: number, total: number): string =>
  `${((100 * part) / (total || 1)).toFixed(1)}%`;

/** "1 input file", "3 input files". */
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const messages = {
  // ---- config
  configNotFound: (file: string) =>
    `Config file not found: ${file}. Pass an existing JSON file with --config, or omit --config to use the defaults.`,
  configNotJson: (file: string, detail: string) =>
    `Config file ${file} is not valid JSON: ${detail}. Fix the syntax and run again.`,
  configUnknownKey: (file: string, key: string, suggestion: string | undefined) =>
    `Config file ${file}: unknown key "${key}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Remove or rename it; see "Config keys" in the README.`,
  clustersWithoutOccupations: (title: string, clusters: string[]) =>
    `${title}: the crosswalk assigns no occupation to ${clusters.length} of the framework's clusters (${clusters.join(', ')}); they are not scored.`,
  recovered: (dir: string, item: string) =>
    `${dir}: cleaned up ${item} left by a run that did not finish; the previous outputs are as they were.`,
  historyUnreadable: (path: string, detail: string) =>
    `${path} is not a readable clusterfit history database (${detail}). Move it aside to start a new history; the published outputs beside it are unaffected.`,
  historyTooNew: (path: string, version: number, known: number) =>
    `${path} has history schema version ${version}, newer than this clusterfit knows (${known}). Use the clusterfit that wrote it.`,
  historyNoRun: (id: string, path: string, ids: string[]) =>
    `No run "${id}" in ${path}. Runs there: ${ids.length > 0 ? ids.join(', ') : 'none'} (see clusterfit history).`,
  historyMissing: (path: string) =>
    `${path} not found: that output folder has no run history yet. Run clusterfit run or refresh with --out pointing at it first.`,
  historyTable: (
    dir: string,
    runs: { run_id: string; finished_at: string; config_hash: string; command: string | null }[],
  ) =>
    runs.length === 0
      ? `No runs recorded in ${dir}.\n`
      : `${runs.length} run${runs.length === 1 ? '' : 's'} in ${dir}, oldest first:\n${runs
          .map(
            (r) =>
              `  ${r.run_id}  finished ${r.finished_at}  config ${r.config_hash.slice(0, 12)}  ${r.command ?? ''}`,
          )
          .join('\n')}\n`,
  refreshUnchanged: (dir: string, runId: string, touched: string[]) =>
    `unchanged: inputs, config and clusterfit version are those of run ${runId}; nothing was rewritten in ${dir}.${touched.length > 0 ? ` Modified since that run but byte-for-byte the same: ${touched.join(', ')}.` : ''}`,
  refreshChanged: (
    dir: string,
    runId: string,
    c: { inputs: unknown[]; config: unknown[]; approvals: unknown[]; rank_moves: unknown[] } | null,
  ) =>
    c === null
      ? `changed: run ${runId} is the first recorded in ${dir}; published.`
      : `changed: run ${runId} published in ${dir}; ${plural(c.inputs.length, 'input file')} changed, ${plural(c.config.length, 'config value')} changed, ${plural(c.approvals.length, 'approval change')}, ${plural(c.rank_moves.length, 'rank move')} (see changes.md).`,
  lockBusy: (path: string, pid: number | null, waitSeconds: number) =>
    `Another clusterfit run${pid === null ? '' : ` (process ${pid})`} is writing here and holds ${path}; waited ${waitSeconds} s. Let it finish and run again, or give --wait more seconds. Nothing was written.`,
  crosswalkClusterUnknown: (
    p: SourcePlace,
    title: string,
    id: string,
    suggestion: string | undefined,
  ) =>
    `${place(p)}: not a cluster of the ${title} as sources/frameworks/${id}.json defines it.${suggestion ? ` Did you mean "${suggestion}"?` : ''} The crosswalk and the framework definition disagree: use the publisher's crosswalk for this framework, or define your own with framework_definitions.`,
  variantUnknownCluster: (
    id: string,
    where: string,
    name: string,
    base: string,
    suggestion: string | undefined,
  ) =>
    `Framework variant "${id}": ${where} names "${name}", which is not a cluster of ${base}'s crosswalk.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Cluster names must match the crosswalk exactly (see clusters.csv of a ${base} run).`,
  configWrongType: (file: string, key: string, expected: string, got: unknown) =>
    `Config file ${file}: key "${key}" must be ${expected}, but it is ${JSON.stringify(got)}.`,
  configInvalid: (file: string, key: string, problem: string) =>
    `Config file ${file}: key "${key}" ${problem}.`,

  ruleInvalid: (where: string, id: string, sql: string, detail: string) =>
    `${where}: rule "${id}" cannot be evaluated: ${detail}. Its test is: ${sql}. A rule expression is SQL over the occupation columns (see "Rules" in the README).`,

  notAWholeNumber: (value: string) => `expected a whole number, got "${value}"`,

  explainNoRun: (path: string) =>
    `No run database at ${path}. Run \`clusterfit run\` first, or point --out (or --db) at a finished run.`,
  explainNoCluster: (name: string, known: string[]) =>
    `No cluster matches "${name}". Clusters in this run: ${known.join('; ')}.`,
  explainAmbiguous: (name: string, matches: string[]) =>
    `"${name}" matches several clusters: ${matches.join('; ')}. Give more of the name.`,

  compareNothingInCommon: (a: string, b: string) =>
    `${a} and ${b} share no area, framework and cluster: nothing to compare. Compare runs of the same area.`,
  compareDone: (out: string, changed: number) =>
    `Wrote comparison.csv and comparison.md to ${out} (${changed} approval change${changed === 1 ? '' : 's'}).`,

  // ---- notebooks (the data loader of notebooks/src/data)
  notebookRunning: (out: string, dataDir: string) =>
    `notebooks: CLUSTERFIT_RUN is not set, so running the pipeline into ${out} (data from ${dataDir}). Set CLUSTERFIT_RUN to a finished run's output folder to show that run instead.`,
  notebookNoRun: (variable: string, path: string) =>
    `notebooks: ${variable} is ${path}, which is not the output folder of a finished run (it has no clusterfit.duckdb and manifest.json). Point it at a folder written by \`clusterfit run --out\`, or unset CLUSTERFIT_RUN to let the notebooks run the pipeline.`,
  notebookNoComparison:
    'notebooks: no comparison run (set CLUSTERFIT_COMPARE_RUN to a second run of the same area); the comparison page shows the areas of the main run only.',
  notebookCompareFailed: (detail: string) =>
    `notebooks: the two runs could not be compared (${detail}); the comparison page shows the areas only.`,
  notebookProgramsSkipped: (detail: string) => `notebooks: programs of study left out (${detail}).`,

  // ---- inputs
  inputMissing: (
    file: string,
    source: { title: string; publisher: string; url: string | undefined; docs: string },
    dataDir: string,
  ) =>
    `Input file not found: ${file} (looked in data directory ${dataDir}). It is "${source.title}" published by ${source.publisher}. ` +
    `Get it from ${source.url ?? source.docs} and place it at that path, or point --data-dir (or the CLUSTERFIT_DATA_DIR variable) at a folder that has it.`,
  attributeVintage: (key: string, vintage: number, projections: number[]) =>
    `Warning: ${key} uses SOC ${vintage} codes but the projections use SOC ${projections.join('/')}; only codes spelled alike in both are filled.`,
  wrongSourceKind: (key: string, id: string, kind: string, expected: string) =>
    `Config key "${key}" names "${id}", which is a ${kind} source, not ${expected}.`,
  deriveVintageMismatch: (employment: number, rates: number) =>
    `Cannot derive projections: the employment file uses SOC ${employment} codes but the rates file uses SOC ${rates}. Pick files of the same SOC vintage.`,
  deriveWithoutRate: (count: number, jobs: number, codes: string[]) =>
    `Derived projections: ${count} occupation${count === 1 ? '' : 's'} with ${Math.round(jobs).toLocaleString('en-US')} jobs have no national rate and are left out (${codes.slice(0, 8).join(', ')}${codes.length > 8 ? ', …' : ''}).`,
  unknownArea: (code: string, file: string, known: string[]) =>
    `Config key "areas" names "${code}", which is not an area of ${file}. Areas there: ${known.join(', ')}.`,
  socShareReferenceMissing: (id: string) =>
    `Warning: the national SOC 2018 employment file (${id}) is not in the data directory, so SOC 2010 codes that became several SOC 2018 codes are split equally.`,
  socBridgeNote: (area: string, vintage: string, rule: string, codes: number, jobs: number) =>
    `SOC 2010 → 2018 bridge, ${area} ${vintage}: ${rule === 'unbridged' ? 'not in the crosswalk (kept as SOC 2010 codes)' : rule}: ${codes} SOC 2010 code${codes === 1 ? '' : 's'}, ${Math.round(jobs).toLocaleString('en-US')} base-year jobs.`,
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
  industriesNone: (run: string, framework: string | undefined, area: string | undefined) =>
    `No cluster of ${run}${framework ? ` (framework ${framework})` : ''}${area ? ` (area ${area})` : ''} has occupations to place in industries. Check the framework and area codes against the run's clusters.csv.`,
  industriesMethod: (staffingFile: string, acteFile: string) =>
    `Each occupation's base-year jobs are spread over NAICS sectors by its national staffing pattern in ${staffingFile} (OEWS's government sector, 99, is shown as 92), then summed per cluster with the run's allocation. The pattern is national: a state's industry mix can differ. ✓ marks a sector ${acteFile} lists for the cluster (2024 framework only). Every cluster × sector is in industries.csv.`,
  programsNone: (run: string, framework: string | undefined, area: string | undefined) =>
    `No program of study reaches an approved cluster of ${run}${framework ? ` (framework ${framework})` : ''}${area ? ` (area ${area})` : ''}. Check the framework and area codes against the run's clusters.csv.`,
  programsMethod: (ncesFile: string, acteFile: string) =>
    `Programs (CIP 2020) that lead to each approved cluster's occupations, from ${ncesFile}. Annual openings are those occupations' openings as the run allocated them to the cluster; an occupation reached by several programs counts in each, so programs do not add up to the cluster. "In Advance CTE's cluster" says whether ${acteFile} also places the program in that cluster (2024 framework only). All programs, with their occupation codes and crosswalk rows, are in programs.csv.`,
  badCipCode: (p: SourcePlace) =>
    `${place(p)}: not a CIP 2020 code (expected NN.NNNN, such as 51.3801).`,
  badSocCode: (p: SourcePlace) =>
    `${place(p)}: expected a SOC code like 29-1141 (or an O*NET-SOC code like 29-1141.00).`,
  emptyTable: (file: string) => `${file}: the table has a header but no data rows.`,
  malformedCsv: (file: string, row: number, detail: string) =>
    `${file}, row ${row}: malformed CSV (${detail}).`,
  detailCoverageLow: (file: string, area: string, detail: number, total: number) =>
    `${file}, ${area}: detailed occupations add up to ${thousands(detail)} jobs, ${percentOf(detail, total)} of the published total ${thousands(total)} (the publisher suppresses small occupations).`,
  detailCoverageOk: (file: string, area: string, detail: number, total: number) =>
    `${file}, ${area}: detailed occupations add up to ${thousands(detail)} jobs, ${percentOf(detail, total)} of the published total ${thousands(total)}; the rest is suppressed small occupations and rounding.`,
  endsInsideQuotes: (file: string, row: number) =>
    `${file}, row ${row}: the file ends inside a quoted field; it may be truncated (an interrupted download or copy).`,
  rowTooShort: (file: string, row: number, fields: number, headerFields: number) =>
    `${file}, row ${row}: the row has ${fields} fields but the header has ${headerFields}; the file may be truncated or malformed.`,
  yearsNotFound: (file: string, headers: string[]) =>
    `${file}: cannot tell the base and projected years from the headers ${headers.map((h) => `"${h}"`).join(' and ')}.`,
  badPeriod: (p: SourcePlace) =>
    `${place(p)}: expected a projection period like "2020-2030" (base year, then a later projected year).`,
  unexpectedValue: (p: SourcePlace, expected: readonly string[]) =>
    `${place(p)}: expected one of ${expected.map((e) => `"${e}"`).join(', ')}.`,
  tablesDisagree: (p: SourcePlace, other: string, otherRow: number, expected: unknown) =>
    `${place(p)}: disagrees with ${other}, row ${otherRow}, which has ${JSON.stringify(expected)}; the tables should come from the same release.`,
  occupationNotInTable: (p: SourcePlace, other: string) =>
    `${place(p)}: the occupation code is not in ${other}; the tables should come from the same release.`,
  workbookOrFolder: (file: string, expected: string) =>
    `Cannot read ${file}: expected ${expected}.`,
  tableFileMissing: (folder: string, pattern: string, present: string[]) =>
    `${folder}: no file matching ${pattern} (files present: ${present.join(', ') || 'none'}).`,
  notJson: (file: string, detail: string) =>
    `${file} is not valid JSON (${detail}). Save the API response as it came and read it again.`,
  jsonNotRows: (file: string) =>
    `${file}: expected a JSON array of projection rows, or an object with a "rows" array, as the Projections Central API returns.`,
  jsonRowNotObject: (p: SourcePlace) => `${place(p)}: expected a JSON object for this row.`,

  emptyFile: (file: string) => `${file}: the file is empty.`,
  inputTooLarge: (file: string, bytes: number, limit: number) =>
    `${file}: the file is ${thousands(bytes)} bytes, over the input limit of ${thousands(limit)} bytes. Check it is the file you meant; raise CLUSTERFIT_MAX_INPUT_MB (in MB) if it is.`,
  utf16: (file: string) =>
    `${file}: the file is UTF-16 text (it starts with a UTF-16 byte-order mark). Save it as UTF-8 CSV ("CSV UTF-8" in Excel) and run again.`,
  binaryFile: (file: string, row: number, column: number) =>
    `${file}, row ${row}, column ${column}: the file holds a NUL byte, so it is not a text CSV (a binary or UTF-16 file renamed .csv?).`,
  notUtf8: (p: SourcePlace, byte: number) =>
    `${place(p)}: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8 (the file looks saved as Windows-1252 or Latin-1). Save it as UTF-8 and run again, or, for your own projections file, say how it was saved: "projections": {"file": …, "encoding": "windows-1252"}.`,
  readAsWindows1252:
    'Read as Windows-1252, as the config\'s "projections.encoding" says (the file is not UTF-8).',
  zipTooLarge: (file: string, entry: string, total: number, limit: number) =>
    `${file}: the archive would inflate to ${Number.isFinite(total) ? `${thousands(total)} bytes` : 'more than 4 GB (a Zip64 entry)'} by entry "${entry}", over the limit of ${thousands(limit)} bytes; refused as a possible zip bomb. Raise CLUSTERFIT_MAX_UNZIPPED_MB (in MB) if the file is genuine.`,
  formulaText: (p: SourcePlace) =>
    `${place(p)}: the text looks like a spreadsheet formula; it would run when the results are opened in a spreadsheet. Publishers never write cells like this: check where the file came from.`,
  valueOutOfRange: (p: SourcePlace, range: string) =>
    `${place(p)}: the value is out of range (${range}).`,
  duplicateCode: (p: SourcePlace, firstRow: number) =>
    `${place(p)}: the occupation code appears again (first at row ${firstRow}).`,
  identityBroken: (p: SourcePlace, identity: string, expected: number, got: number) =>
    `${place(p)}: ${identity} does not hold (expected ${expected}, the file says ${got}).`,
  negativeEmployment: (p: SourcePlace) => `${place(p)}: employment cannot be negative.`,
  unknownCode: (p: SourcePlace, vintage: number) =>
    `${place(p)}: not a SOC ${vintage} detailed code${vintage === 2018 ? ' nor a known OEWS aggregate' : ' in the SOC 2010 → 2018 crosswalk'}; it is kept, and maps to a cluster only if a crosswalk lists it.`,
  unknownEducation: (p: SourcePlace) =>
    `${place(p)}: not a BLS typical-education category; the occupation is not counted as needing a postsecondary award.`,
  dataErrors: (count: number, first: string[]) =>
    `${count} problem${count === 1 ? '' : 's'} in the input data stop the run:\n${first.map((m) => `  - ${m}`).join('\n')}${count > first.length ? `\n  … and ${count - first.length} more` : ''}`,

  // ---- validate
  layoutNotDetected: (file: string, tried: string[]) =>
    `Cannot tell the projections layout of ${file}: its extension and headers match none of the layouts tried:\n${tried.map((t) => `  - ${t}`).join('\n')}\nName one with --layout.`,
  layoutAmbiguous: (file: string, layouts: string[]) =>
    `${file} looks like several projections layouts (${layouts.join(', ')}); name one with --layout.`,
  unknownLayout: (layout: string, known: string[]) =>
    `Unknown layout "${layout}". Projections layouts: ${known.join(', ')}.`,
  validateFileMissing: (file: string) =>
    `File not found: ${file}. Give the path of a projections file (CSV, XLSX or JSON).`,
  badFormat: (format: string) => `Option --format must be "text" or "json", but it is "${format}".`,
  validateCheckSkipped: (check: string, missing: string) =>
    `Check ${check} skipped: ${missing} is not in the data directory (point --data-dir at a folder that has it).`,
  validateHeader: (r: {
    file: string;
    layout: string;
    detected: boolean;
    areas: string[];
    rows: number;
    vintages: string[];
  }) =>
    [
      `clusterfit validate: ${r.file}`,
      `  layout:  ${r.layout}${r.detected ? ' (detected)' : ''}`,
      `  areas:   ${r.areas.length === 0 ? '(none read)' : `${r.areas.length}: ${r.areas.slice(0, 5).join('; ')}${r.areas.length > 5 ? '; …' : ''}`}`,
      `  rows:    ${r.rows}`,
      `  vintage: ${r.vintages.length === 0 ? '(none read)' : r.vintages.join(', ')}`,
    ].join('\n'),
  findingGroup: (severity: string, count: number) => `${severity} (${count}):`,
  findingsMore: (count: number) => `  … and ${count} more (use --format json for all)`,
  trusted: 'trusted',
  notTrusted: (errors: number) => `not trusted: ${errors} error${errors === 1 ? '' : 's'}`,

  // ---- fetch
  fetchNoUrl: (id: string, docs: string, original: string | undefined) =>
    `${id}: the catalog has no direct download address for this source; get it from ${docs} and place it in the data directory.` +
    (original === undefined
      ? ''
      : ` The publisher's file (${original}) is in another format or layout than the one read; the expected file is a conversion of it (see PROVENANCE).`),
  fetchFormatMismatch: (id: string, url: string, got: string, expected: string) =>
    `${id}: ${url} publishes a .${got} file but the catalog reads this source as .${expected}; it cannot be fetched as is (convert it by hand, or give the entry the address of a .${expected} file).`,
  fetchHttpStatus: (id: string, url: string, status: number, statusText: string) =>
    `${id}: ${url} answered HTTP ${status}${statusText ? ` ${statusText}` : ''}.`,
  fetchHtml: (id: string, url: string, expected: string, why: string) =>
    `${id}: ${url} returned an HTML page (${why}) where a .${expected} file was expected; the address may have moved or the site may be blocking automated downloads. Nothing was saved.`,
  fetchNotZip: (id: string, url: string, sniff: string) =>
    `${id}: ${url} returned a file that is not an .xlsx workbook (it does not start like a zip archive but with "${sniff}"). Nothing was saved.`,
  fetchEmpty: (id: string, url: string) =>
    `${id}: ${url} returned an empty body. Nothing was saved.`,
  fetchTimeout: (id: string, url: string, seconds: number) =>
    `${id}: ${url} did not finish within ${seconds} s. Nothing was saved.`,
  fetchStalled: (id: string, url: string, seconds: number) =>
    `${id}: ${url} sent nothing for ${seconds} s. Nothing was saved.`,
  fetchNetwork: (id: string, url: string, detail: string) =>
    `${id}: cannot download ${url} (${detail}). Nothing was saved.`,
  fetchGaveUp: (message: string, attempts: number) =>
    `${message} Gave up after ${attempts} attempts.`,
  fetchRetrying: (id: string, attempt: number, attempts: number, seconds: number, why: string) =>
    `${id}: attempt ${attempt} of ${attempts} failed (${why}); retrying in ${seconds} s.`,
  fetchFetched: (id: string, file: string, bytes: number, sha256: string) =>
    `${id}: fetched ${file} (${bytes} bytes, sha256 ${sha256}).`,
  fetchUnchanged: (id: string, file: string) => `${id}: unchanged (${file}).`,
  fetchChanged: (id: string, oldSha: string, newSha: string) =>
    `${id}: the publisher's file changed (sha256 ${oldSha} → ${newSha}); review it, then run with --accept-new to use it`,
  fetchAcceptedNew: (id: string, file: string, oldSha: string, newSha: string) =>
    `${id}: the publisher's file changed (sha256 ${oldSha} → ${newSha}); accepted and saved as ${file}.`,
  fetchNothingToDo: 'No catalog source has a download address; nothing was fetched.',
  fetchSummary: (fetched: number, unchanged: number, changed: number, failed: number) =>
    `Fetched ${fetched}, unchanged ${unchanged}, changed and not accepted ${changed}, failed ${failed}.`,
  fetchBadNumber: (option: string, value: string, expected: string) =>
    `Option ${option} must be ${expected}, but it is "${value}".`,
  fetchStarted: (dataDir: string, count: number) =>
    `clusterfit fetch: ${count} source${count === 1 ? '' : 's'} into ${dataDir}`,
  lockInvalid: (file: string, detail: string) =>
    `${file} is not a valid clusterfit source lock (${detail}). Fix or remove it; fetch rewrites it.`,

  // ---- run
  runStarted: (command: string, configFile: string | undefined, outDir: string, dataDir: string) =>
    `clusterfit ${command}: ${configFile ?? 'default config'} → ${outDir} (data: ${dataDir})`,
  stageDone: (stage: string, rows: number, ms: number) =>
    `  ${stage.padEnd(8)} ${String(rows).padStart(7)} rows  ${String(Math.round(ms)).padStart(6)} ms`,
  runDone: (outDir: string, files: number, names: readonly string[]) =>
    `Wrote ${files} files to ${outDir} (${names.join(', ')} …).`,
  approvedLine: (frameworkTitle: string, area: string, clusters: string[]) =>
    `  ${area}, ${frameworkTitle}: ${clusters.length} approved: ${clusters.join('; ')}`,
  unmappedWarning: (framework: string, share: number, codes: string[]) =>
    `Warning: ${(share * 100).toFixed(2)}% of employment has no ${framework} cluster (${codes.slice(0, 8).join(', ')}${codes.length > 8 ? ', …' : ''}).`,
  failed: (message: string) => `clusterfit: ${message}`,
  systemError: (code: string, path: string, detail: string) =>
    `${code === 'ENOSPC' || code === 'EDQUOT' ? 'The disk is full' : code === 'EROFS' ? 'The file system is read-only' : code === 'EACCES' || code === 'EPERM' ? 'Permission denied' : 'The system refused'} writing ${path || 'an output'} (${detail.split('\n')[0]}). Free space or fix the folder's permissions and run again.`,
  internalError: (message: string) =>
    `clusterfit stopped on an unexpected error: ${message}\nNothing was published; earlier outputs are untouched. Please report this with the command you ran.`,
  outputsUntouched: 'Nothing was published; earlier outputs in the output folder are untouched.',

  // ---- catalog: `clusterfit sources`, `fetch --state`, `--mirror`, `run --state`
  stateIsNation: (value: string) =>
    `--state ${value} is the United States, not a state: Projections Central's national rows are BLS's national projections (use the bls-ep-2024-2034 source for those).`,
  unknownState: (value: string, known: string[]) =>
    `--state ${value} is not a state Projections Central serves. Give a postal code or a FIPS code (or "all"): ${known.join(', ')}.`,
  fetchNeedsState: (id: string) =>
    `${id} is one file per state: say which with --state (a postal code such as NV, a FIPS code such as 32, or "all").`,
  fetchStateWithoutPerState: (only: readonly string[]) =>
    `--state selects a per-state source (pc-longterm-state), but --source names only ${only.join(', ')}.`,
  fetchTooLarge: (id: string, url: string, maxBytes: number) =>
    `${id}: ${url} sent more than ${maxBytes} bytes, the most a download may be (--max-size). Nothing was saved.`,
  fetchBadMirror: (value: string) =>
    `--mirror must be an http:// or https:// address (e.g. https://lmi.example.gov/pc-mirror/), but it is "${value}".`,
  fetchNoContentAddress: (id: string, url: string, got: string) =>
    `${id}: ${url} was expected to answer a JSON object whose "content" is the file's address, but it answered: ${got}. Nothing was saved.`,
  pcNotJson: (id: string, url: string, got: string) =>
    `${id}: ${url} did not answer JSON; it began with: ${got}. Nothing was saved.`,
  pcNotRows: (id: string, url: string, got: string) =>
    `${id}: ${url} answered JSON without a "rows" array (expected {"rows": [...], "pager": {...}}); it began with: ${got}. Nothing was saved.`,
  pcNoRows: (id: string, url: string) =>
    `${id}: ${url} answered no rows; the state may publish no long-term projections there. Nothing was saved.`,
  pcRowNotObject: (id: string, url: string, page: number, row: number) =>
    `${id}: ${url} (page ${page}), row ${row} is not a JSON object. Nothing was saved.`,
  pcNationalRow: (
    where: { id: string; url: string; page: number; row: number; area: string },
    postal: string,
  ) =>
    `${where.id}: ${where.url} (page ${where.page}), row ${where.row} is the national row (STFIPS 0, "${where.area}") among ${postal}'s rows; refused, because a national figure saved as a state's is a real number about the wrong population. Nothing was saved.`,
  pcWrongState: (
    where: { id: string; url: string; page: number; row: number; area: string },
    got: string,
    postal: string,
    fips: string,
  ) =>
    `${where.id}: ${where.url} (page ${where.page}), row ${where.row} is for STFIPS "${got}" ("${where.area}"), not ${postal} (${Number(fips)}). Nothing was saved.`,
  pcTooManyPages: (id: string, max: number) =>
    `${id}: the service kept announcing another page after ${max} pages; refused rather than saving a possibly endless or truncated table. Nothing was saved.`,
  pcRepeatedPage: (id: string, url: string) =>
    `${id}: ${url} repeated an earlier page; stopping there.`,
  pcIncomplete: (id: string, expected: number, got: number, pages: number) =>
    `${id}: the service's pager announced ${expected} rows but ${got} arrived over ${pages} page${pages === 1 ? '' : 's'}; refused, because the occupations of a missing page would look like ones the state does not project. Nothing was saved.`,
  pcNextElsewhere: (id: string, url: string, next: string) =>
    `${id}: ${url} gave its next page as ${next}, on another host; not followed. Nothing was saved.`,
  pcNotOneTable: (id: string, tables: string[]) =>
    `${id}: expected one state and one period, but the rows hold ${tables.length}: ${tables.join('; ')}. Nothing was saved.`,
  pcPagesRead: (id: string, rows: number, pages: number) =>
    `${id}: ${rows} rows on ${pages} page${pages === 1 ? '' : 's'}, checked by the Projections Central reader.`,
  fetchReaderRefused: (id: string, detail: string) =>
    `${id}: the downloaded file does not read as this source: ${detail} Nothing was saved.`,
  stateFileMissing: (postal: string, path: string, dataDir: string) =>
    `No Projections Central file for ${postal}: ${path} is not in the data directory ${dataDir}. Fetch it first with \`clusterfit fetch --state ${postal}\` (add --mirror URL to use an agency's mirror), or point --data-dir at the folder that has it.`,
  stateRunFile: (postal: string, path: string) =>
    `  state    ${postal}: projections from ${path} (Projections Central)`,
  attributeDefaultMissing: (key: string, id: string) =>
    `Warning: ${id} is not in the data directory, so where the projections file publishes no ${key === 'wages' ? 'wages' : 'education'}, ${key === 'wages' ? 'median wages and the high-wage share' : 'typical education and the postsecondary share'} stay empty. Place that file (see \`clusterfit sources\` for where it comes from) to fill them.`,
  perStateNeedsState: (id: string) =>
    `${id} is one file per state: run with --state XX (after \`clusterfit fetch --state XX\`), or name the file in the config's "inputs".`,
  stateWithArea: '--state picks the area itself; do not combine it with --area.',
  sourcesHeader: (count: number, dataDir: string) =>
    `clusterfit sources: ${count} catalog sources; files looked for in ${dataDir}`,
  sourcesFileStatus: (status: string, recordedBy: string | null) =>
    status === 'missing'
      ? 'missing'
      : status === 'matches'
        ? `present, matches the sha256 recorded by the ${recordedBy}`
        : status === 'differs'
          ? `present but DIFFERS from the sha256 recorded by the ${recordedBy} (a new release or an edited file)`
          : 'present (no sha256 recorded to compare with)',
  sourcesNoStateFile: (id: string) =>
    `no state fetched yet (clusterfit fetch --state XX; ${id} is one file per state)`,
  sourcesSummary: (
    addresses: number,
    matches: number,
    differs: number,
    present: number,
    missing: number,
  ) =>
    `${addresses} publisher download addresses. Files: ${matches} match their record, ${differs} differ, ${present} unrecorded, ${missing} missing.`,
  // ---- zip layer, bounded input, strict numbers (zip)
  zipDamaged: (file: string, kind: string, detail: string, entry?: string) =>
    `Cannot read ${file} as ${kind} (${entry === undefined ? '' : `zip entry "${entry}": `}${detail}). The file is damaged or was altered after it was published; download it again.`,
  zipSizeMismatch: (relation: 'more than' | 'only', produced: number, declared: number) =>
    `it inflates to ${relation} ${thousands(produced)} bytes, but the zip directory declares ${thousands(declared)}`,
  zipCrcMismatch: (actual: number, declared: number) =>
    `its CRC-32 is ${actual.toString(16).padStart(8, '0')}, but the zip directory declares ${declared.toString(16).padStart(8, '0')}`,
  zipDoesNotInflate: (detail: string) => `it does not inflate: ${detail}`,
  zipNameUnsafe: (why: string) => `the entry name ${why}, which no genuine archive holds`,
  fieldTooLong: (p: SourcePlace, length: number, limit: number) =>
    `${place(p)}: the cell holds ${thousands(length)} characters, over the limit of ${thousands(limit)}; the file is broken or is not the publisher's.`,
  jsonDuplicateKey: (p: SourcePlace, line: number) =>
    `${place(p)} (line ${line}): the key appears twice in one object; a JSON reader would silently keep only the last value, so the file is refused.`,
  rowTooLong: (file: string, row: number, fields: number, headerFields: number) =>
    `${file}, row ${row}: the row has ${fields} fields but the header has ${headerFields}; an unquoted comma inside a value shifts the columns after it.`,
  percentNotHere: (p: SourcePlace) =>
    `${place(p)}: a percent sign in a column that does not hold percents; the value's unit is unclear, so it is not read.`,
  // ---- publishers' original files (issue 20)
  zipEntryMissing: (file: string, wanted: string, present: string[]) =>
    `${file}: the archive holds no ${wanted} (entries: ${present.slice(0, 10).join(', ') || 'none'}${present.length > 10 ? ', …' : ''}). Is this the publisher's download?`,
  oewsReleaseUnknown: (file: string) =>
    `Cannot tell which OEWS release ${file} is from its name: expected "_M<year>_dl" as in state_M2023_dl.xlsx, or "oesm<yy>" as in oesm23st.zip. Keep the publisher's file name.`,
  // ---- supply (IPEDS completions beside openings)
  supplyBadCount: (p: SourcePlace) => `${place(p)}: expected a whole number of awards (0 or more).`,
  supplyBadAwardLevel: (p: SourcePlace) =>
    `${place(p)}: not an IPEDS award level clusterfit knows (AWLEVEL 1, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19, 20 or 21).`,
  supplySummaryMismatch: (p: SourcePlace, cip: string, sum: number) =>
    `${place(p)}: the summary row for CIP ${cip === '99' ? '99 (all programs)' : cip} says ${thousands(Number(p.value))} awards, but its 6-digit rows for the same institution, major and award level add up to ${thousands(sum)}. The file is incomplete or altered; download it again from NCES.`,
  supplyDuplicateInstitution: (p: SourcePlace, first: number) =>
    `${place(p)}: UNITID repeats the institution of row ${first}; a directory lists each institution once.`,
  supplyBadCode: (p: SourcePlace, expected: string) => `${place(p)}: expected ${expected}.`,
  supplyUnknownInstitution: (file: string, row: number, unitid: string, directory: string) =>
    `${file}, row ${row}: institution UNITID ${unitid} is not in the directory ${directory}; use the directory (HD) file of the same IPEDS year as the completions.`,
  supplyNote: (file: string, awards: number, mapped: number, areas: number) =>
    `Supply: ${thousands(awards)} first-major awards of 6-digit programs in ${file} were placed in ${areas} area${areas === 1 ? '' : 's'} of this run; ${thousands(mapped)} of them reach an occupation through the CIP–SOC crosswalk (see supply.csv and supply_unmapped.csv).`,
  supplyUnmappedNote: (area: string, programs: number, awards: number) =>
    `Supply, ${area}: ${thousands(programs)} program${programs === 1 ? '' : 's'} with ${thousands(awards)} awards reach no occupation of this run (listed in supply_unmapped.csv), reported rather than dropped.`,
  supplyNoArea: (area: string) =>
    `Supply: ${area} is not a state or the nation, and the projections give it no county or metro code to place institutions in; it has no supply rows.`,
  supplyGapReason: (awards: number, openings: number, share: number | null) =>
    `Supply: ${thousands(Math.round(awards))} awards a year lead to this cluster's occupations, against ${thousands(Math.round(openings))} annual openings that need a postsecondary award${share === null ? '' : `; ${(share * 100).toFixed(1)}% of those openings are not met by in-area completions at their level (supply gap share)`}.`,
  supplyTopProgram: (cip: string, title: string, awards: number, openings: number) =>
    `Largest program: ${cip} ${title}, ${thousands(Math.round(awards))} awards a year against ${thousands(Math.round(openings))} annual openings of the occupations it leads to in this cluster.`,
  supplyCaveats:
    'Awards are not people (one graduate may earn several awards); graduates move across state lines; not every graduate enters the occupations a program leads to; first majors only; and a program leading to several occupations is split across them in proportion to their openings.',
  // ---- calibrate
  priorNotFound: (file: string) =>
    `Prior list not found: ${file}. Pass a CSV (cluster, approved) or a JSON file ({"approved": [...], "not_approved": [...]}) with --prior.`,
  priorEmpty: (file: string) => `Prior list ${file} lists no clusters.`,
  priorNotJson: (file: string, detail: string) =>
    `Prior list ${file} is not valid JSON: ${detail}. Fix the syntax, or give a CSV with columns cluster and approved.`,
  priorJsonShape: (file: string) =>
    `Prior list ${file}: expected {"approved": [cluster names], "not_approved": [cluster names]} and no other keys.`,
  priorMissingColumn: (file: string, column: string, header: readonly string[]) =>
    `Prior list ${file}: no "${column}" column (the header has: ${header.join(', ')}). A prior CSV needs columns cluster and approved (optional framework, area).`,
  priorBadName: (file: string, where: string, value: unknown) =>
    `Prior list ${file}, ${where}: ${JSON.stringify(value)} is not a cluster name.`,
  priorBadDecision: (p: SourcePlace) =>
    `Prior list ${place(p)}: expected true/false, yes/no or 1/0 in "approved".`,
  priorConflict: (file: string, cluster: string, first: number | string, second: number | string) =>
    `Prior list ${file}: "${cluster}" is approved at ${typeof first === 'number' ? `row ${first}` : first} and not approved at ${typeof second === 'number' ? `row ${second}` : second}. Keep one decision per cluster.`,
  priorUnknownCluster: (
    file: string,
    where: number | string,
    name: string,
    suggestions: readonly string[],
    names: readonly string[],
  ) =>
    `Prior list ${file}, ${typeof where === 'number' ? `row ${where}` : where}: no cluster of the framework is called "${name}".${suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ''} The framework's clusters: ${names.join('; ')}. (Case, "and"/"&", spacing and punctuation do not matter; pass --framework if the list is for another framework.)`,
  calibrateNoManifest: (run: string) =>
    `No manifest.json in ${run}. Point --out at the output folder of a finished \`clusterfit run\`.`,
  calibrateArea: (run: string, known: readonly string[]) =>
    `Choose the area to calibrate with --area (or an "area" column in the prior): the run in ${run} has ${known.join(', ')}.`,
  calibrateFramework: (run: string, known: readonly string[]) =>
    `Choose the framework to calibrate with --framework (or a "framework" column in the prior): the run in ${run} has ${known.join(', ')}.`,
  calibrateSeveralVintages: (run: string, area: string) =>
    `The run in ${run} holds more than one projections vintage for ${area}; calibrate a run of one vintage.`,
  calibrateTitle: (area: string, framework: string) =>
    `Calibration to a prior list: ${area}, ${framework}`,
  calibrateHeading: (
    run: string,
    area: string,
    framework: string,
    prior: string,
    n: number,
    approved: number,
  ) =>
    `Calibrating the run in ${run} (${area}, ${framework}) to ${prior}: ${approved} of ${n} clusters approved in the prior.`,
  calibrateUnlisted: (clusters: readonly string[]) =>
    `Not in the prior list, counted as not approved: ${clusters.join('; ')}.`,
  calibrateSearch: (
    steps: number,
    points: number,
    metrics: number,
    samples: number,
    seed: number,
    evaluated: number,
  ) =>
    `Searched: every weighting of ${metrics} metrics in steps of 1/${steps} (${points.toLocaleString('en-US')} weight sets), ${samples.toLocaleString('en-US')} seeded samples of the weight space (seed ${seed}) and local refinement, each under both normalizations and all three allocations, and every number approved: ${evaluated.toLocaleString('en-US')} scorings.`,
  calibrateAgreement: (k: number, n: number) => `agreement: ${k} of ${n}`,
  calibrateBest: (
    normalization: string,
    allocation: string,
    count: number,
    n: number,
    weights: string,
  ) =>
    `best settings: normalization ${normalization}, allocation ${allocation}, approve the top ${count} of ${n}; weights ${weights}`,
  calibrateRegion: (
    k: number,
    n: number,
    ranges: readonly string[],
    share: number,
    samples: number,
  ) =>
    `weights reaching ${k} of ${n} with these settings (scaled to sum to 1): ${ranges.join(', ')}; ${(share * 100).toFixed(1)}% of ${samples.toLocaleString('en-US')} uniform samples of the weight space reach it.`,
  calibrateMissedHeading: (k: number, n: number) =>
    `decisions the settings reaching ${k} of ${n} miss, with the metric values that stand against the prior:`,
  calibrateMissed: (
    cluster: string,
    approved: boolean,
    share: number,
    priorCount: number,
    evidence: readonly string[],
  ) =>
    `  - ${cluster}: ${approved ? `approved in the prior (one of ${priorCount})` : 'not approved in the prior'}, missed by ${(share * 100).toFixed(1)}% of them; ${approved ? 'against it' : 'for it'}: ${evidence.join('; ')}.`,
  calibrateAllExplained:
    'Every prior decision is reproduced by some setting reaching this agreement.',
  calibrateUnexplainedHeading: (k: number, n: number) =>
    `not explained by these projections (no setting reaching ${k} of ${n} reproduces these decisions):`,
  calibrateUnexplained: (
    cluster: string,
    approved: boolean,
    count: number,
    closestRank: number,
    n: number,
    evidence: readonly string[],
  ) =>
    approved
      ? `  - ${cluster}: approved in the prior, but no such setting approves it (at best it ranks ${closestRank} of ${n}, with ${count} approved); against it: ${evidence.join('; ')}.`
      : `  - ${cluster}: not approved in the prior, but every such setting approves it (at worst it ranks ${closestRank} of ${n}, with ${count} approved); for it: ${evidence.join('; ')}.`,
  calibrateEvidence: (label: string, value: string, rank: number, n: number) =>
    `${label} ${value} (${rank} of ${n})`,
  frameworkWithoutCrosswalk: (file: string, id: string, title: string) =>
    `Config file ${file}: "${id}" (${title}) ships with its cluster names but no crosswalk, since its publisher issued none. Supply one: add {"id": "${id}", "crosswalk": "your-crosswalk.csv"} to "framework_definitions" (a CSV with soc_code, cluster[, sublevel, title], the cluster names as the framework spells them), then list "${id}" in "frameworks".`,
  calibrateWrote: (run: string, config: string, k: number, n: number) =>
    `Wrote calibration.md, calibration.csv and ${config} to ${run}; \`clusterfit run --config ${run}/${config}\` reproduces ${k} of ${n}.`,
  // ---- config safety (issue 24): rules in a locked database, numeric bounds, config names, formula titles
  rulePlace: (configFile: string | null, index: number) =>
    `Config file ${configFile ?? '(default config)'}, key "rules[${index}]"`,
  configOutOfBounds: (file: string, key: string, value: number, bound: string, why: string) =>
    `Config file ${file}: key "${key}" is ${value}, but it must be ${bound}: ${why}.`,
  optionOutOfBounds: (option: string, value: number, bound: string, why: string) =>
    `${option} ${value}: it must be ${bound}: ${why}.`,
  topNAboveClusters: (
    file: string,
    topN: number,
    framework: string,
    area: string,
    clusters: number,
  ) =>
    `Config file ${file}: key "selection.top_n" is ${topN}, but framework ${framework} has only ${clusters} clusters with jobs in area ${area}: top_n must be from 1 to ${clusters}, or every cluster would be approved without a word.`,
  configNameControl: (value: string) =>
    `is ${JSON.stringify(value)}, which holds a line break or another control character; a name must be one line of text`,
  configNameFormula: (value: string) =>
    `is ${JSON.stringify(value)}, which looks like a spreadsheet formula; it would run when the results are opened in a spreadsheet, so names may not start with =, +, - or @`,
  formulaTitleInert: (p: SourcePlace) =>
    `${place(p)}: the title starts like a spreadsheet formula; it is published as text (with a "'" before it in the CSV files, stored as text in results.xlsx), not run. Check where the file came from.`,
  ruleColumnClash: (file: string, index: number, id: string, column: string) =>
    `Config file ${file}: key "rules[${index}].id" is "${id}", which would publish a second column named "${column}"; choose another id.`,
  ruleNotAnExpression: (where: string, id: string, sql: string, problem: string) =>
    `${where}: rule "${id}" is refused: ${problem}. A rule's test must be one SQL expression over the occupation columns (see "Rules" in the README); it cannot read files, settings or other tables. Its test is: ${sql}.`,
  // ---- layouts: your own projections file (issue 19)
  mappedHeaderNotFound: (file: string, within: number) =>
    `${file}: no header row naming at least two projections fields (SOC code, title, employment, change, openings …) in the first ${within} rows. Check that this is a projections table, or name its columns in the config's "projections": {"file": …, "columns": {…}}.`,
  mappedFieldsMissing: (file: string, fields: string[], headers: string[]) =>
    `${file}: no column found for ${fields.join(', ')} among the headers ${headers.map((h) => `"${h}"`).join(', ')}. Name them in the config: "projections": {"file": "${file}", "columns": {${fields.map((f) => `"${f.split(' ')[0]}": "<header>"`).join(', ')}}}.`,
  mappedColumnNotFound: (file: string, field: string, header: string, headers: string[]) =>
    `${file}: "columns" maps ${field} to "${header}", but the file has no such header (headers: ${headers.map((h) => `"${h}"`).join(', ')}). Fix the name in "projections.columns.${field}".`,
  mappedColumnsCompete: (file: string, field: string, headers: string[]) =>
    `${file}: the columns ${headers.map((h) => `"${h}"`).join(' and ')} could each be ${field}. Say which one in the config: "projections": {"file": "${file}", "columns": {"${field}": "${headers[0] ?? ''}"}}.`,
  badStateFips: (p: SourcePlace) =>
    `${place(p)}: not a state FIPS code (expected 1 or 2 digits, such as 9 or 09 for Connecticut).`,
  suppressedCells: (file: string, column: string, n: number) =>
    `${file}: ${plural(n, 'cell')} of column "${column}" blank or suppressed (confidential): kept as no value, never read as zero.`,
  suppressedRows: (file: string, n: number) =>
    `${file}: ${plural(n, 'row')} with base or projected employment suppressed: counted, but kept out of every total.`,
  usRowsDropped: (n: number) =>
    `${plural(n, 'United States row')} (STFIPS 0 / "United States") dropped: the nation is never taken for a state.`,
  unitFailsIdentity: (
    file: string,
    unit: string,
    identity: string,
    values: string,
    rows: string,
    fits: string | undefined,
  ) =>
    `${file}: the unit ${unit} fails the identity "${identity}" (${rows}: ${values}). ${fits ? `The figures fit ${fits}: set "units" in the config's "projections" to say so.` : 'No unit fits: check the file and its "units".'} The unit was not used.`,
  columnsNeedMappedLayout: (file: string, layout: string) =>
    `${file} is in the layout ${layout}, which has its own reader: "columns" and "units" apply only to the header-mapped layouts (projections-central-bulk-csv, projections-central-web-export, almis-projections, generic). Remove them, or set "layout": "generic".`,
  statesDiffer: (framework: string, n: number, states: number, common: number) =>
    `${framework}: ${n} of ${states} states approve a list other than the one ${common} states share:`,
  stateDiffers: (area: string, added: string[], dropped: string[]) =>
    `  ${area}:${added.length > 0 ? ` adds ${added.join('; ')}` : ''}${added.length > 0 && dropped.length > 0 ? ',' : ''}${dropped.length > 0 ? ` drops ${dropped.join('; ')}` : ''}`,
  userProjectionsMissing: (file: string) =>
    `Projections file not found: ${file}. Give an existing CSV, XLSX or JSON file (relative to the current folder) with --projections or "projections": {"file": …}.`,
  attributeDefaulted: (key: string, id: string) =>
    `${key}: ${id} (national) fills the values your projections file lacks; each filled value is marked with its source.`,
  validateColumnsTitle: '  Columns read (field ← header):',
  validateUnitsTitle: '  Units (and how they were decided):',
  validateIdentitiesTitle: "  Identities checked (the table's own arithmetic):",
  validateMapping: (field: string, header: string) => `    ${field.padEnd(22)} ← "${header}"`,
  validateUnused: (headers: string[]) =>
    `  Unused columns: ${headers.length === 0 ? 'none' : headers.map((h) => `"${h}"`).join(', ')}`,
  validateUnit: (unit: string, value: string, how: string) =>
    `    ${unit.padEnd(16)} ${value} (${how})`,
  validateIdentity: (
    identity: string,
    result: string,
    checked: number,
    failed: number,
    tolerance: string,
  ) =>
    `    ${result.padEnd(13)} ${identity}: ${checked - failed} of ${checked} rows (tolerance ${tolerance})`,
  validateLevels: (levels: Record<string, number>, suppressed: number, us: number) =>
    `  Rows by level: ${Object.entries(levels)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; suppressed (kept out) ${suppressed}; United States rows dropped ${us}`,

  // ---- formats: outputs on demand, the workbook within Excel's limits, many areas at a glance
  formatsEmpty: (allowed: readonly string[]) =>
    `must list at least one of ${allowed.map((f) => `"${f}"`).join(', ')} (recommendation.md and manifest.json are always written)`,
  unknownFormat: (value: string, allowed: readonly string[]) =>
    `"${value}" is not a format clusterfit writes; give a comma-separated list of ${allowed.join(', ')}`,
  chartsWritten: (charts: number) => `${charts} charts as .vl.json/.svg/.png`,
  sheetLeftOut: (title: string, rows: number, limit: number, files: readonly string[]) =>
    `The ${title} table has ${thousands(rows)} rows, more than a worksheet holds (${thousands(limit)} below its header), so results.xlsx leaves it out: ${files.length > 0 ? `open ${files.join(' or ')}, which hold${files.length === 1 ? 's' : ''} every row` : 'add "parquet" or "csv" to formats to have its rows in a file'}.`,
  areasAtAGlance: (areas: number, frameworks: readonly string[]) =>
    `${thousands(areas)} areas × ${plural(frameworks.length, 'framework')} (${frameworks.join(', ')}): too many to list each area's approved clusters here.`,
  areasDiffer: (framework: string, differ: number, compared: number) =>
    `  ${framework}: ${thousands(differ)} of ${thousands(compared)} areas approve a list other than their state's.`,
  statesDifferCount: (framework: string, differ: number, states: number, common: number) =>
    `  ${framework}: ${thousands(differ)} of ${thousands(states)} states approve a list other than the one ${thousands(common)} states share.`,
  areasFiles: (differences: string, clusters: string) =>
    `Open ${differences} for each area's list beside the one it is read against, and ${clusters} for every area's clusters.`,
} as const;

/** Publishing: charts, brief, workbook and typed tables. */
export const publishMessages = {
  publicationsWritten: (files: number, ms: number, kinds: readonly string[]) =>
    `  extras   ${String(files).padStart(7)} files ${String(Math.round(ms)).padStart(6)} ms  (${kinds.join(', ')})`,
  stabilityNotCharted:
    'Probability of approval with rank intervals: not drawn, because this run has no stability output (no stability table).',
  fontTableMissing: (file: string, table: string) =>
    `Chart font ${file} has no "${table}" table; reinstall the dejavu-fonts-ttf package (npm ci).`,
  fontNoUnicodeMap: (file: string) =>
    `Chart font ${file} has no Unicode character map (cmap format 4); reinstall the dejavu-fonts-ttf package (npm ci).`,
  outputNameOutsideFolder: (name: string) =>
    `Output name "${name}" would be written outside the output folder; names must be relative paths inside it.`,
} as const;
