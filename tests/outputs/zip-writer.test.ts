import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { zipBuffer } from '../../outputs/zip-writer.ts';

describe('zipBuffer', () => {
  const entries = [
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'xl/worksheets/sheet1.xml', data: `<sheetData>${'<row/>'.repeat(10_000)}</sheetData>` },
    { name: 'docs/Ñandú é.txt', data: new Uint8Array([0, 1, 2, 255]) },
  ];

  it('writes entries another zip reader reads back byte for byte, in order', async () => {
    const zip = await JSZip.loadAsync(zipBuffer(entries));
    expect(Object.keys(zip.files)).toEqual(entries.map((e) => e.name));
    expect(await zip.file('xl/worksheets/sheet1.xml')?.async('string')).toBe(entries[1]?.data);
    expect([...((await zip.file('docs/Ñandú é.txt')?.async('uint8array')) ?? [])]).toEqual([
      0, 1, 2, 255,
    ]);
    // Deflated, not stored: 60,000 repetitive bytes shrink to a few hundred.
    expect(zipBuffer(entries).length).toBeLessThan(2_000);
  });

  it('has CRCs a reader verifies, and gives the same bytes on every call', async () => {
    const bytes = zipBuffer(entries);
    const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(await zip.file('[Content_Types].xml')?.async('string')).toBe('<Types/>');
    // A flipped byte in the deflated data no longer matches its CRC.
    const broken = Buffer.from(bytes);
    const inData = 30 + '[Content_Types].xml'.length + 1; // local header, name, then data
    broken[inData] = (broken[inData] as number) ^ 0xff;
    await expect(
      JSZip.loadAsync(broken, { checkCRC32: true }).then((z) =>
        Promise.all(Object.values(z.files).map((f) => f.async('uint8array'))),
      ),
    ).rejects.toThrow();
    expect(bytes.equals(zipBuffer(entries))).toBe(true);
  });
});
