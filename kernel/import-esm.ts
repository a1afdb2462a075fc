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
