/**
 * The source catalog: every file clusterfit knows how to read, who publishes it, where its
 * documentation lives, and where it is expected under the data directory. Readers are looked up
 * by the entry's layout.
 */
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
  /** Expected path under the data directory. */
  path: string;
  layout: string;
}

export const CATALOG: readonly SourceEntry[] = [
  {
    id: 'ca-edd-longterm-2023-2033',
    kind: 'projections',
    title: 'California 2023-2033 Occupational Employment Projections (statewide)',
    publisher: 'California Employment Development Department, Labor Market Information Division',
    vintage: '2023-2033 (published July 2025)',
    docs: 'https://labormarketinfo.edd.ca.gov/data/employment-projections.html',
    path: 'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx',
    layout: 'ca-edd-longterm-statewide',
  },
  {
    id: 'ca-edd-longterm-2020-2030-areas',
    kind: 'projections',
    title:
      'California Long-Term Occupational Employment Projections 2020-2030 (state, metro areas, rural consortia)',
    publisher: 'California Employment Development Department, Labor Market Information Division',
    vintage: '2020-2030',
    docs: 'https://data.ca.gov/dataset/long-term-occupational-employment-projections',
    path: 'projections_state/ca_edd_2020_2030/ca_edd_longterm_occproj_2020_2030_all_areas.csv',
    layout: 'ca-edd-longterm-all-areas',
  },
  {
    id: 'bls-ep-2016-2026',
    kind: 'projections',
    title: 'BLS Employment Projections 2016-26, Table 1.7 (national, SOC 2010)',
    publisher: 'U.S. Bureau of Labor Statistics, Employment Projections program',
    vintage: '2016-2026 (wages May 2017)',
    docs: 'https://www.bls.gov/emp/',
    path: 'projections_national/bls_ep_2016_2026_table1_7.csv',
    layout: 'bls-ep-2016-table1-7',
  },
  {
    id: 'bls-ep-2019-2029',
    kind: 'projections',
    title:
      'BLS Employment Projections 2019-29 occupation workbook (Tables 1.2, 1.7, 1.10, 5.4; national)',
    publisher: 'U.S. Bureau of Labor Statistics, Employment Projections program',
    vintage: '2019-2029 (released September 2020; wages May 2020)',
    docs: 'https://www.bls.gov/emp/',
    path: 'projections_national/bls_ep_2019_2029/bls_ep_2019_2029_occupation.xlsx',
    layout: 'bls-ep-2019-occupation-workbook',
  },
  {
    id: 'bls-ep-2024-2034',
    kind: 'projections',
    title: 'BLS Employment Projections 2024-34, occupational projections (national)',
    publisher: 'U.S. Bureau of Labor Statistics, Employment Projections program',
    vintage: '2024-2034 (wages May 2024)',
    docs: 'https://data.bls.gov/projections/occupationProj',
    path: 'projections_national/bls_ep_2024_2034_occupations.csv',
    layout: 'bls-ep-2024-occupations',
  },
  {
    id: 'ny-dol-longterm-2014-2024',
    kind: 'projections',
    title:
      'New York State Long Term Occupational Projections (statewide 2014-2024, regions 2012-2022)',
    publisher: 'New York State Department of Labor, Division of Research and Statistics',
    vintage: 'statewide 2014-2024; regions 2012-2022',
    docs: 'https://data.ny.gov/d/pqm4-9qqb',
    // data.ny.gov's own CSV export of the dataset: the file in PROVENANCE is that export.
    url: 'https://data.ny.gov/api/views/pqm4-9qqb/rows.csv?accessType=DOWNLOAD',
    path: 'projections_state/ny_dol_2014_2024/ny_dol_longterm_occproj_statewide2014_2024_regions2012_2022.csv',
    layout: 'ny-dol-longterm',
  },
  {
    id: 'onet-career-clusters-16',
    kind: 'crosswalk',
    title: 'O*NET OnLine "All Career Clusters" (legacy 16 clusters and pathways)',
    publisher: 'National Center for O*NET Development (USDOL/ETA)',
    vintage: 'O*NET-SOC 2019 taxonomy (about 2023)',
    docs: 'https://www.onetonline.org/find/career?c=0',
    path: 'career_clusters/onet_all_career_clusters_16.csv',
    layout: 'onet-career-clusters',
  },
  {
    id: 'acte-2024-soc',
    kind: 'crosswalk',
    title:
      'Advance CTE National Career Clusters Framework SOC crosswalk (14 clusters, sub-clusters)',
    publisher: 'Advance CTE',
    vintage: '2024 framework, June 2025 revision',
    docs: 'https://careertech.org/career-clusters/',
    path: 'career_clusters/advance_cte_2024/acte_soc_cluster_subcluster.csv',
    layout: 'acte-soc-crosswalk',
  },
  {
    id: 'nces-cip2020-soc2018',
    kind: 'cip-crosswalk',
    title: 'CIP 2020 to SOC 2018 crosswalk',
    publisher: 'National Center for Education Statistics (with BLS)',
    vintage: 'CIP 2020, SOC 2018',
    docs: 'https://nces.ed.gov/ipeds/cipcode/resources.aspx?y=56',
    path: 'cip/nces_cip2020_soc2018_crosswalk.csv',
    layout: 'nces-cip-soc-crosswalk',
  },
  {
    id: 'acte-2024-cip',
    kind: 'cip-crosswalk',
    title:
      'Advance CTE National Career Clusters Framework CIP crosswalk (14 clusters, sub-clusters)',
    publisher: 'Advance CTE',
    vintage: '2024 framework, June 2025 revision',
    docs: 'https://careertech.org/career-clusters/',
    path: 'career_clusters/advance_cte_2024/acte_cip_cluster_subcluster.csv',
    layout: 'acte-cip-crosswalk',
  },
  {
    id: 'oews-natsector-2024',
    kind: 'industry',
    title: 'OEWS national industry-specific estimates by NAICS sector (staffing patterns)',
    publisher: 'U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics',
    vintage: 'May 2024',
    docs: 'https://www.bls.gov/oes/tables.htm',
    path: 'industry_occupation/bls_oews_natsector_M2024.csv',
    layout: 'oews-natsector',
  },
  {
    id: 'acte-2024-naics',
    kind: 'industry',
    title:
      'Advance CTE National Career Clusters Framework NAICS crosswalk (sub-clusters, 2-digit NAICS)',
    publisher: 'Advance CTE',
    vintage: '2024 framework, June 2025 revision',
    docs: 'https://careertech.org/career-clusters/',
    path: 'career_clusters/advance_cte_2024/acte_cluster_subcluster_naics2.csv',
    layout: 'acte-naics-crosswalk',
  },
  {
    id: 'soc-2018-structure',
    kind: 'soc-structure',
    title: 'Standard Occupational Classification 2018 structure',
    publisher: 'U.S. Bureau of Labor Statistics (SOC Policy Committee)',
    vintage: 'SOC 2018',
    docs: 'https://www.bls.gov/soc/2018/home.htm',
    original: 'https://www.bls.gov/soc/2018/soc_structure_2018.xlsx',
    path: 'soc/bls_soc_structure_2018.csv',
    layout: 'bls-soc-structure',
  },
  {
    id: 'soc-2010-2018-crosswalk',
    kind: 'soc-crosswalk',
    title: 'SOC 2010 to SOC 2018 crosswalk (detailed occupations)',
    publisher: 'U.S. Bureau of Labor Statistics (SOC Policy Committee)',
    vintage: 'SOC 2018 crosswalk',
    docs: 'https://www.bls.gov/soc/2018/crosswalks_used_by_agencies.htm',
    path: 'soc/soc2010_soc2018.csv',
    layout: 'soc-2010-2018-crosswalk',
  },
  {
    id: 'oews-may2015-states-trendct',
    kind: 'wages',
    title:
      'OEWS May 2015 state occupational employment and wage estimates (all states, SOC 2010), as saved by TrendCT',
    publisher: 'U.S. Bureau of Labor Statistics, OEWS program (redistributed by TrendCT)',
    vintage: 'May 2015',
    docs: 'https://www.bls.gov/oes/tables.htm',
    path: 'wages/bls_oews_may2015_state_all_trendct.csv',
    layout: 'oews-may2015-state-trendct',
  },
  {
    id: 'oews-may2025-national',
    kind: 'wages',
    title: 'OEWS May 2025 national cross-industry occupational employment and wage estimates',
    publisher: 'U.S. Bureau of Labor Statistics, OEWS program',
    vintage: 'May 2025 (SOC 2018)',
    docs: 'https://www.bls.gov/oes/tables.htm',
    path: 'wages/bls_oews_may2025_national.csv',
    layout: 'oews-may2025-national',
  },
  {
    id: 'ipeds-c2023-a',
    kind: 'completions',
    title:
      'IPEDS Completions C2023_A (awards by institution, 6-digit CIP and award level; first majors)',
    publisher: 'U.S. Department of Education, National Center for Education Statistics (IPEDS)',
    vintage: 'academic year 2022-23 (July 2022 to June 2023)',
    docs: 'https://nces.ed.gov/ipeds/datacenter/DataFiles.aspx',
    // NCES serves the CSV inside a zip (c2023_a.csv, all majors, about 70 columns); the file read
    // here is that table's first-major rows as CSV (PROVENANCE §9), keyed by column name.
    original: 'https://nces.ed.gov/ipeds/datacenter/data/C2023_A.zip',
    path: 'supply/ipeds_c2023_a_majornum1.csv',
    layout: 'ipeds-completions',
  },
  {
    id: 'ipeds-hd2023',
    kind: 'institutions',
    title:
      'IPEDS Institutional Characteristics directory HD2023 (state, county, metro of each institution)',
    publisher: 'U.S. Department of Education, National Center for Education Statistics (IPEDS)',
    vintage: '2023 collection',
    docs: 'https://nces.ed.gov/ipeds/datacenter/DataFiles.aspx',
    original: 'https://nces.ed.gov/ipeds/datacenter/data/HD2023.zip',
    path: 'supply/ipeds_hd2023.csv',
    layout: 'ipeds-institutions',
  },
  {
    id: 'ipeds-c2024-a',
    kind: 'completions',
    title:
      'IPEDS Completions C2024_A (awards by institution, 6-digit CIP and award level; first majors)',
    publisher: 'U.S. Department of Education, National Center for Education Statistics (IPEDS)',
    vintage: 'academic year 2023-24 (July 2023 to June 2024)',
    docs: 'https://nces.ed.gov/ipeds/datacenter/DataFiles.aspx',
    // NCES serves the CSV inside a zip (c2024_a.csv, all majors, about 70 columns); the file read
    // here is that table's first-major rows as CSV (PROVENANCE §9), keyed by column name.
    original: 'https://nces.ed.gov/ipeds/datacenter/data/C2024_A.zip',
    path: 'supply/ipeds_c2024_a_majornum1.csv',
    layout: 'ipeds-completions',
  },
  {
    id: 'ipeds-hd2024',
    kind: 'institutions',
    title:
      'IPEDS Institutional Characteristics directory HD2024 (state, county, metro of each institution)',
    publisher: 'U.S. Department of Education, National Center for Education Statistics (IPEDS)',
    vintage: '2024 collection',
    docs: 'https://nces.ed.gov/ipeds/datacenter/DataFiles.aspx',
    original: 'https://nces.ed.gov/ipeds/datacenter/data/HD2024.zip',
    path: 'supply/ipeds_hd2024.csv',
    layout: 'ipeds-institutions',
  },
];

export function findSource(id: string): SourceEntry | undefined {
  return CATALOG.find((s) => s.id === id);
}
