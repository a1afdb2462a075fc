// Whether the launcher may run the bundle: dist/clusterfit.cjs exists and no source file it was
// built from is newer. Plain JavaScript, so the launcher can decide before any loader. The build
// lists those files (dist/sources.json, from esbuild's metafile): statting them took ~1 ms where
// walking the five source folders for every .ts file took 10-20 ms of each start.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The file, in dist/, listing the bundle's source files (paths from the repository's root). */
export const SOURCES_FILE = 'sources.json';

/** The bundle's path when it is newer than every source file it was built from, or null. */
export function freshBundle(repo) {
  try {
    const built = statSync(join(repo, 'dist', 'clusterfit.cjs')).mtimeMs;
    const sources = JSON.parse(readFileSync(join(repo, 'dist', SOURCES_FILE), 'utf8'));
    // A source deleted since the build throws here too: the sources then run through tsx.
    if (sources.some((file) => statSync(join(repo, file)).mtimeMs > built)) return null;
    return join(repo, 'dist', 'clusterfit.cjs');
  } catch {
    return null;
  }
}
