/**
 * ingest's files read ahead while DuckDB's instance opens (pipeline/stages/ingest.ts readAhead):
 * the same records as the readers give, only for the files ingest parses in JavaScript, and a
 * failed read met where ingest takes it rather than thrown where the read starts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../kernel/cli-error.ts';
import { loadConfig } from '../../pipeline/config.ts';
import { resolveInput } from '../../pipeline/data-dir.ts';
import { readAhead } from '../../pipeline/stages/ingest.ts';
import type { CrosswalkRecord } from '../../sources/crosswalk-record.ts';
import type { ProjectionTable } from '../../sources/projection-record.ts';
import type { SocStructureRecord } from '../../sources/soc/read-soc-structure.ts';
import { DEFAULT_DATA_DIR, tempDir } from '../helpers.ts';

const IDS = [
  'ca-edd-longterm-2023-2033',
  'onet-career-clusters-16',
  'acte-2024-soc',
  'soc-2018-structure',
];

function resolvedIn(dataDir: string) {
  const config = loadConfig(undefined);
  return { config, resolved: new Map(IDS.map((id) => [id, resolveInput(id, config, dataDir)])) };
}

describe('readAhead', () => {
  it("reads the default job's workbook, both crosswalks and the SOC structure", async () => {
    const { config, resolved } = resolvedIn(DEFAULT_DATA_DIR);
    const reads = readAhead(config, resolved);
    const path = (id: string) => resolved.get(id)?.path;
    expect([...reads.keys()]).toEqual([
      `projections ${path('ca-edd-longterm-2023-2033')}`,
      `crosswalk ${path('onet-career-clusters-16')}`,
      `crosswalk ${path('acte-2024-soc')}`,
      `soc ${path('soc-2018-structure')}`,
    ]);
    const [projections, onet, acte, soc] = [...reads.values()];
    const tables = (await projections) as ProjectionTable[];
    expect(tables.map((t) => [t.area.name, t.records.length])).toEqual([['California', 793]]);
    expect(new Set(((await onet) as CrosswalkRecord[]).map((r) => r.source_row)).size).toBe(1011);
    expect(new Set(((await acte) as CrosswalkRecord[]).map((r) => r.source_row)).size).toBe(1203);
    expect(((await soc) as SocStructureRecord[]).length).toBe(1447);
  });

  it('leaves a derived run and a file of a SQL reader to ingest', () => {
    const { config, resolved } = resolvedIn(DEFAULT_DATA_DIR);
    config.derive = { employment: 'x', rates: 'y' };
    const reads = readAhead(config, resolved);
    expect([...reads.keys()].map((k) => k.split(' ')[0])).toEqual([
      'crosswalk',
      'crosswalk',
      'soc',
    ]);
  });

  it("rejects a damaged file's read instead of throwing where the read starts", async () => {
    const dir = tempDir();
    const { config, resolved } = resolvedIn(DEFAULT_DATA_DIR);
    const acte = resolved.get('acte-2024-soc');
    if (!acte) throw new Error('acte-2024-soc unresolved');
    const damaged = join(dir, 'acte.csv');
    writeFileSync(damaged, 'not,a,crosswalk\n1,2,3\n');
    resolved.set('acte-2024-soc', { ...acte, path: damaged });
    const reads = readAhead(config, resolved);
    await expect(reads.get(`crosswalk ${damaged}`)).rejects.toBeInstanceOf(CliError);
    expect(
      ((await reads.get(`soc ${resolved.get('soc-2018-structure')?.path}`)) as []).length,
    ).toBe(1447);
  });
});
