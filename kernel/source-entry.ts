/** What the source catalog (sources/catalog.ts) records of each file clusterfit can read. */
export type SourceKind =
  | 'projections'
  | 'crosswalk'
  | 'cip-crosswalk'
  | 'industry'
  | 'soc-structure'
  | 'soc-crosswalk'
  | 'wages'
  | 'completions'
  | 'institutions';

export interface SourceEntry {
  id: string;
  kind: SourceKind;
  title: string;
  publisher: string;
  vintage: string;
  /** The publisher's page describing the data. */
  docs: string;
  /**
   * Direct download address where the publisher gives a stable one, of a file in exactly the
   * layout and format read here (`clusterfit fetch` saves it at `path` as it comes).
   */
  url?: string;
  /**
   * The publisher's original file where ours is a conversion of it (an .xlsx exported to CSV):
   * documentation only, never fetched, because its layout is not the one read.
   */
  original?: string;
  /**
   * Expected path under the data directory. A per-state source (`perState`) writes `{state}` where
   * the postal code goes (`longterm_{state}.json` → `longterm_NV.json`).
   */
  path: string;
  layout: string;
  /**
   * SHA-256 and size of the copy this catalog was checked against, so `clusterfit sources` can
   * say whether the file present is that copy, or a new release or an edited file.
   */
  sha256?: string;
  bytes?: number;
  /**
   * One file per state, fetched with `clusterfit fetch --state`: `url` and `path` carry `{fips}`
   * (state FIPS without a leading zero, as the publisher's service wants it) and `{state}`.
   */
  perState?: boolean;
  /**
   * The address answers a JSON object whose "content" is a short-lived address of the file
   * (Projections Central's bulk files); `fetch` follows it.
   */
  contentAddress?: boolean;
}
