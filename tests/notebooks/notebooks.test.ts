/**
 * The notebooks site, end to end: two real runs, `npm run notebooks:build` on them, the built
 * site served on 127.0.0.1 and every page opened in Debian's headless Chromium. Each page must
 * draw its charts with no error cell, no console error and no request off the local server; a
 * screenshot of each is saved to notebooks/screenshots/ for review. Values on the pages are
 * checked against the run's own clusters.csv and bridge.csv.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compareRuns } from '../../pipeline/compare.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { approvalCount } from '../../transforms/rank.ts';
import { describeBrowser as browserSuite, launchChromium } from '../browser.ts';
import { captureIO, DATA_DIR, REPO_ROOT, readCsv, tempDir } from '../helpers.ts';

const PAGES = ['index', 'cluster', 'occupations', 'what-if', 'bridge', 'compare'] as const;
const SCREENSHOTS = join(REPO_ROOT, 'notebooks', 'screenshots');
/** Hosts a built page may name in its files: none that serves code, fonts or styles. */
const CDN =
  /cdn\.jsdelivr\.net|esm\.sh|unpkg\.com|fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.skypack\.dev|ga\.jspm\.io|api\.observablehq\.com|events\.observablehq\.com/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** A static server for the built site: /cluster serves cluster.html, as a static host would. */
function serve(dist: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.endsWith('/')) path += 'index';
    if (!extname(path)) path += '.html';
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Runs `npm run notebooks:build`'s script with the env given; rejects with its output on failure. */
function build(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'notebooks', 'framework.mjs'), 'build'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) =>
      code === 0
        ? ok()
        : fail(new Error(`notebooks build exited ${code}:\n${output.slice(-3000)}`)),
    );
  });
}

interface Opened {
  page: Page;
  errors: string[];
  offsite: string[];
}

const describeBrowser = browserSuite('notebooks');

describeBrowser('notebooks site in headless Chromium (real files)', () => {
  let runA = '';
  let runB = '';
  let dist = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  let origin = '';
  const opened: Opened[] = [];

  beforeAll(async () => {
    runA = tempDir('clusterfit-nb-a-');
    runB = tempDir('clusterfit-nb-b-');
    dist = tempDir('clusterfit-nb-dist-');
    await runPipeline({ outDir: runA, dataDir: DATA_DIR, overrides: { draws: 50 } }, captureIO());
    // The earlier vintage of the same state, with two of its sub-state areas, for the comparison.
    await runPipeline(
      {
        configFile: join(REPO_ROOT, 'configs', 'ca-2020-2030-areas.json'),
        outDir: runB,
        dataDir: DATA_DIR,
        overrides: { draws: 20, areas: ['CA', 'CA-napa-msa', 'CA-fresno-msa'] },
      },
      captureIO(),
    );
    await build({
      CLUSTERFIT_RUN: runA,
      CLUSTERFIT_COMPARE_RUN: runB,
      CLUSTERFIT_DATA_DIR: DATA_DIR,
      CLUSTERFIT_NOTEBOOKS_OUT: dist,
    });
    server = await serve(dist);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 150_000);

  afterAll(async () => {
    for (const o of opened) await o.page.close();
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  });

  /** Opens a page and waits until it has drawn `charts` charts. */
  async function open(name: (typeof PAGES)[number], charts: number): Promise<Opened> {
    if (!browser) throw new Error('browser did not start');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const o: Opened = { page, errors: [], offsite: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') o.errors.push(m.text());
    });
    page.on('pageerror', (e) => o.errors.push(String(e)));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('about:'))
        o.offsite.push(u);
    });
    await page.goto(`${origin}/${name === 'index' ? '' : name}`, { waitUntil: 'load' });
    // Strings, not functions: the test is type-checked without the DOM library.
    await page.waitForFunction(
      `document.querySelectorAll('.clusterfit-chart svg').length >= ${charts}`,
      undefined,
      { timeout: 20_000 },
    );
    opened.push(o);
    return o;
  }

  async function expectClean(o: Opened, name: string): Promise<void> {
    const errorCells = await o.page.$$eval('.observablehq--error', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    await o.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    expect(errorCells).toEqual([]);
    expect(o.errors).toEqual([]);
    expect(o.offsite).toEqual([]);
  }

  const text = (o: Opened, selector: string) => o.page.$eval(selector, (e) => e.textContent ?? '');

  it('builds offline: no file of the site names a CDN', () => {
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(PAGES.map((p) => `${p}.html`)));
    const named = files
      .map((f) => join(f.parentPath, f.name))
      .filter((f) => /\.(html|js|css|json)$/.test(f) && CDN.test(readFileSync(f, 'utf8')));
    expect(named).toEqual([]);
  });

  it('overview: the run approved list and its charts', async () => {
    const o = await open('index', 2 + 9);
    const clusters = readCsv(join(runA, 'clusters.csv'));
    for (const framework of ['legacy16', 'acte2024']) {
      const mine = clusters.filter((c) => c.framework === framework);
      const approved = mine.filter((c) => c.approved === 'true').map((c) => c.cluster);
      const card = await text(o, `[data-framework="${framework}"]`);
      expect(card).toContain(`${approved.length} of ${mine.length} clusters approved`);
      const items = await o.page.$$eval(`[data-framework="${framework}"] li`, (els) =>
        els.map((e) => (e.textContent ?? '').replace(/\s*\(score.*$/, '').trim()),
      );
      expect(items).toEqual(approved);
    }
    await expectClean(o, 'index');
  });

  it('cluster drill-down: the top cluster with its metrics, sub-levels, occupations, programs', async () => {
    const o = await open('cluster', 3);
    const top = readCsv(join(runA, 'clusters.csv')).find(
      (c) => c.framework === 'legacy16' && c.rank === '1',
    );
    await o.page.waitForSelector('#programs table');
    const body = await text(o, 'main');
    expect(body).toContain(`1. ${top?.cluster}: approved`);
    expect(body).toContain(Math.round(Number(top?.annual_openings)).toLocaleString('en-US'));
    expect(body).toMatch(/Stability over 50 draws/);
    // CIP codes of the programs of study (NN.NNNN).
    const cips = await o.page.$$eval('#programs tbody tr td:nth-child(2)', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    expect(cips.length).toBeGreaterThan(0);
    expect(cips.every((c) => /^\d{2}\.\d{4}$/.test(c))).toBe(true);
    await expectClean(o, 'cluster');
  });

  it('occupation explorer: search by SOC code', async () => {
    const o = await open('occupations', 1);
    await o.page.fill('input[type=search]', '29-1141');
    await o.page.waitForFunction(
      `/\\(1 occupations?\\)/.test(document.querySelector('#occupation-count')?.textContent ?? '')`,
    );
    expect(await text(o, 'main')).toContain('Registered Nurses');
    await expectClean(o, 'occupations');
  });

  it("what-if: default weights give the pipeline's ranks; moving a weight changes them", async () => {
    const o = await open('what-if', 1);
    expect(await o.page.$eval('#matches-pipeline', (e) => e.getAttribute('data-matches'))).toBe(
      'true',
    );
    const ranking = () =>
      o.page.$$eval('#whatif-ranking tbody tr', (rows) =>
        rows.map((r) => `${r.getAttribute('data-rank')} ${r.getAttribute('data-cluster')}`),
      );
    const ranks = (framework: string) =>
      readCsv(join(runA, 'clusters.csv'))
        .filter((c) => c.framework === framework)
        .map((c) => `${c.rank} ${c.cluster}`);
    const pipeline = ranks('legacy16');
    expect(await ranking()).toEqual(pipeline);
    // The 2024 framework too, then back to the legacy 16.
    await o.page.selectOption('select', { index: 1 });
    await o.page.waitForFunction(
      `document.querySelectorAll('#whatif-ranking tbody tr').length === ${ranks('acte2024').length}`,
    );
    expect(await ranking()).toEqual(ranks('acte2024'));
    await o.page.selectOption('select', { index: 0 });
    await o.page.waitForFunction(
      `document.querySelectorAll('#whatif-ranking tbody tr').length === ${pipeline.length}`,
    );
    expect(await ranking()).toEqual(pipeline);
    expect(await o.page.$eval('#whatif-changes', (e) => e.getAttribute('data-moved'))).toBe('0');

    // All the weight on median wage: openings and growth no longer count.
    for (const [metric, value] of [
      ['annual_openings', '0'],
      ['pct_change', '0'],
      ['median_wage', '1'],
    ] as const) {
      await o.page.$eval(
        `form[data-metric="${metric}"] input[type=range]`,
        (input, v) => {
          (input as unknown as { value: string }).value = v;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        },
        value,
      );
    }
    await o.page.waitForFunction(
      `Number(document.querySelector('#whatif-changes')?.getAttribute('data-moved')) > 0`,
    );
    const moved = await ranking();
    expect(moved).not.toEqual(pipeline);
    expect(new Set(moved.map((r) => r.replace(/^\d+ /, '')))).toEqual(
      new Set(pipeline.map((r) => r.replace(/^\d+ /, ''))),
    );
    // The approval cut: half of the 16 legacy clusters.
    await o.page.$eval('form[data-cut="top_share"] input[type=range]', (input) => {
      (input as unknown as { value: string }).value = '0.5';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const half = approvalCount(
      { method: 'top_share', top_n: 12, top_share: 0.5, min_score: 0 },
      pipeline.length,
    );
    await o.page.waitForFunction(
      `document.querySelectorAll('#whatif-ranking tr[data-approved="true"]').length === ${half}`,
    );
    expect(await text(o, '#whatif-changes')).toContain(`${half} clusters approved`);
    await expectClean(o, 'what-if');
  });

  it('framework bridge: the largest flow of jobs first', async () => {
    const o = await open('bridge', 2);
    const largest = readCsv(join(runA, 'bridge.csv')).sort(
      (a, b) => Number(b.employment) - Number(a.employment),
    )[0];
    const firstRow = await o.page.$eval('table tbody tr', (r) => r.textContent ?? '');
    expect(firstRow).toContain(largest?.from_cluster);
    expect(firstRow).toContain(largest?.to_cluster);
    await expectClean(o, 'bridge');
  });

  it('comparison: two vintages and three areas', async () => {
    const o = await open('compare', 3);
    const body = await text(o, 'main');
    expect(body).toContain('3 areas, 2020-2030');
    // The approval changes clusterfit compare finds for the legacy 16, each named on the page.
    const out = tempDir('clusterfit-nb-compare-');
    await compareRuns(runA, runB, out);
    const changes = readCsv(join(out, 'comparison.csv')).filter(
      (r) => r.framework === 'legacy16' && ['added', 'dropped'].includes(r.approval_change ?? ''),
    );
    expect(changes.length).toBeGreaterThan(0);
    const said = await text(o, '#approval-changes');
    expect(said).toContain(`${changes.length} approval change`);
    for (const c of changes)
      expect(said).toContain(`${c.cluster} (${c.area}, ${c.approval_change})`);
    await expectClean(o, 'compare');
  });
});
