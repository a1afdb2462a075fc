/**
 * Shared test plumbing. Real public files are read from ../shared/data (or CLUSTERFIT_DATA_DIR);
 * tests that need them are skipped, visibly, when the folder is absent. Fixture tests always run.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { CliIO } from '../pipeline/cli.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures');
export const DATA_DIR = resolve(
  REPO_ROOT,
  process.env.CLUSTERFIT_DATA_DIR ?? join('..', 'shared', 'data'),
);
export const HAS_DATA = existsSync(join(DATA_DIR, 'PROVENANCE.md'));

if (!HAS_DATA) {
  console.warn(
    `[clusterfit tests] ${DATA_DIR} not found: tests on the real public files are SKIPPED. ` +
      'Set CLUSTERFIT_DATA_DIR to the shared data folder to run them.',
  );
}

/** describe() for tests that read the real files in the shared data folder. */
export const describeWithData = HAS_DATA ? describe : describe.skip;

export function dataFile(relative: string): string {
  return join(DATA_DIR, relative);
}

export function tempDir(prefix = 'clusterfit-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A quiet CliIO that records what would have been printed. */
export function captureIO(env: NodeJS.ProcessEnv = {}): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    env,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    log(line: string) {
      io.stdout += `${line}\n`;
    },
    warn(line: string) {
      io.stderr += `${line}\n`;
    },
    now: () => 0,
    date: () => new Date('2026-01-01T00:00:00Z'),
  };
  return io;
}
