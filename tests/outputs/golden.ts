/**
 * Golden files for outputs: the actual text is normalized (numbers rounded so last-digit float
 * noise across platforms does not count as a change) and compared with the file under
 * tests/outputs/golden/. On a mismatch the actual text is written beside it as NAME-changed.EXT
 * (git-ignored) so the difference can be diffed and, if right, copied over the golden file.
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
  const expected = readFileSync(golden, 'utf8');
  if (expected === actual) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  expect(actual, `${name} differs from its golden file; see ${changed}`).toBe(expected);
}
