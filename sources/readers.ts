/** Layout name → reader. A catalog entry names its layout; the pipeline looks the reader up here. */
import { readActeSocCrosswalk } from './advance-cte/read-soc-crosswalk.ts';
import { readCaEddLongterm } from './ca-edd/read-longterm.ts';
import type { CrosswalkRecord } from './crosswalk-record.ts';
import { readOnetCareerClusters } from './onet/read-career-clusters.ts';
import type { ProjectionTable } from './projection-record.ts';
import { readSocStructure, type SocStructureRecord } from './soc/read-soc-structure.ts';

/**
 * A projections reader returns one table per area × vintage found in the file, in the
 * publisher's units.
 */
export const PROJECTION_READERS: Record<
  string,
  (path: string, file: string) => Promise<ProjectionTable[]>
> = {
  'ca-edd-longterm-statewide': readCaEddLongterm,
};

export const CROSSWALK_READERS: Record<
  string,
  (path: string, file: string) => Promise<CrosswalkRecord[]>
> = {
  'onet-career-clusters': async (path, file) => readOnetCareerClusters(path, file),
  'acte-soc-crosswalk': readActeSocCrosswalk,
};

export const SOC_STRUCTURE_READERS: Record<
  string,
  (path: string, file: string) => SocStructureRecord[]
> = {
  'bls-soc-structure': readSocStructure,
};
