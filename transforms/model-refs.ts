/**
 * What a SQL model creates and reads, read from its text: a small `ref()`, so a stage's reads and
 * writes follow from the models it runs instead of lists written beside them that drift.
 *
 * A model reads the relations named after FROM, JOIN and PIVOT, except the names of its own CTEs,
 * table functions (a name followed by a parenthesis) and what the model creates itself. A
 * reference the text cannot show (a name built at run time) is declared in a comment:
 * `-- reads: name, other`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// From this file's folder's parent, so the path holds both for transforms/model-refs.ts and for
// the bundled dist/clusterfit.cjs (both sit one folder below the repository root).
const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'transforms', 'models');

export interface ModelRefs {
  /** Relations the model creates, in order (one, named after its file). */
  creates: string[];
  /** Relations it reads that it does not create, in order of first mention. */
  reads: string[];
}

const CREATE =
  /\bcreate\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?(\w+)/gi;
// `name as (` after WITH or a comma: a CTE (`cast(x as double)` has no parenthesis after AS).
const CTE = /(?:\bwith|,)\s*(?:recursive\s+)?(\w+)\s+as\s+(?:(?:not\s+)?materialized\s+)?\(/gi;
const READ = /\b(?:from|join|pivot)\s+(\w+)(\s*\()?/gi;
const DECLARED = /--[ \t]*reads:[ \t]*([\w \t,]+)/gi;

/** The SQL text of model `model` ("<layer>/<name>"). */
export function modelSql(model: string): string {
  return readFileSync(join(MODELS_DIR, `${model}.sql`), 'utf8');
}

/** What a SQL text creates and reads. */
export function sqlRefs(sql: string): ModelRefs {
  const declared = [...sql.matchAll(DECLARED)].flatMap((m) =>
    (m[1] as string).split(/[\s,]+/).filter(Boolean),
  );
  // Comments and string literals hold words, not references; quoted identifiers are names.
  const code = sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(\w+)"/g, '$1')
    // SQL's FROM inside a function's arguments: extract(year from d), trim(both from s) …
    .replace(/\b(?:extract|trim|substring|overlay|position)\s*\([^()]*\)/gi, '0');
  const lower = (m: RegExpMatchArray) => (m[1] as string).toLowerCase();
  const creates = [...code.matchAll(CREATE)].map(lower);
  const ctes = new Set([...code.matchAll(CTE)].map(lower));
  const named = [...code.matchAll(READ)].filter((m) => m[2] === undefined).map(lower);
  const reads = [...new Set([...named, ...declared.map((d) => d.toLowerCase())])].filter(
    (r) => !ctes.has(r) && !creates.includes(r) && r !== 'select',
  );
  return { creates, reads };
}

/** What model `model` creates and reads. */
export function modelRefs(model: string): ModelRefs {
  return sqlRefs(modelSql(model));
}

/** Every model ("<layer>/<name>"), read from the models folder once. */
let models: string[] | undefined;
function allModels(): string[] {
  models ??= readdirSync(MODELS_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => relative(MODELS_DIR, join(e.parentPath, e.name)).replace(/\.sql$/, ''));
  return models;
}

let creators: Map<string, string> | undefined;

/** The model that creates `relation`, if one does. */
export function modelOf(relation: string): string | undefined {
  creators ??= new Map(
    allModels().flatMap((model) =>
      modelRefs(model).creates.map((r): [string, string] => [r, model]),
    ),
  );
  return creators.get(relation);
}

let views: string[] | undefined;

/** The relations models create as views. */
export function modelViews(): string[] {
  views ??= allModels().flatMap((model) =>
    [...modelSql(model).matchAll(/^create or replace view (\w+)/gim)].map(
      ([, name]) => name as string,
    ),
  );
  return views;
}

/**
 * The reads and writes of a step that runs `models` and whose own code reads and writes
 * `code.reads` and `code.writes` (input files, tables it loads or reads directly): everything
 * they create, and everything they read that they do not create themselves.
 */
export function relationsOf(
  models: readonly string[],
  code: { reads: readonly string[]; writes: readonly string[] },
): { reads: string[]; writes: string[] } {
  const refs = models.map(modelRefs);
  const writes = [...new Set([...code.writes, ...refs.flatMap((r) => r.creates)])];
  const own = new Set(writes);
  const reads = [...new Set([...code.reads, ...refs.flatMap((r) => r.reads)])].filter(
    (r) => !own.has(r),
  );
  return { reads, writes };
}
