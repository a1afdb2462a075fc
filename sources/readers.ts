/** Layout name → reader. A catalog entry names its layout; the pipeline looks the reader up here. */

import type { Database } from '../kernel/database.ts';
import { readActeSocCrosswalk } from './advance-cte/read-soc-crosswalk.ts';
import { readBlsEp2016 } from './bls/read-ep-2016-2026.ts';
import { readBlsEp2019 } from './bls/read-ep-2019-2029.ts';
import { readBlsEp2024 } from './bls/read-ep-2024-2034.ts';
import { loadCaEddLongtermAreas } from './ca-edd/load-longterm-areas.ts';
import { readCaEddLongterm } from './ca-edd/read-longterm.ts';
import { readCaEddLongtermAreas } from './ca-edd/read-longterm-areas.ts';
import type { CrosswalkRecord } from './crosswalk-record.ts';
import { MAPPED_LAYOUTS, PC_REST_JSON } from './mapped/layouts.ts';
import { readMappedProjections } from './mapped/read-mapped-projections.ts';
import { readNyDolLongterm } from './ny-dol/read-longterm.ts';
import {
  OEWS_MAY_2015,
  OEWS_MAY_2025,
  oewsReleaseFromName,
  readOewsWages,
} from './oews/read-wages.ts';
import type { WageTable } from './oews/wage-record.ts';
import { readOnetCareerClusters } from './onet/read-career-clusters.ts';
import type { ProjectionTable, SqlProjections } from './projection-record.ts';
import { readProjectionsCentralJson } from './projections-central/read-longterm-json.ts';
import { readSocStructure, type SocStructureRecord } from './soc/read-soc-structure.ts';
import { readUserCrosswalk } from './user/read-cluster-crosswalk.ts';

/**
 * A projections reader returns one table per area × vintage found in the file, in the
 * publisher's units.
 */
export const PROJECTION_READERS: Record<
  string,
  (path: string, file: string) => Promise<ProjectionTable[]>
> = {
  'ca-edd-longterm-statewide': readCaEddLongterm,
  'ca-edd-longterm-all-areas': readCaEddLongtermAreas,
  'bls-ep-2016-table1-7': readBlsEp2016,
  'bls-ep-2019-occupation-workbook': readBlsEp2019,
  'bls-ep-2024-occupations': readBlsEp2024,
  'ny-dol-longterm': readNyDolLongterm,
  'projections-central-longterm-json': readProjectionsCentralJson,
  // One column-mapping reader for every header-described layout (sources/mapped/layouts.ts).
  ...Object.fromEntries(
    MAPPED_LAYOUTS.filter((l) => l.name !== PC_REST_JSON).map((l) => [
      l.name,
      async (path: string, file: string) =>
        (await readMappedProjections(path, file, { layout: l.name })).tables,
    ]),
  ),
};

/**
 * Layouts whose files can also be loaded by DuckDB whole (see SqlProjections): faster and
 * leaner for large files. Such a reader returns undefined for a file it cannot vouch for, which
 * then goes through PROJECTION_READERS.
 */
export const PROJECTION_SQL_READERS: Record<
  string,
  (db: Database, path: string, file: string) => Promise<SqlProjections | undefined>
> = {
  'ca-edd-longterm-all-areas': loadCaEddLongtermAreas,
};

export const CROSSWALK_READERS: Record<
  string,
  (path: string, file: string) => Promise<CrosswalkRecord[]>
> = {
  'onet-career-clusters': async (path, file) => readOnetCareerClusters(path, file),
  'acte-soc-crosswalk': readActeSocCrosswalk,
  'clusterfit-crosswalk': readUserCrosswalk,
};

export const SOC_STRUCTURE_READERS: Record<
  string,
  (path: string, file: string) => Promise<SocStructureRecord[]>
> = {
  'bls-soc-structure': readSocStructure,
};

/** A wage reader returns one table per area found in the file. */
export const WAGE_READERS: Record<string, (path: string, file: string) => Promise<WageTable[]>> = {
  'oews-may2015-state-trendct': (path, file) => readOewsWages(path, file, OEWS_MAY_2015),
  'oews-may2025-national': (path, file) => readOewsWages(path, file, OEWS_MAY_2025),
  /** Any OEWS "_dl" release as BLS serves it (oesm23st.zip, state_M2023_dl.xlsx) or as CSV. */
  'oews-dl': async (path, file) => readOewsWages(path, file, oewsReleaseFromName(path, file)),
};
