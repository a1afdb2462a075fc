/**
 * import() of an ES-module-only package (Vega and Vega-Lite, which Node 20 cannot require()).
 *
 * The launcher runs the bundle as a vm.Script through V8's code cache (bin/code-cache.js). In
 * Node 20, a vm.Script's import() has no loader once its code comes from the cache: it fails with
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING, and an importModuleDynamically function needs
 * --experimental-vm-modules. So the launcher, itself an ES module, lends its own import() under
 * this symbol. From the sources (tsx, the tests) and on the worker thread, plain import() works.
 */
const LAUNCHER_IMPORT = Symbol.for('clusterfit.import');

export function importEsm<T>(specifier: string): Promise<T> {
  const lent = (globalThis as Record<symbol, unknown>)[LAUNCHER_IMPORT] as
    | ((specifier: string) => Promise<T>)
    | undefined;
  return lent ? lent(specifier) : import(specifier);
}

/** What bin/code-cache.js's loadBundle gives for a bundle. */
export interface LoadedBundle<T> {
  exports: T;
  /** Writes the bundle's code cache when V8 had none to take (a no-op otherwise). */
  saveCache(): void;
}

/**
 * Runs a CommonJS bundle of ours (dist/vega.cjs) through V8's code cache, as the launcher runs
 * the CLI's (bin/code-cache.js, the one loader of both): compiled from the source only by the
 * first run after a build, which saves the cache when it calls saveCache().
 */
export async function loadCachedBundle<T>(file: string): Promise<LoadedBundle<T>> {
  const { loadBundle } = await importEsm<{ loadBundle(file: string): LoadedBundle<T> }>(
    new URL('../bin/code-cache.js', import.meta.url).href,
  );
  return loadBundle(file);
}
