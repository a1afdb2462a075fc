/**
 * Vega and Vega-Lite as one module: the entry of dist/vega.cjs (scripts/bundle-options.mjs,
 * vegaBundleOptions), which render-svg.ts loads through V8's code cache when clusterfit runs
 * from its bundle. From the sources, render-svg.ts imports the two packages instead.
 */
export * as vega from 'vega';
export { compile } from 'vega-lite';
