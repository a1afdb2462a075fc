/**
 * Golden files for outputs: the actual text is normalized (numbers rounded so last-digit float
 * noise across platforms does not count as a change) and compared with the file under
 * tests/outputs/golden/. On a mismatch the actual text is written beside it as NAME-changed.EXT
 * (git-ignored) so the difference can be diffed and, if right, copied over the golden file.
 * expectGoldenFile compares a file byte for byte instead, for outputs deterministic by contract.
 * A missing golden file is created locally, so a new chart's first run records its golden; under
 * CI (CI=true) a missing golden fails, since a test that writes its own expectation cannot fail.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from '../helpers.ts';

export const GOLDEN_DIR = join(REPO_ROOT, 'tests', 'outputs', 'golden');

/** Rounds every decimal number in the text to `digits` decimals ("12.345678" → "12.35"). */
export function normalizeNumbers(text: string, digits = 2): string {
  return text.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/gi, (m) => {
    const n = Number(m);
    if (!Number.isFinite(n)) return m;
    const r = Number(n.toFixed(digits));
    return String(Object.is(r, -0) ? 0 : r);
  });
}

/** The path a mismatching output is written to: "a/b.svg" → "a/b-changed.svg". */
export function changedPath(golden: string): string {
  const dot = golden.lastIndexOf('.');
  const slash = golden.lastIndexOf('/');
  return dot > slash ? `${golden.slice(0, dot)}-changed${golden.slice(dot)}` : `${golden}-changed`;
}

/** Asserts `actual` (already normalized) equals the golden file `name`. */
export function expectGolden(name: string, actual: string): void {
  matchGolden(name, Buffer.from(actual, 'utf8'));
}

/**
 * Asserts the file at `actualPath` equals the golden file `name` byte for byte, with no
 * normalization: for outputs that are deterministic by contract (the run's CSV tables and
 * recommendation), where even a last-digit change is a change someone must accept.
 */
export function expectGoldenFile(name: string, actualPath: string): void {
  matchGolden(name, readFileSync(actualPath));
}

/** The one comparison both entry points share: create, update, match or write `-changed`. */
function matchGolden(name: string, actual: Buffer): void {
  const golden = join(GOLDEN_DIR, name);
  const changed = changedPath(golden);
  if (!existsSync(golden) && process.env.CI === 'true') {
    expect.fail(`${name}: golden file missing; run the tests locally and commit ${golden}`);
  }
  if (!existsSync(golden) || process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, actual);
    rmSync(changed, { force: true });
    return;
  }
  const expected = readFileSync(golden);
  if (expected.equals(actual)) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  const message = `${name} differs from its golden file; see ${changed}`;
  // The text diff is the readable one; bytes that decode to the same text (a stray invalid
  // UTF-8 sequence) still fail, through the byte comparison.
  expect(actual.toString('utf8'), message).toBe(expected.toString('utf8'));
  expect(actual.equals(expected), message).toBe(true);
}
