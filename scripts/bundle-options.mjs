// esbuild options for the CLI bundle, shared by scripts/build.mjs and the launcher test.
// `outdir` must sit one folder below the repository root (as pipeline/ and transforms/ do):
// asset paths are computed from import.meta.url and then resolve to the same files.
export function bundleOptions(outdir) {
  return {
    // The worker thread is its own entry: worker-client.ts starts worker.mjs beside the CLI.
    entryPoints: { clusterfit: 'pipeline/cli.ts', worker: 'pipeline/worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}
