/** The cluster frameworks a run can map to, and the crosswalk source each is read from. */
import type { FrameworkId } from './config.ts';

export interface FrameworkDefinition {
  id: FrameworkId;
  title: string;
  /** What the framework calls the level below a cluster. */
  sublevel: string;
  crosswalkSource: string;
  /** Said in the outputs wherever the framework's results appear. */
  caveat: string;
  /** Clusters that span sectors; the `cross_cutting` config key decides how they count. */
  crossCutting: readonly string[];
}

export const FRAMEWORKS: Record<FrameworkId, FrameworkDefinition> = {
  legacy16: {
    id: 'legacy16',
    title: 'National Career Clusters Framework, legacy 16 clusters',
    sublevel: 'pathway',
    crosswalkSource: 'onet-career-clusters-16',
    caveat:
      "Occupations are assigned through O*NET's crosswalk, which carries 73 of the framework's 79 pathways.",
    crossCutting: [],
  },
  acte2024: {
    id: 'acte2024',
    title: 'National Career Clusters Framework, 2024 (14 clusters)',
    sublevel: 'sub-cluster',
    crosswalkSource: 'acte-2024-soc',
    caveat:
      "Occupations are assigned through Advance CTE's SOC crosswalk; the cross-cutting clusters (Digital Technology, Management & Entrepreneurship, Marketing & Sales) are scored like the others.",
    crossCutting: ['Digital Technology', 'Management & Entrepreneurship', 'Marketing & Sales'],
  },
};
