/**
 * The built-in frameworks are data (sources/frameworks/*.json). They must agree with the
 * publishers' crosswalks name for name, and a crosswalk that names a cluster the definition lacks
 * must stop the run rather than create a seventeenth legacy cluster.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../kernel/frameworks.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { readActeSocCrosswalk } from '../../sources/advance-cte/read-soc-crosswalk.ts';
import { readOnetCareerClusters } from '../../sources/onet/read-career-clusters.ts';
import { captureIO, FIXTURES, shippedFile, tempDir } from '../helpers.ts';

describe('shipped framework definitions', () => {
  it('legacy 16: 16 clusters and 73 pathways; 2024: 14 clusters, 71 sub-clusters, 3 cross-cutting', () => {
    const count = (id: 'legacy16' | 'acte2024') => {
      const clusters = FRAMEWORKS[id].clusters ?? [];
      return [clusters.length, clusters.reduce((t, c) => t + c.sublevels.length, 0)];
    };
    expect(count('legacy16')).toEqual([16, 73]);
    expect(count('acte2024')).toEqual([14, 71]);
    expect(FRAMEWORKS.acte2024.crossCutting).toEqual([
      'Digital Technology',
      'Management & Entrepreneurship',
      'Marketing & Sales',
    ]);
    expect(FRAMEWORKS.acte2024.clusters?.find((c) => c.name === 'Education')?.naics).toEqual([
      '61',
      '92',
    ]);
  });

  it('stops on a crosswalk cluster the definition lacks, naming file, row and value', async () => {
    const data = tempDir();
    cpSync(join(FIXTURES, 'mini-data'), data, { recursive: true });
    const file = join(
      data,
      'career_clusters',
      'advance_cte_2024',
      'acte_soc_cluster_subcluster.csv',
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] =
      lines[2]?.replace(/Healthcare & Human Services/, 'Healthcare and Human Services') ?? '';
    writeFileSync(file, lines.join('\n'));
    const config = join(FIXTURES, 'configs', 'mini.json');
    await expect(
      runPipeline({ configFile: config, outDir: tempDir(), dataDir: data }, captureIO()),
    ).rejects.toThrow(
      'row 3, column "Career Cluster", value "Healthcare and Human Services": not a cluster of the National Career Clusters Framework, 2024 (14 clusters) as sources/frameworks/acte2024.json defines it. Did you mean "Healthcare & Human Services"?',
    );
  });
});

describe('shipped framework definitions against the real crosswalks', () => {
  it('name every cluster and sub-level exactly as the publishers’ crosswalks do', async () => {
    const onet = await readOnetCareerClusters(
      shippedFile('career_clusters/onet_all_career_clusters_16.csv'),
      'onet.csv',
    );
    const acte = await readActeSocCrosswalk(
      shippedFile('career_clusters/advance_cte_2024/acte_soc_cluster_subcluster.csv'),
      'acte.csv',
    );
    for (const [id, records] of [
      ['legacy16', onet],
      ['acte2024', acte],
    ] as const) {
      const defined = (FRAMEWORKS[id].clusters ?? []).flatMap((c) =>
        c.sublevels.map((s) => `${c.name} / ${s}`),
      );
      const published = [...new Set(records.map((r) => `${r.cluster} / ${r.sublevel}`))];
      expect(new Set(defined)).toEqual(new Set(published));
    }
  });
});
