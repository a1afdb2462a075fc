/** Runs SQL models from transforms/models in the order given. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../pipeline/database.ts';

// From this file's folder's parent, so the path holds both for transforms/run-models.ts and for
// the bundled dist/clusterfit.mjs (both sit one folder below the repository root).
const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'transforms', 'models');

/** `model` is "<layer>/<name>", e.g. "staging/stg_projections". */
export async function runModels(db: Database, models: readonly string[]): Promise<void> {
  for (const model of models) {
    const sql = readFileSync(join(MODELS_DIR, `${model}.sql`), 'utf8');
    await db.exec(sql);
  }
}
