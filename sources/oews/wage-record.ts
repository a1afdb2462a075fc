/**
 * The shape every OEWS wage reader produces: one record per area × occupation, wages in dollars,
 * employment in jobs, and BLS's footnote markers kept as flags beside the values.
 */
import type { SocLevel } from '../soc/soc-code.ts';

/**
 * Why a wage value is missing or bounded: BLS prints `*` where an estimate is not available
 * (suppressed, or an hourly wage for an annual-only occupation) and `#` where it is at or above
 * the top code. A blank cell with no marker is null: unknown.
 */
export type WageFlag = 'suppressed' | 'top-coded' | null;

export interface WageRecord {
  /** Row in the source file (the header is row 1). */
  source_row: number;
  /** State postal code, or 'US' for the nation. */
  area_code: string;
  area_name: string;
  /** State FIPS code ("09"), or BLS's national area code "99". */
  area_fips: string;
  soc_code: string;
  soc_title: string;
  occ_group: SocLevel;
  /** Jobs; null where BLS did not release an estimate. */
  tot_emp: number | null;
  a_mean: number | null;
  a_mean_flag: WageFlag;
  a_median: number | null;
  a_median_flag: WageFlag;
  h_median: number | null;
  h_median_flag: WageFlag;
}

export interface WageTable {
  area: { code: string; name: string; fips: string };
  records: WageRecord[];
  /** What the reader did to the publisher's values, for the manifest. */
  notes: string[];
  soc_vintage: 2010 | 2018;
  /** The OEWS reference period, e.g. "May 2015". */
  reference_period: string;
}
