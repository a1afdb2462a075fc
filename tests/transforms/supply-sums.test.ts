/**
 * The supply marts sum their awards and openings as DECIMAL, so a rerun gives the same figures
 * whatever order DuckDB's threads add them in (a double sum depends on it, and California's
 * 3,013.275 openings were written 3013.27 in one run and 3013.28 in the next). Here ten awards
 * and ten openings of 0.1 each: as doubles they add up to 0.9999999999999999, as DECIMAL to 1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { runModels } from '../../transforms/run-models.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

/** One program leading to ten occupations of one cluster, a tenth of its award to each. */
async function tenOccupations(): Promise<void> {
  await db.exec(`create table int_supply_occupations as
    select 'CA' as area_code, '2023-2033' as vintage, '52.0201' as cip_code,
      'bachelor' as award_level, 1.0::double as completions, 0.1::double as award_share,
      printf('11-10%02d', i) as soc_code
    from range(10) t(i)`);
  await db.exec(`create table mart_occupations as
    select 'CA' as area_code, '2023-2033' as vintage, 'legacy16' as framework,
      'Business Management & Administration' as cluster, printf('11-10%02d', i) as soc_code,
      1.0::double as allocation_weight, 0.1::double as annual_openings
    from range(10) t(i)`);
  await db.exec(`create table int_projections as
    select area_code, vintage, soc_code, 'Bachelor''s degree' as education_category
    from mart_occupations`);
  await db.exec(`create table ref_award_levels as
    select 'bachelor' as award_level, 'Bachelor''s degree' as education`);
  await db.exec(`create table stg_supply_awards as select 'CA' as area_code`);
}

describe('supply sums', () => {
  it("add a program's awards in a cluster exactly (mart_supply_programs)", async () => {
    await tenOccupations();
    await runModels(db, ['marts/mart_supply_programs']);
    const rows = await db.all<{ completions: number; soc_codes: string }>(
      'select completions, soc_codes from mart_supply_programs',
    );
    expect(rows.map((r) => r.completions)).toEqual([1]);
    expect(rows[0]?.soc_codes.split(';')).toHaveLength(10);
  });

  it("add a cluster's awards and the openings of its occupations exactly (mart_supply)", async () => {
    await tenOccupations();
    await runModels(db, ['marts/mart_supply_programs', 'marts/mart_supply']);
    expect(
      await db.all(
        'select cluster, award_level, completions, annual_openings, completions_per_opening, gap from mart_supply',
      ),
    ).toEqual([
      {
        cluster: 'Business Management & Administration',
        award_level: 'bachelor',
        completions: 1,
        annual_openings: 1,
        completions_per_opening: 1,
        gap: 0,
      },
    ]);
  });
});
