import { beforeAll, describe, expect, it } from 'vitest';
import { OEWS_AGGREGATES } from '../../../sources/oews/aggregate-codes.ts';
import { readSocStructure } from '../../../sources/soc/read-soc-structure.ts';
import { shippedFile } from '../../helpers.ts';

describe('OEWS aggregate code definitions', () => {
  let detailed = new Set<string>();
  beforeAll(async () => {
    const soc = await readSocStructure(shippedFile('soc/bls_soc_structure_2018.csv'), 'soc.csv');
    detailed = new Set(soc.filter((r) => r.level === 'detailed').map((r) => r.soc_code));
  });

  it('lists only real SOC 2018 detailed codes as members, and no aggregate is itself detailed', () => {
    for (const a of OEWS_AGGREGATES) {
      for (const m of a.members) expect(detailed.has(m), `${a.code} member ${m}`).toBe(true);
      expect(detailed.has(a.code), a.code).toBe(false);
    }
    expect(new Set(OEWS_AGGREGATES.map((a) => a.code)).size).toBe(OEWS_AGGREGATES.length);
  });

  it('keeps members within the aggregate major group', () => {
    for (const a of OEWS_AGGREGATES) {
      for (const m of a.members) expect(m.slice(0, 2), `${a.code} ${m}`).toBe(a.code.slice(0, 2));
    }
  });
});
