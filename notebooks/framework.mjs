#!/usr/bin/env node
// `npm run notebooks:build` and `npm run notebooks:dev`: Observable Framework's build or preview
// of notebooks/, with two things settled first. Framework reuses a data loader's cached output
// until the loader's source changes, but ours depends on CLUSTERFIT_RUN too, so its cache is
// cleared on every start; and Framework's telemetry (a network call) is turned off.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [command = 'build', ...rest] = process.argv.slice(2);
if (command !== 'build' && command !== 'preview') {
  console.error(`usage: node notebooks/framework.mjs build|preview [options]`);
  process.exit(2);
}
rmSync(join(here, 'src', '.observablehq', 'cache', 'data'), { recursive: true, force: true });
const require = createRequire(import.meta.url);
const bin = join(
  dirname(require.resolve('@observablehq/framework/package.json')),
  'dist',
  'bin',
  'observable.js',
);
const child = spawn(process.execPath, [bin, command, ...rest], {
  cwd: here,
  stdio: 'inherit',
  env: {
    ...process.env,
    OBSERVABLE_TELEMETRY_DISABLE: 'true',
    // Framework runs .ts data loaders with the `tsx` command: the project's own, also outside npm.
    PATH: [join(here, '..', 'node_modules', '.bin'), process.env.PATH].join(delimiter),
  },
});
// A preview stopped with SIGTERM (a job runner, a test) stops Framework too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
