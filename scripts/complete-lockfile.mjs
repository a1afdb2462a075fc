#!/usr/bin/env node
// The npm registry reachable on our build machines serves only the Linux builds of
// platform-specific packages (@esbuild/*, @rollup/*, @biomejs/cli-*, @duckdb/node-bindings-*).
// npm then writes a lockfile without the other platforms' optional packages, and `npm ci`
// rejects that lockfile as out of sync. This script adds the missing optional entries with the
// os/cpu/libc their names state, so `npm ci` accepts the lockfile and skips them on Linux, and
// the lockfile stays valid for contributors on macOS or Windows. Run it after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'sunos',
  'win32',
  'aix',
  'openharmony',
  'cygwin',
];
const CPU = [
  'arm64',
  'x64',
  'ia32',
  'arm',
  'loong64',
  'mips64el',
  'ppc64',
  'riscv64',
  's390x',
  'mips',
  'ppc',
  'wasm32',
  'loongarch64',
];

function platformOf(name) {
  const base = name.split('/').pop();
  const parts = base.split('-');
  const os = parts.find(
    (p) => OS.includes(p) || p === 'win' || p === 'windows' || p === 'macos' || p === 'mac',
  );
  const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes('arm') ? 'arm' : undefined);
  if (!os || !cpu) return undefined;
  const fixOs = { win: 'win32', windows: 'win32', macos: 'darwin', mac: 'darwin' }[os] ?? os;
  const out = { os: [fixOs], cpu: [cpu] };
  if (parts.includes('musl')) out.libc = ['musl'];
  else if (parts.includes('gnu') || (fixOs === 'linux' && !parts.includes('musl'))) {
    if (parts.includes('gnu')) out.libc = ['glibc'];
  }
  return out;
}

let added = 0;
for (const [key, pkg] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const prefix = key === '' ? '' : `${key}/`;
    const nested = `${prefix}node_modules/${dep}`;
    const top = `node_modules/${dep}`;
    if (packages[nested] || packages[top]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[top] = {
      version,
      ...(pkg.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
