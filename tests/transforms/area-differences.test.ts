/**
 * mart_area_differences: a sub-state area beside its state, and in a run of several states each
 * state beside the list most states share. Run on small hand-made marts in DuckDB.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { runModels } from '../../transforms/run-models.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

/** mart_clusters and stg_areas holding just what the model reads. */
async function marts(
  areas: [code: string, name: string, type: string][],
  approved: Record<string, string[]>,
  clusters: string[],
): Promise<void> {
  await db.exec(`create table stg_areas (area_code varchar, vintage varchar, area_type varchar)`);
  await db.exec(`create table mart_clusters (area_code varchar, area_name varchar, vintage varchar,
    framework varchar, cluster varchar, approved boolean)`);
  for (const [code, name, type] of areas) {
    await db.exec('insert into stg_areas values (?, ?, ?)', [code, '2024-2034', type]);
    for (const cluster of clusters) {
      await db.exec('insert into mart_clusters values (?, ?, ?, ?, ?, ?)', [
        code,
        name,
        '2024-2034',
        'legacy16',
        cluster,
        (approved[code] ?? []).includes(cluster),
      ]);
    }
  }
}

const rows = () =>
  db.all(`select area_code, state_code, added, dropped, differs, compared_with,
      sharing::integer as sharing, states::integer as states
    from mart_area_differences order by area_code`);

describe('mart_area_differences', () => {
  it('reads each state of a several-state run against the list most states share', async () => {
    await marts(
      [
        ['CO', 'Colorado', 'state'],
        ['CT', 'Connecticut', 'state'],
        ['KS', 'Kansas', 'state'],
      ],
      {
        CO: ['Finance', 'Health Science'],
        CT: ['Health Science', 'Manufacturing'],
        KS: ['Finance', 'Health Science'],
      },
      ['Finance', 'Health Science', 'Manufacturing'],
    );
    await runModels(db, ['marts/mart_area_differences']);
    expect(await rows()).toEqual([
      {
        area_code: 'CO',
        state_code: null,
        added: '',
        dropped: '',
        differs: false,
        compared_with: 'most states',
        sharing: 2,
        states: 3,
      },
      {
        area_code: 'CT',
        state_code: null,
        added: 'Manufacturing',
        dropped: 'Finance',
        differs: true,
        compared_with: 'most states',
        sharing: 2,
        states: 3,
      },
      {
        area_code: 'KS',
        state_code: null,
        added: '',
        dropped: '',
        differs: false,
        compared_with: 'most states',
        sharing: 2,
        states: 3,
      },
    ]);
  });

  it('reads a sub-state area against its state, and a single state against nothing', async () => {
    await marts(
      [
        ['CA', 'California', 'state'],
        ['CA-napa-msa', 'Napa MSA', 'substate'],
      ],
      { CA: ['Finance'], 'CA-napa-msa': ['Agriculture'] },
      ['Agriculture', 'Finance'],
    );
    await runModels(db, ['marts/mart_area_differences']);
    expect(await rows()).toEqual([
      {
        area_code: 'CA-napa-msa',
        state_code: 'CA',
        added: 'Agriculture',
        dropped: 'Finance',
        differs: true,
        compared_with: 'state',
        sharing: null,
        states: null,
      },
    ]);
  });
});
