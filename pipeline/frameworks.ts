/** The cluster frameworks a run can map to, and the crosswalk source each is read from. */
import type { SourceEntry } from '../sources/catalog.ts';
import type { Config, FrameworkDefinitionConfig, FrameworkId, FrameworkVariant } from './config.ts';

export interface FrameworkDefinition {
  id: string;
  title: string;
  /** What the framework calls the level below a cluster. */
  sublevel: string;
  crosswalkSource: string;
  /** Said in the outputs wherever the framework's results appear. */
  caveat: string;
  /** Clusters that span sectors; the `cross_cutting` config key decides how they count. */
  crossCutting: readonly string[];
  /** For a state variant: the built-in framework it remaps. */
  variant?: FrameworkVariant;
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

/** The cluster a variant puts a base cluster in, or null when the variant drops it. */
export function variantCluster(variant: FrameworkVariant, cluster: string): string | null {
  if (variant.drop.includes(cluster)) return null;
  return variant.merge[cluster] ?? variant.rename[cluster] ?? cluster;
}

/** The catalog entry of a user-defined framework's crosswalk file (layout clusterfit-crosswalk). */
export function userCrosswalkSource(def: FrameworkDefinitionConfig): SourceEntry {
  return {
    id: `crosswalk:${def.id}`,
    kind: 'crosswalk',
    title: `Crosswalk for ${def.title}`,
    publisher: "supplied in the run's config (not a publisher's crosswalk)",
    vintage: 'as supplied',
    docs: 'README.md, "framework_definitions"',
    path: def.crosswalk,
    layout: 'clusterfit-crosswalk',
  };
}

/** The definition of a configured framework id: built in, a user definition, or a variant. */
export function frameworkOf(
  config: Pick<Config, 'framework_variants' | 'framework_definitions'>,
  id: string,
): FrameworkDefinition {
  const builtIn = FRAMEWORKS[id as FrameworkId];
  if (builtIn) return builtIn;
  const def = config.framework_definitions.find((f) => f.id === id);
  if (def) {
    return {
      id: def.id,
      title: def.title,
      sublevel: def.sublevel,
      crosswalkSource: userCrosswalkSource(def).id,
      caveat: `A framework defined in the run's config: occupations are assigned through ${def.crosswalk}, a crosswalk supplied by the user, not by a publisher.`,
      crossCutting: def.cross_cutting,
    };
  }
  const variant = config.framework_variants.find((f) => f.id === id);
  if (!variant) throw new Error(`Unknown framework ${id}`);
  const base = FRAMEWORKS[variant.base];
  const list = (m: Record<string, string>) =>
    Object.entries(m)
      .map(([from, to]) => `${from} → ${to}`)
      .join(', ');
  const changes = [
    Object.keys(variant.merge).length > 0 ? `merged: ${list(variant.merge)}` : '',
    Object.keys(variant.rename).length > 0 ? `renamed: ${list(variant.rename)}` : '',
    variant.drop.length > 0 ? `dropped: ${variant.drop.join(', ')}` : '',
  ].filter((x) => x !== '');
  return {
    ...base,
    id: variant.id,
    title: variant.title,
    caveat: `A state variant of the ${base.title} (${changes.join('; ') || 'unchanged'}), set in the run's config. ${base.caveat}`,
    crossCutting: base.crossCutting.flatMap((c) => {
      const to = variantCluster(variant, c);
      return to === null ? [] : [to];
    }),
    variant,
  };
}
