/**
 * One row of a projections file after its reader has typed it, still in the publisher's units.
 * The stage step (transforms/models) brings units into line: openings to annual averages,
 * percent change to percent.
 */
export interface ProjectionRecord {
  source_row: number;
  soc_code: string;
  soc_title: string;
  /** True for the publisher's detailed ("line item") rows, including OEWS aggregate codes. */
  is_detail: boolean;
  is_total: boolean;
  base_employment: number;
  projected_employment: number;
  change: number | null;
  pct_change: number | null;
  exits: number | null;
  transfers: number | null;
  openings: number | null;
  median_hourly_wage: number | null;
  median_annual_wage: number | null;
  /**
   * True when the publisher shows the wage only as a floor (BLS ">=$208,000", ">=239,200"): the
   * wage field then holds that floor. Absent means false.
   */
  median_wage_topcoded?: boolean;
  education: string | null;
  work_experience: string | null;
  ojt: string | null;
  /**
   * Growth and replacement openings, where the publisher splits openings the older BLS way
   * (openings_method 'growth-replacement'), in the same units and period as openings.
   */
  growth_openings?: number | null;
  replacement_openings?: number | null;
}

export interface Area {
  code: string;
  name: string;
  type: 'nation' | 'state' | 'substate';
  /** State FIPS code ("06"); for a sub-state area, the FIPS code of its state; "00" for the nation. */
  fips: string;
  /** The publisher's own word for a sub-state area ("Metropolitan Area", "Consortium", "region"). */
  publisher_type?: string;
}

/** How the publisher's numbers are expressed, so staging can convert them. */
export interface ProjectionUnits {
  /** Employment counts are multiplied by this to give jobs (1000 for BLS "thousands"). */
  employment_multiplier: number;
  /** Openings, exits and transfers are totals over this many years (1 = already annual). */
  openings_period_years: number;
  /** Percent change as a fraction (0.105) or in percent (10.5). */
  pct_change_unit: 'fraction' | 'percent';
  /**
   * How openings were projected. BLS's separations method (exits + transfers + growth, 2017 on)
   * and the older growth + replacement method give figures that must not be compared unknowingly.
   */
  openings_method: 'separations' | 'growth-replacement';
  /** The SOC taxonomy the codes belong to. */
  soc_vintage: 2010 | 2018;
  /**
   * The precision figures are published to, in the file's units (10 when rounded to tens, 0.1 for
   * BLS thousands with one decimal). Identity checks allow the rounding of three terms.
   */
  rounding?: number;
}

export interface ProjectionTable {
  area: Area;
  base_year: number;
  proj_year: number;
  units: ProjectionUnits;
  records: ProjectionRecord[];
  /** Sentences for the manifest about what the reader interpreted (e.g. wage 0 = no estimate). */
  notes: string[];
}

/** A table as loaded into raw_projections: its area, years, units and notes, and its row count. */
export type LoadedTable = Omit<ProjectionTable, 'records'> & { rows: number };

/**
 * A projections file a reader leaves to DuckDB: its tables as the reader would type them, with a
 * row count instead of records, and a query giving the records from a table of the run's
 * database, which raw_projections (a view, then) reads for as long as the database is used.
 */
export interface SqlProjections {
  tables: LoadedTable[];
  /**
   * The records in file order, table after table, each with `table_index` (1 for the first of
   * `tables`) and every ProjectionRecord field by name, the optional ones included. The
   * raw_projections view joins them to their tables' values; the query may hold only what
   * DuckDB keeps rows in order through (one table in FROM, SELECT, WHERE), no join of its own.
   */
  records: string;
  /** Drops what `records` reads, when the records are not loaded (an unknown area). */
  release(): Promise<void>;
}
