/**
 * data/SOURCES.md against data/: the repository ships exactly the files it lists, each with the
 * sha256 and size it states, at the catalog's paths, tracked by git while everything else that
 * lands in data/ (what `clusterfit fetch` saves) stays ignored.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileDigest } from '../../pipeline/data-dir.ts';
import { findSource } from '../../sources/catalog.ts';
import {
  DATA_DIR,
  DEFAULT_DATA_DIR,
  dataFile,
  describeWithData,
  REPO_ROOT,
  readCsv,
  SHIPPED_FILES,
  shippedFile,
  tempDir,
} from '../helpers.ts';

/** The catalog sources whose files are shipped: the default run's four, then three for a user's own file. */
const SHIPPED_SOURCES = [
  'ca-edd-longterm-2023-2033',
  'onet-career-clusters-16',
  'acte-2024-soc',
  'soc-2018-structure',
  'bls-ep-2024-2034',
  'oews-may2025-national',
  'soc-2010-2018-crosswalk',
];

function git(...args: string[]) {
  return spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' });
}
const IN_GIT = git('rev-parse', '--is-inside-work-tree').stdout.trim() === 'true';

describe('data/SOURCES.md', () => {
  it('lists the seven shipped files, at the catalog paths of the sources that need them', () => {
    expect([...SHIPPED_FILES.keys()]).toEqual(SHIPPED_SOURCES.map((id) => findSource(id)?.path));
  });

  it('gives each file its true sha256 and size', () => {
    for (const [file, listed] of SHIPPED_FILES) {
      expect({ file, ...fileDigest(shippedFile(file)) }).toEqual({
        file,
        sha256: listed.sha256,
        bytes: listed.bytes,
        lineFeeds: null,
      });
    }
    const total = [...SHIPPED_FILES.values()].reduce((sum, f) => sum + f.bytes, 0);
    expect(total).toBe(1_019_257);
  });

  it("gives each CSV file its row count (the workbook's is checked by the default run's manifest)", () => {
    for (const [file, listed] of SHIPPED_FILES) {
      if (file.endsWith('.csv'))
        expect([file, readCsv(shippedFile(file)).length]).toEqual([file, listed.rows]);
    }
  });

  it('counts line feeds only when asked, across the 4 MB pieces it reads', () => {
    for (const [file] of SHIPPED_FILES) {
      const text = readFileSync(shippedFile(file));
      const expected = text.toString('latin1').split('\n').length - 1;
      expect([file, fileDigest(shippedFile(file), true).lineFeeds]).toEqual([file, expected]);
    }
    // 10 MB in lines of 100 bytes: three pieces, lines split across two boundaries.
    const big = join(tempDir(), 'big.csv');
    writeFileSync(big, `${'x'.repeat(99)}\n`.repeat(100_000));
    expect(fileDigest(big, true)).toMatchObject({ bytes: 10_000_000, lineFeeds: 100_000 });
  });

  it('refuses, in tests, a path it does not list', () => {
    expect(() => shippedFile('cip/nces_cip2020_soc2018_crosswalk.csv')).toThrow(/not shipped/);
  });
});

describe.runIf(IN_GIT)('data/ in git', () => {
  it('tracks exactly SOURCES.md and the files it lists', () => {
    const tracked = git('ls-files', '--', 'data').stdout.trim().split('\n').sort();
    expect(tracked).toEqual(
      ['data/SOURCES.md', ...[...SHIPPED_FILES.keys()].map((f) => `data/${f}`)].sort(),
    );
  });

  it('ignores what fetch adds beside them, never the shipped files', () => {
    const ignored = (path: string) => git('check-ignore', '-q', '--no-index', path).status === 0;
    for (const file of SHIPPED_FILES.keys())
      expect([file, ignored(`data/${file}`)]).toEqual([file, false]);
    expect(ignored('data/SOURCES.md')).toBe(false);
    for (const fetched of [
      'data/cip/nces_cip2020_soc2018_crosswalk.csv',
      'data/soc/soc2018_all.csv',
      'data/career_clusters/advance_cte_2024/acte_cip_cluster_subcluster.csv',
      'data/projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
      'data/wages/bls_oews_may2015_state_all_trendct.csv',
      'data/PROVENANCE.md',
    ]) {
      expect([fetched, ignored(fetched)]).toEqual([fetched, true]);
    }
  });

  it('checks the files out byte for byte (no line-ending conversion)', () => {
    const attrs = git(
      'check-attr',
      'text',
      '--',
      ...[...SHIPPED_FILES.keys()].map((f) => `data/${f}`),
    );
    expect(attrs.stdout.trim().split('\n')).toEqual(
      [...SHIPPED_FILES.keys()].map((f) => `data/${f}: text: unset`),
    );
  });
});

describe.skipIf(IN_GIT)('data/ outside git', () => {
  it('holds no file SOURCES.md does not list', () => {
    const files = readdirSync(DEFAULT_DATA_DIR, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(DEFAULT_DATA_DIR, join(e.parentPath, e.name)))
      .filter((f) => f !== 'SOURCES.md');
    expect(files.sort()).toEqual([...SHIPPED_FILES.keys()].sort());
  });
});

describeWithData(`data/ against ${DATA_DIR}`, () => {
  it('ships byte copies of the shared data folder', () => {
    for (const file of SHIPPED_FILES.keys()) {
      expect(existsSync(dataFile(file))).toBe(true);
      expect([file, fileDigest(dataFile(file))]).toEqual([file, fileDigest(shippedFile(file))]);
    }
  });
});
