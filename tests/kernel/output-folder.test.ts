import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputFolder } from '../../kernel/output-folder.ts';
import { tempDir } from '../helpers.ts';

function publish(dir: string, files: Record<string, string>): OutputFolder {
  const out = OutputFolder.prepare(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(out.path(name), text);
  return out;
}

describe('OutputFolder', () => {
  it('moves nested files into place and replaces the whole charts folder', () => {
    const dir = tempDir();
    publish(dir, { 'a.csv': '1', 'charts/old.svg': 'old', 'charts/keep.svg': 'v1' }).commit();
    publish(dir, { 'a.csv': '2', 'charts/keep.svg': 'v2' }).commit();
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('2');
    expect(readFileSync(join(dir, 'charts/keep.svg'), 'utf8')).toBe('v2');
    // The chart the second run did not write is gone, not left stale beside the new ones.
    expect(existsSync(join(dir, 'charts/old.svg'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('.staging-'))).toEqual([]);
  });

  it('leaves the previous files and charts untouched when a run aborts', () => {
    const dir = tempDir();
    publish(dir, { 'a.csv': '1', 'charts/x.svg': 'v1' }).commit();
    publish(dir, { 'a.csv': '2', 'charts/x.svg': 'v2' }).abort();
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('1');
    expect(readFileSync(join(dir, 'charts/x.svg'), 'utf8')).toBe('v1');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'charts']);
  });

  it('removes what the previous run published and this one does not, and nothing else', () => {
    const dir = tempDir();
    publish(dir, { 'a.csv': '1', 'results.xlsx': 'x', 'charts/s.svg': 'v1' }).commit();
    writeFileSync(join(dir, 'notes.txt'), 'the analyst’s own file');
    writeFileSync(join(dir, '.hidden'), 'h');
    const sibling = tempDir();
    writeFileSync(join(sibling, 'keep.txt'), 'k');
    // As a previous manifest could list them: this run's file, two it no longer writes, one
    // already gone, and names that are not plain names inside the folder.
    const retire = ['a.csv', 'results.xlsx', 'charts/s.svg', 'gone.csv'];
    const unsafe = [`../${basename(sibling)}`, sibling, '.hidden', '..', ''];
    expect(publish(dir, { 'a.csv': '2' }).commit([...retire, ...unsafe])).toEqual(['a.csv']);
    expect(readdirSync(dir).sort()).toEqual(['.hidden', 'a.csv', 'notes.txt']);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('2');
    expect(readFileSync(join(sibling, 'keep.txt'), 'utf8')).toBe('k');
  });

  it('refuses names that would escape the output folder', () => {
    const out = OutputFolder.prepare(tempDir());
    expect(() => out.path('../evil.csv')).toThrow(/outside the output folder/);
    out.abort();
  });
});
