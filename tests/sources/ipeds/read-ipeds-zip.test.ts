/**
 * NCES serves IPEDS files as zips (C2023_A.zip holding c2023_a.csv, HD2023.zip holding
 * hd2023.csv): read through the one zip layer, they give what their CSV gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readCompletions } from '../../../sources/ipeds/read-completions.ts';
import { readInstitutions } from '../../../sources/ipeds/read-institutions.ts';
import { FIXTURES, tempDir } from '../../helpers.ts';

const C2023 = join(FIXTURES, 'ipeds', 'c2023_a.csv');
const HD2023 = join(FIXTURES, 'ipeds', 'hd2023.csv');

async function zipOf(entries: Record<string, string>, name: string): Promise<string> {
  const zip = new JSZip();
  for (const [entry, path] of Object.entries(entries)) zip.file(entry, readFileSync(path));
  const out = join(tempDir(), name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

describe('IPEDS files as NCES serves them (zip)', () => {
  it('reads C2023_A.zip as its c2023_a.csv, skipping a revised copy beside it', async () => {
    const zip = await zipOf({ 'c2023_a.csv': C2023, 'c2023_a_rv.csv': HD2023 }, 'C2023_A.zip');
    const fromZip = readCompletions(zip, 'supply/C2023_A.zip');
    expect(fromZip).toEqual(readCompletions(C2023, 'supply/C2023_A.zip/c2023_a.csv'));
    // The fixture's first-major 6-digit awards: 120 + 40 + 60 + 10 + 25 + 500 + 300 + 100 + 200 + 50.
    expect(fromZip.reduce((t, r) => t + r.completions, 0)).toBe(1405);
  });

  it('reads HD2023.zip as its hd2023.csv', async () => {
    const zip = await zipOf({ 'hd2023.csv': HD2023 }, 'HD2023.zip');
    expect(readInstitutions(zip, 'supply/HD2023.zip')).toEqual(
      readInstitutions(HD2023, 'supply/HD2023.zip/hd2023.csv'),
    );
  });

  it('refuses a zip without the completions file, naming what it holds', async () => {
    const zip = await zipOf({ 'readme.txt': HD2023 }, 'C2023_A.zip');
    expect(() => readCompletions(zip, 'supply/C2023_A.zip')).toThrow(
      /supply\/C2023_A\.zip: the archive holds no Completions "c<year>_a\.csv" \(entries: readme\.txt\)/,
    );
  });
});
