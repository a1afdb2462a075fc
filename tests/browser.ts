/**
 * Headless Chromium for the tests that open pages (brief.html, the notebooks): Debian's
 * `chromium`, which .ci/run installs through scripts/ensure-chromium.sh. Without it those tests
 * are skipped, visibly.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';
import { HAS_DATA } from './helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** describe() for a browser test on the real files; `what` names it in the skip warning. */
export function describeBrowser(what: string): typeof describe | typeof describe.skip {
  if (!HAS_CHROMIUM) {
    console.warn(
      `[clusterfit tests] ${CHROMIUM} not found: the ${what} browser test is SKIPPED. ` +
        'Run scripts/ensure-chromium.sh to install Debian chromium.',
    );
  }
  return HAS_DATA && HAS_CHROMIUM ? describe : describe.skip;
}

/** Chromium with the offline flags DESIGN.md lists: no background traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}
