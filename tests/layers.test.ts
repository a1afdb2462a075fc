/**
 * The program's layers import downward only (issue 22): kernel/ (database, messages, errors,
 * config types, run context) under sources/, under transforms/, under outputs/, under
 * pipeline/, which alone assembles runs. A module may import its own layer or a lower one, and
 * no chain of imports may come back to where it started. A pure scan of the real files: every
 * relative `import … from`, `import type`, `export … from`, side-effect `import '…'` and literal
 * `import('…')`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.ts';

/** Lowest first: each may import only from itself and the folders before it. */
const LAYERS = ['kernel', 'sources', 'transforms', 'outputs', 'pipeline'] as const;
const CODE = /\.(ts|mts|mjs|js)$/;

/** Module specifiers a source text imports, in order of appearance. */
function importSpecifiers(text: string): string[] {
  const found: { at: number; spec: string }[] = [];
  const patterns = [
    // import x from '…', import type { A } from '…', export { b } from '…', over several lines.
    /^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    // import '…' (side effects only).
    /^[ \t]*import\s*['"]([^'"]+)['"]/gm,
    // import('…') anywhere, `typeof import('…')` included.
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) found.push({ at: m.index, spec: m[1] as string });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}

/** Program files, relative to the repository root ("kernel/database.ts"), sorted. */
function programFiles(): string[] {
  return LAYERS.flatMap((folder) =>
    readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && CODE.test(e.name))
      .map((e) => relative(REPO_ROOT, join(e.parentPath, e.name))),
  ).sort();
}

/** Each program file's relative imports, resolved to repository paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of programFiles()) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    const targets = importSpecifiers(text)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), spec)));
    graph.set(file, targets);
  }
  return graph;
}

const layerOf = (file: string): number => LAYERS.indexOf(file.split('/')[0] as never);

/** One import cycle as its chain of files (first file repeated at the end), or null. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): string[] | null => {
    const at = onPath.indexOf(file);
    if (at >= 0) return [...onPath.slice(at), file];
    if (done.has(file)) return null;
    onPath.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(file);
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

describe('the scanner', () => {
  it('finds every form of import, relative or not, and nothing in prose', () => {
    const text = [
      "import { readFileSync } from 'node:fs';",
      'import {',
      '  type A,',
      '  b,',
      "} from '../kernel/config-types.ts';",
      "import type { C } from './c.ts';",
      "export { d } from './d.ts';",
      "import './side-effect.ts';",
      "type V = typeof import('vega');",
      "const m = await import('../pipeline/cli.ts');",
      " * a comment saying the values come from '../pipeline/nowhere.ts'",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([
      'node:fs',
      '../kernel/config-types.ts',
      './c.ts',
      './d.ts',
      './side-effect.ts',
      'vega',
      '../pipeline/cli.ts',
    ]);
  });

  it('reports a cycle as its chain of files', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(findCycle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCycle(new Map([['a.ts', ['b.ts']]]))).toBeNull();
  });

  it('reads the real files: the imports known to exist are found', () => {
    const graph = importGraph();
    expect(graph.get('pipeline/cli.ts')).toContain('kernel/messages.ts');
    expect(graph.get('sources/catalog.ts')).toContain('kernel/source-entry.ts');
    expect(graph.get('pipeline/stages/publish.ts')).toContain('outputs/write-publications.ts');
    expect(graph.get('outputs/write-charts.ts')).toContain('kernel/output-folder.ts');
    // The chart engines load on first use: a dynamic import of a package, not of a module here.
    expect(
      importSpecifiers(readFileSync(join(REPO_ROOT, 'outputs/render-svg.ts'), 'utf8')),
    ).toEqual(expect.arrayContaining(['vega', 'vega-lite']));
    expect(graph.size).toBeGreaterThan(100);
  });
});

describe('layers', () => {
  const graph = importGraph();

  it('every relative import names a file that exists', () => {
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !existsSync(join(REPO_ROOT, t))).map((t) => `${file} → ${t}`),
    );
    expect(missing).toEqual([]);
  });

  it('import only their own layer or a lower one', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((t) => layerOf(t) > layerOf(file) || layerOf(t) < 0)
        .map((t) => `${file} → ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it('have no import cycle', () => {
    expect(findCycle(graph)?.join(' → ') ?? null).toBeNull();
  });
});
