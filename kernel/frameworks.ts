/**
 * The cluster frameworks a run can map to. The built-in ones are data, in
 * sources/frameworks/<id>.json: clusters with their sub-levels, cross-cutting flags and codes,
 * the crosswalk source and the caveat the outputs repeat. Users add their own with the
 * `framework_definitions` (own crosswalk) and `framework_variants` (remapped built-in) config keys.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  Config,
  FrameworkDefinitionConfig,
  FrameworkId,
  FrameworkVariant,
} from './config-types.ts';
import type { SourceEntry } from './source-entry.ts';

export interface ClusterDefinition {
  /** A stable identifier ("health-science"). */
  code: string;
  name: string;
  cross_cutting: boolean;
  /** 2-digit NAICS sectors the publisher aligns the cluster with, where it does. */
  naics?: string[];
  sublevels: string[];
}

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
  /** Every cluster, mapped or not; null when the crosswalk itself is the only list (user's). */
  clusters: readonly ClusterDefinition[] | null;
  /** For a state variant: the built-in framework it remaps. */
  variant?: FrameworkVariant;
}

const DEFINITIONS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'sources',
  'frameworks',
);

/** Reads a shipped definition file; a malformed one is a defect of clusterfit, not user input. */
function loadDefinition(id: FrameworkId): FrameworkDefinition {
  const file = join(DEFINITIONS_DIR, `${id}.json`);
  const d = JSON.parse(readFileSync(file, 'utf8')) as {
    id: string;
    title: string;
    sublevel: string;
    crosswalk_source: string;
    caveat: string;
    clusters: ClusterDefinition[];
  };
  const names = d.clusters.map((c) => c.name);
  if (d.id !== id || names.length === 0 || new Set(names).size !== names.length) {
    throw new Error(`${file}: id must be ${id} and cluster names must be unique`);
  }
  return {
    id,
    title: d.title,
    sublevel: d.sublevel,
    crosswalkSource: d.crosswalk_source,
    caveat: d.caveat,
    crossCutting: d.clusters.filter((c) => c.cross_cutting).map((c) => c.name),
    clusters: d.clusters,
  };
}

/**
 * Frameworks clusterfit ships as names only, with no publisher's crosswalk: a run uses one
 * through a `framework_definitions` entry of the same id that supplies the crosswalk, and the
 * shipped names then check it.
 */
export const NAMES_ONLY_FRAMEWORKS: Record<
  string,
  { title: string; clusters: ClusterDefinition[] }
> = Object.fromEntries(
  ['proposed2022'].map((id) => {
    const d = JSON.parse(readFileSync(join(DEFINITIONS_DIR, `${id}.json`), 'utf8')) as {
      title: string;
      clusters: ClusterDefinition[];
    };
    return [id, { title: d.title, clusters: d.clusters }];
  }),
);

export const FRAMEWORKS: Record<FrameworkId, FrameworkDefinition> = {
  legacy16: loadDefinition('legacy16'),
  acte2024: loadDefinition('acte2024'),
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
      // A framework shipped as names only: its names are the list the crosswalk must keep to.
      clusters: NAMES_ONLY_FRAMEWORKS[def.id]?.clusters ?? null,
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
    clusters: remapClusters(variant, base.clusters ?? []),
    variant,
  };
}

/** A variant's cluster list: merged clusters pool their sub-levels, dropped ones leave. */
function remapClusters(
  variant: FrameworkVariant,
  clusters: readonly ClusterDefinition[],
): ClusterDefinition[] {
  const out = new Map<string, ClusterDefinition>();
  for (const c of clusters) {
    const name = variantCluster(variant, c.name);
    if (name === null) continue;
    const into = out.get(name);
    if (into) {
      into.sublevels = [...new Set([...into.sublevels, ...c.sublevels])].sort();
      into.cross_cutting ||= c.cross_cutting;
    } else {
      out.set(name, { ...c, name, code: name === c.name ? c.code : slug(name) });
    }
  }
  return [...out.values()];
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
