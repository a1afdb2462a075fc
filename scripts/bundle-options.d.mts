import type { BuildOptions } from 'esbuild';
export declare function bundleOptions(outdir: string): BuildOptions;
