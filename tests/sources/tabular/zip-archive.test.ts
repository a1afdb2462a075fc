/**
 * The one zip layer: honest archives read back (the writer's own and a real publisher's
 * workbook), and every way a directory can lie refused with exit 3 naming file and entry:
 * sizes, CRC after one byte of a real sheet is changed, names that climb out, a bomb. The peak
 * memory of refusing a 3 GiB-inflating workbook whose directory declares 1,000 bytes is
 * measured in a child process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../kernel/cli-error.ts';
import { writeZipFile, zipBuffer } from '../../../outputs/zip-writer.ts';
import { readWorkbook, workbookFromBytes } from '../../../sources/tabular/xlsx-reader.ts';
import { openZipArchive } from '../../../sources/tabular/zip-archive.ts';
import { dataFile, describeWithData, REPO_ROOT, tempDir } from '../../helpers.ts';
import { craftZip, deflated, spacesStream, stored } from '../../zip-craft.ts';

/** The CliError a call throws (failing the test when it throws nothing or something else). */
function refusal(f: () => unknown): CliError {
  try {
    f();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const CA_EDD = 'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx';
const SHEET = 'xl/worksheets/sheet1.xml';

describe('zip layer on honest archives', () => {
  it('reads back what the writer wrote, entries in order', () => {
    const zip = openZipArchive(
      zipBuffer([
        { name: 'a.txt', data: 'alpha' },
        { name: 'dir/b.xml', data: '<b>beta</b>'.repeat(1000) },
      ]),
      'out.zip',
    );
    expect(zip.names).toEqual(['a.txt', 'dir/b.xml']);
    expect(zip.read('a.txt')?.toString()).toBe('alpha');
    expect(zip.read('dir/b.xml')?.length).toBe(11_000);
    expect(zip.read('missing')).toBeUndefined();
  });

  it('reads back an entry the writer streamed in chunks, its CRC built chunk by chunk', async () => {
    const path = join(tempDir('clusterfit-zip-'), 'streamed.zip');
    const rows = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"/>`);
    async function* chunks() {
      for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000).join('');
    }
    await writeZipFile(path, [
      { name: 'first.txt', data: 'whole' },
      { name: 'xl/worksheets/sheet1.xml', chunks: chunks() },
    ]);
    const zip = openZipArchive(readFileSync(path), 'streamed.zip');
    expect(zip.read('xl/worksheets/sheet1.xml')?.toString()).toBe(rows.join(''));
    expect(zip.read('first.txt')?.toString()).toBe('whole');
  });
});

describe('zip layer refuses a lying archive with exit 3 naming file and entry', () => {
  it('an entry that inflates past its declared size stops one byte past it', () => {
    const bomb = { ...deflated(SHEET, ''), data: spacesStream(64), size: 1000 };
    const e = refusal(() => openZipArchive(craftZip([bomb]), 'lying.xlsx').read(SHEET));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('lying.xlsx');
    expect(e.message).toContain(`zip entry "${SHEET}"`);
    expect(e.message).toContain('inflates to more than 1,001 bytes');
    expect(e.message).toContain('declares 1,000');
  });

  it('an entry that inflates to less than it declares', () => {
    const short = { ...deflated('a.xml', 'x'.repeat(500)), size: 900 };
    const e = refusal(() => openZipArchive(craftZip([short]), 'short.zip').read('a.xml'));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('inflates to only 500 bytes, but the zip directory declares 900');
  });

  it('a stored entry whose declared size differs from its bytes', () => {
    const e = refusal(() =>
      openZipArchive(craftZip([{ ...stored('a.xml', 'abc'), size: 2 }]), 's.zip').read('a.xml'),
    );
    expect(e.message).toContain('declares 2');
  });

  it('a zip bomb by its declared sizes, before anything is inflated', () => {
    const honest = { ...deflated(SHEET, ''), data: spacesStream(8), size: 8 * 1024 * 1024 };
    const e = refusal(() =>
      openZipArchive(craftZip([honest]), 'bomb.xlsx', { budget: 4 * 1024 * 1024 }),
    );
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(`would inflate to 8,388,608 bytes by entry "${SHEET}"`);
  });

  it.each([
    ['../../etc/passwd', 'climbs out with ".."'],
    ['xl/../../evil.xml', 'climbs out with ".."'],
    ['/etc/cron.d/job', 'is an absolute path'],
    ['C:/Windows/evil.dll', 'is an absolute path'],
    ['xl\\worksheets\\sheet1.xml', 'holds a backslash'],
  ])('an entry named %s', (name, why) => {
    const e = refusal(() => openZipArchive(craftZip([stored(name, 'x')]), 'names.zip'));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('names.zip');
    expect(e.message).toContain(`zip entry "${name}"`);
    expect(e.message).toContain(why);
  });

  it('a name twice in the directory', () => {
    const e = refusal(() =>
      openZipArchive(craftZip([stored('a.xml', 'one'), stored('a.xml', 'two')]), 'twice.zip'),
    );
    expect(e.message).toContain('appears twice');
  });

  it('an archive without its directory (a cut-off download)', () => {
    const bytes = zipBuffer([{ name: 'a.txt', data: 'alpha' }]);
    const e = refusal(() => openZipArchive(bytes.subarray(0, bytes.length - 30), 'cut.zip'));
    expect(e.message).toContain('cut.zip');
    expect(e.message).toContain('zip directory is missing');
  });
});

describeWithData('zip layer on a real workbook (California EDD 2023-2033)', () => {
  /** The workbook re-packed with every entry stored, so a sheet's bytes can be edited in place. */
  function storedCopy(edit?: (sheet: string) => string): string {
    const real = openZipArchive(readFileSync(dataFile(CA_EDD)), 'real');
    const entries = real.names.map((name) => {
      const bytes = real.read(name) as Buffer;
      if (name !== SHEET || !edit) return stored(name, bytes);
      // The directory keeps the true sheet's size and CRC: only the bytes change.
      const honest = stored(name, bytes);
      return { ...honest, data: Buffer.from(edit(bytes.toString('utf8'))) };
    });
    const path = join(tempDir('clusterfit-zip-'), 'edd.xlsx');
    writeFileSync(path, craftZip(entries));
    return path;
  }

  it('reads its Chief Executives annual wage, $224,690.23, through a stored copy', () => {
    const rows = readWorkbook(storedCopy()).worksheets[0]?.rows() ?? [];
    const row8 = rows.find((r) => r.row === 8)?.cells;
    expect(row8?.slice(1, 3)).toEqual(['11-1011', 'Chief Executives']);
    expect(row8?.[11]).toBe(224690.23);
  });

  it('reads the workbook out of a zip download, as OEWS ships its workbooks', () => {
    const download = craftZip([
      deflated('readme.txt', 'California long-term projections'),
      deflated('ca/edd.xlsx', readFileSync(dataFile(CA_EDD))),
    ]);
    const zip = openZipArchive(download, 'ca.zip');
    const wb = workbookFromBytes(zip.read('ca/edd.xlsx') as Buffer, 'ca.zip: ca/edd.xlsx');
    const rows = wb.worksheets.find((w) => w.name === 'Occupational')?.rows() ?? [];
    const nurses = rows.find((r) => r.cells.includes('29-1141'));
    expect(nurses?.cells).toContain('Registered Nurses');
    expect(rows.find((r) => r.row === 8)?.cells[11]).toBe(224690.23);
  });

  it('refuses the copy with one digit of that wage changed: the CRC no longer matches', () => {
    const path = storedCopy((xml) => {
      expect(xml).toContain('<v>224690.23</v>');
      return xml.replace('<v>224690.23</v>', '<v>924690.23</v>');
    });
    const e = refusal(() => readWorkbook(path, 'edd.xlsx').worksheets[0]?.rows());
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('Cannot read edd.xlsx as an Excel workbook');
    expect(e.message).toContain(`zip entry "${SHEET}"`);
    expect(e.message).toMatch(/its CRC-32 is [0-9a-f]{8}, but the zip directory declares/);
  });
});

describe('zip layer memory', () => {
  it('refuses a workbook whose sheet declares 1,000 bytes but inflates to 3 GiB in < 400 MiB', () => {
    const dir = tempDir('clusterfit-zip-');
    const workbook = join(dir, 'lying.xlsx');
    writeFileSync(
      workbook,
      craftZip([
        deflated(
          'xl/workbook.xml',
          '<workbook><sheets><sheet name="Occupational" r:id="rId1"/></sheets></workbook>',
        ),
        deflated(
          'xl/_rels/workbook.xml.rels',
          '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        ),
        { ...deflated(SHEET, ''), data: spacesStream(3 * 1024), size: 1000 },
      ]),
    );
    const script = join(dir, 'refuse.mts');
    writeFileSync(
      script,
      `import { openWorkbook, sheetRows } from ${JSON.stringify(join(REPO_ROOT, 'sources/tabular/read-xlsx-table.ts'))};
let code = 0, message = '';
try {
  const wb = await openWorkbook(${JSON.stringify(workbook)}, 'lying.xlsx');
  for (const ws of wb.worksheets) sheetRows(ws, 'lying.xlsx');
} catch (e) { code = e.exitCode ?? 1; message = e.message; }
process.stdout.write(JSON.stringify({ code, message, maxRssKiB: process.resourceUsage().maxRSS }));
`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { code: number; message: string; maxRssKiB: number };
    expect(out.code).toBe(3);
    expect(out.message).toContain('lying.xlsx');
    expect(out.message).toContain('inflates to more than 1,001 bytes');
    // maxRSS is in KiB. The file itself is 3 MB; before the zip layer this reached gigabytes.
    expect(out.maxRssKiB).toBeLessThan(400 * 1024);
  }, 60_000);
});

describe('the Node versions package.json admits', () => {
  // zlib.crc32, which the zip reader and writer use, is new in Node 20.15 and in 22.2.
  const CRC32_SINCE: Record<number, [number, number]> = { 20: [20, 15], 22: [22, 2] };

  it('all have zlib.crc32: every range starts at or after 20.15 or 22.2', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const engines: string = pkg.engines.node;
    const starts = engines.split('||').map((range) => {
      const m = /^\s*>=(\d+)\.(\d+)/.exec(range);
      if (!m) throw new Error(`range without a lower bound: ${range}`);
      return [Number(m[1]), Number(m[2])] as [number, number];
    });
    expect(starts).toEqual([
      [20, 19],
      [22, 2],
    ]);
    for (const [major, minor] of starts) {
      const since = CRC32_SINCE[major];
      if (!since) throw new Error(`no zlib.crc32 release known for Node ${major}`);
      expect(minor).toBeGreaterThanOrEqual(since[1]);
    }
  });
});
