/**
 * The source catalog: every file clusterfit knows how to read, who publishes it, where its
 * documentation lives, and where it is expected under the data directory. Readers are looked up
 * by the entry's layout.
 */
import type { SourceEntry } from '../kernel/source-entry.ts';

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
    sha256: 'a9c8777628e005498d15778c9f5548f29726b4cf3435251695ce32c0fc441783',
    bytes: 128171,
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
    sha256: '3a86f326e20c19a6b7ea12c338cfd33d39d98cfba10e80098a5e254ae410b89e',
    bytes: 3628915,
  },
  {
    id: 'bls-ep-2016-2026',
    kind: 'projections',
    title: 'BLS Employment Projections 2016-26, Table 1.7 (national, SOC 2010)',
    publisher: 'U.S. Bureau of Labor Statistics, Employment Projections program',
    vintage: '2016-2026 (wages May 2017)',
    docs: 'https://www.bls.gov/emp/data/projections-archive.htm',
    path: 'projections_national/bls_ep_2016_2026_table1_7.csv',
    layout: 'bls-ep-2016-table1-7',
    sha256: '6181f39fbf97f9821d48c8848776a3da7ac45fca66e70f765cf9636db3d559eb',
    bytes: 136356,
  },
  {
    id: 'bls-ep-2019-2029',
    kind: 'projections',
    title:
      'BLS Employment Projections 2019-29 occupation workbook (Tables 1.2, 1.7, 1.10, 5.4; national)',
    publisher: 'U.S. Bureau of Labor Statistics, Employment Projections program',
    vintage: '2019-2029 (released September 2020; wages May 2020)',
    docs: 'https://www.bls.gov/emp/data/projections-archive.htm',
    path: 'projections_national/bls_ep_2019_2029/bls_ep_2019_2029_occupation.xlsx',
    layout: 'bls-ep-2019-occupation-workbook',
    sha256: 'b13b54ccdc5295d30d9a2f58ce7210d6f0cd9288f5fc38b2b44829e7e02d8ca3',
    bytes: 481599,
  },
  {
    id: 'bls-ep-2024-2034',
    kind: 'projections',
    title: 'BLS Employment Projections 2024-34, occupational projections (national)',
    publisher: 'U.S. Bureau of Labor Statistics, Employment Projections program',
    vintage: '2024-2034 (wages May 2024)',
    docs: 'https://data.bls.gov/projections/occupationProj',
    // BLS's current occupation workbook (Tables 1.2, 1.7, 1.10) is the 2024-34 vintage; our file is
    // the CSV export of data.bls.gov's occupation table built from the same projections.
    original: 'https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx',
    path: 'projections_national/bls_ep_2024_2034_occupations.csv',
    layout: 'bls-ep-2024-occupations',
    sha256: '40f463da6fd9bc8e780d407d0be93ffcc6aad53d58f6abed328184ce61316ec9',
    bytes: 251540,
  },
  {
    id: 'bls-ep-2024-2034-workbook',
    kind: 'projections',
    title:
      'BLS Employment Projections 2024-34 occupation workbook (Tables 1.2, 1.10; national, as BLS serves it)',
    publisher: 'U.S. Bureau of Labor Statistics, Employment Projections program',
    vintage: '2024-2034 (wages May 2024)',
    docs: 'https://www.bls.gov/emp/data/occupational-data.htm',
    // BLS replaces this file with each release: a changed checksum is a new vintage.
    url: 'https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx',
    path: 'projections_national/bls_ep_2024_2034/occupation.xlsx',
    // The 2019-29 workbook's reader: it takes the years from the headers.
    layout: 'bls-ep-2019-occupation-workbook',
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
    sha256: 'caa5b751203ba94a97ecd48031a94bf4181f1f3292755fff46ce8362cde8de8d',
    bytes: 515557,
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
    sha256: 'b79b3864d137a6ba18777e47ad14c30a76ecb2556aed2e8fa5d4538b131a8d8b',
    bytes: 98869,
  },
  {
    id: 'acte-2024-soc',
    kind: 'crosswalk',
    title:
      'Advance CTE National Career Clusters Framework SOC crosswalk (14 clusters, sub-clusters)',
    publisher: 'Advance CTE',
    vintage: '2024 framework, June 2025 revision',
    docs: 'https://careertech.org/resource/framework-crosswalk/',
    original:
      'https://careertech.org/wp-content/uploads/2025/09/Full_Framework_Crosswalk_SOC-Career-Clusters.xlsx',
    path: 'career_clusters/advance_cte_2024/acte_soc_cluster_subcluster.csv',
    layout: 'acte-soc-crosswalk',
    sha256: '6c6c298cca8ba4db6f81674d8deb09480cd3ab70e77f298ba314cfe0cb26e561',
    bytes: 110875,
  },
  {
    id: 'nces-cip2020-soc2018',
    kind: 'cip-crosswalk',
    title: 'CIP 2020 to SOC 2018 crosswalk',
    publisher: 'National Center for Education Statistics (with BLS)',
    vintage: 'CIP 2020, SOC 2018',
    docs: 'https://nces.ed.gov/ipeds/cipcode/resources.aspx?y=56',
    original: 'https://nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx',
    path: 'cip/nces_cip2020_soc2018_crosswalk.csv',
    layout: 'nces-cip-soc-crosswalk',
    sha256: '8d0793e9df0a06aa8757d221957b5f5394d676e0cec41a801f31825af38a73ba',
    bytes: 548961,
  },
  {
    id: 'acte-2024-cip',
    kind: 'cip-crosswalk',
    title:
      'Advance CTE National Career Clusters Framework CIP crosswalk (14 clusters, sub-clusters)',
    publisher: 'Advance CTE',
    vintage: '2024 framework, June 2025 revision',
    docs: 'https://careertech.org/resource/framework-crosswalk/',
    original:
      'https://careertech.org/wp-content/uploads/2025/09/Full_Framework_Crosswalk_CIP-Career-Clusters.xlsx',
    path: 'career_clusters/advance_cte_2024/acte_cip_cluster_subcluster.csv',
    layout: 'acte-cip-crosswalk',
    sha256: '5d40cbae0af203f7de732c8c5eb77e4618fc3b0cb2792b3bf177ef7972723488',
    bytes: 443948,
  },
  {
    id: 'oews-natsector-2024',
    kind: 'industry',
    title: 'OEWS national industry-specific estimates by NAICS sector (staffing patterns)',
    publisher: 'U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics',
    vintage: 'May 2024',
    docs: 'https://www.bls.gov/oes/tables.htm',
    // The zip of national industry-specific files; natsector_M2024_dl.xlsx is the sector sheet.
    original: 'https://www.bls.gov/oes/special-requests/oesm24in4.zip',
    path: 'industry_occupation/bls_oews_natsector_M2024.csv',
    layout: 'oews-natsector',
    sha256: 'fbc9c851533a3a61796658f26e151beabd6459d8f104ec50314172fcfd624147',
    bytes: 3502182,
  },
  {
    id: 'acte-2024-naics',
    kind: 'industry',
    title:
      'Advance CTE National Career Clusters Framework NAICS crosswalk (sub-clusters, 2-digit NAICS)',
    publisher: 'Advance CTE',
    vintage: '2024 framework, June 2025 revision',
    docs: 'https://careertech.org/resource/framework-crosswalk/',
    original:
      'https://careertech.org/wp-content/uploads/2025/09/Full_Framework_Crosswalk_NAICS-Career-Clusters-Subclusters.xlsx',
    path: 'career_clusters/advance_cte_2024/acte_cluster_subcluster_naics2.csv',
    layout: 'acte-naics-crosswalk',
    sha256: '82ba96e52fa17610189a99501ace89bfbfcca07288c54bfcbc0b6ba18444676e',
    bytes: 9375,
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
    sha256: 'ff2f73d2b9930ebabd31c56d8e59a505d708b05711af56001c602a00bee2916d',
    bytes: 69124,
  },
  {
    id: 'soc-2010-2018-crosswalk',
    kind: 'soc-crosswalk',
    title: 'SOC 2010 to SOC 2018 crosswalk (detailed occupations)',
    publisher: 'U.S. Bureau of Labor Statistics (SOC Policy Committee)',
    vintage: 'SOC 2018 crosswalk',
    docs: 'https://www.bls.gov/soc/2018/crosswalks_used_by_agencies.htm',
    original: 'https://www.bls.gov/soc/2018/soc_2010_to_2018_crosswalk.xlsx',
    path: 'soc/soc2010_soc2018.csv',
    layout: 'soc-2010-2018-crosswalk',
    sha256: 'c0fc9f71aca3917d2847edd500af06369213d9223d78b32e21bcd6b3f0d3d136',
    bytes: 80472,
  },
  {
    id: 'oews-may2015-states-trendct',
    kind: 'wages',
    title:
      'OEWS May 2015 state occupational employment and wage estimates (all states, SOC 2010), as saved by TrendCT',
    publisher: 'U.S. Bureau of Labor Statistics, OEWS program (redistributed by TrendCT)',
    vintage: 'May 2015',
    docs: 'https://www.bls.gov/oes/tables.htm',
    // The zip holding state_M2015_dl.xlsx, which TrendCT loaded.
    original: 'https://www.bls.gov/oes/special-requests/oesm15st.zip',
    path: 'wages/bls_oews_may2015_state_all_trendct.csv',
    layout: 'oews-may2015-state-trendct',
    sha256: '84d05659cfe13753856526c37b9421237e4db2d9b87dcc080621b54b1684acde',
    bytes: 5999254,
  },
  {
    id: 'oews-may2025-national',
    kind: 'wages',
    title: 'OEWS May 2025 national cross-industry occupational employment and wage estimates',
    publisher: 'U.S. Bureau of Labor Statistics, OEWS program',
    vintage: 'May 2025 (SOC 2018)',
    docs: 'https://www.bls.gov/oes/tables.htm',
    // The zip holding national_M2025_dl.xlsx.
    original: 'https://www.bls.gov/oes/special-requests/oesm25nat.zip',
    path: 'wages/bls_oews_may2025_national.csv',
    layout: 'oews-may2025-national',
    sha256: '7ec1cf07da273a4f0da68997c05dec74bdc9aec6cfa491d8369e1520b8528fb9',
    bytes: 280206,
  },
  {
    id: 'pc-longterm-state',
    kind: 'projections',
    title: 'Projections Central long-term occupational projections for one state (REST JSON)',
    publisher:
      'Projections Managing Partnership (state LMI agencies, USDOL-ETA, BLS) via Projections Central',
    vintage: 'current long-term cycle (2024-2034 in 2026)',
    docs: 'https://projectionscentral.org/Projections/rest_and_downloads',
    // The service wants FIPS 0-9 as one digit; 1000 is one of the page sizes it accepts (10, 25,
    // 50, 100, 1000: any other answers 404). `clusterfit fetch --state` follows the pager.
    url: 'https://public.projectionscentral.org/Projections/LongTermRestJson/{fips}?items_per_page=1000',
    path: 'projections_state/projections_central/longterm_{state}.json',
    layout: 'projections-central-longterm-json',
    perState: true,
  },
  {
    id: 'pc-longterm-all',
    kind: 'projections',
    title: 'Projections Central long-term occupational projections, all states (bulk CSV)',
    publisher:
      'Projections Managing Partnership (state LMI agencies, USDOL-ETA, BLS) via Projections Central',
    // Recorded in 2026 as a cycle older than the REST service (2022-2032, one state missing).
    vintage: 'as posted (was 2022-2032 while the REST service served 2024-2034)',
    docs: 'https://projectionscentral.org/Projections/rest_and_downloads',
    // Answers a JSON object whose "content" is a short-lived address of ltprojections.csv.
    url: 'https://public.projectionscentral.org/projections/file/longterm/csv',
    path: 'projections_state/projections_central/ltprojections.csv',
    layout: 'projections-central-bulk-csv',
    contentAddress: true,
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
