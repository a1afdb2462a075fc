/** Versions recorded in every manifest, read from the installed packages themselves. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as duckdbVersion } from '@duckdb/node-api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

export const VERSION: string = pkg.version;

export function versions(): Record<string, string> {
  const require = createRequire(join(root, 'package.json'));
  const out: Record<string, string> = { clusterfit: VERSION, node: process.versions.node };
  out.duckdb = duckdbVersion();
  for (const name of Object.keys(pkg.dependencies).sort()) {
    try {
      const p = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as {
        version: string;
      };
      out[name] = p.version;
    } catch {
      // Packages whose exports hide package.json: fall back to the pinned version.
      out[name] = pkg.dependencies[name] ?? 'unknown';
    }
  }
  return out;
}
