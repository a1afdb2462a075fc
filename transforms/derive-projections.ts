/**
 * Projections for an area that publishes none, derived the way commercial tools do for regions:
 * a constant-share projection. Each occupation's area employment (OEWS) grows at the national
 * projected rate for that occupation, and has openings at the national rate per job:
 *
 *   projected = area employment × national projected / national base
 *   openings  = area employment × national annual openings / national base
 *
 * The area's total is the sum of its occupations, so its change equals the sum of theirs. Wages
 * are the area's own OEWS medians; typical education is the national assignment. Every derived
 * table says so in its area name and its notes, so nobody mistakes it for a published projection.
 */

import type { WageTable } from '../sources/oews/wage-record.ts';
import type { ProjectionRecord, ProjectionTable } from '../sources/projection-record.ts';

export interface DerivedTables {
  tables: ProjectionTable[];
  /** Occupations with area employment but no national rate: counted, reported, left out. */
  withoutRate: { area: string; soc_code: string; employment: number }[];
}

export function deriveProjections(
  wages: readonly WageTable[],
  rates: ProjectionTable,
  labels: { employment: string; rates: string },
): DerivedTables {
  const national = new Map(
    rates.records.filter((r) => r.is_detail).map((r) => [r.soc_code, r] as const),
  );
  const withoutRate: DerivedTables['withoutRate'] = [];
  const tables = wages.map((w): ProjectionTable => {
    const records: ProjectionRecord[] = [];
    const total = w.records.find((r) => r.occ_group === 'total');
    for (const r of w.records) {
      if (r.occ_group !== 'detailed' || r.tot_emp === null || r.tot_emp <= 0) continue;
      const n = national.get(r.soc_code);
      if (!n || n.base_employment <= 0) {
        withoutRate.push({ area: w.area.code, soc_code: r.soc_code, employment: r.tot_emp });
        continue;
      }
      const growth = n.projected_employment / n.base_employment;
      // Openings per job per year; the publisher's unit (thousands) cancels out.
      const openingsRate =
        n.openings === null
          ? null
          : n.openings / rates.units.openings_period_years / n.base_employment;
      const projected = r.tot_emp * growth;
      records.push({
        source_row: r.source_row,
        soc_code: r.soc_code,
        soc_title: r.soc_title,
        is_detail: true,
        is_total: false,
        base_employment: r.tot_emp,
        projected_employment: projected,
        change: projected - r.tot_emp,
        pct_change: 100 * (growth - 1),
        exits: null,
        transfers: null,
        openings: openingsRate === null ? null : r.tot_emp * openingsRate,
        median_hourly_wage: r.h_median,
        median_annual_wage: r.a_median,
        median_wage_topcoded: r.a_median_flag === 'top-coded',
        education: n.education,
        work_experience: n.work_experience,
        ojt: n.ojt,
      });
    }
    const base = records.reduce((s, r) => s + r.base_employment, 0);
    const projected = records.reduce((s, r) => s + r.projected_employment, 0);
    records.unshift({
      source_row: total?.source_row ?? 0,
      soc_code: '00-0000',
      soc_title: 'Total, all occupations (sum of derived occupations)',
      is_detail: false,
      is_total: true,
      base_employment: base,
      projected_employment: projected,
      change: projected - base,
      pct_change: base > 0 ? (100 * (projected - base)) / base : null,
      exits: null,
      transfers: null,
      openings: null,
      median_hourly_wage: total?.h_median ?? null,
      median_annual_wage: total?.a_median ?? null,
      education: null,
      work_experience: null,
      ojt: null,
    });
    return {
      area: {
        code: w.area.code,
        name: `${w.area.name} (derived from national rates)`,
        type: 'state',
        fips: w.area.fips,
      },
      base_year: rates.base_year,
      proj_year: rates.proj_year,
      units: {
        employment_multiplier: 1,
        openings_period_years: 1,
        pct_change_unit: 'percent',
        openings_method: rates.units.openings_method,
        soc_vintage: rates.units.soc_vintage,
        rounding: 1,
      },
      records,
      notes: [
        `Derived, not published: ${w.area.name} employment from ${labels.employment} (${w.reference_period}) grown at each occupation's national rate from ${labels.rates} (${rates.base_year}-${rates.proj_year}), with national openings per job; a constant-share projection that ignores the area's own industry mix.`,
        'OEWS employment excludes the self-employed, so derived totals run below published projections that include them.',
      ],
    };
  });
  return { tables, withoutRate };
}
