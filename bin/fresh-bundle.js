// Whether the launcher may run the bundle: dist/clusterfit.cjs exists and no TypeScript source
// it was built from is newer. Plain JavaScript, so the launcher can decide before any loader.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders whose .ts files the bundle is built from (pipeline/cli.ts and what it imports). */
export const SOURCE_DIRS = ['kernel', 'pipeline', 'sources', 'transforms', 'outputs'];

/** The bundle's path when it is newer than every source file, or null. */
export function freshBundle(repo) {
  const bundle = join(repo, 'dist', 'clusterfit.cjs');
  if (!existsSync(bundle)) return null;
  const built = statSync(bundle).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(join(repo, dir))) continue;
    for (const name of readdirSync(join(repo, dir), { recursive: true })) {
      if (!String(name).endsWith('.ts')) continue;
      if (statSync(join(repo, dir, String(name))).mtimeMs > built) return null;
    }
  }
  return bundle;
}
