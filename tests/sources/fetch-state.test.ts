/**
 * `fetch --state` / `--mirror` / `run --state` against a mirror on 127.0.0.1 that serves the
 * Projections Central REST service's paths. Nevada's rows are the Registered Nurses row of the
 * hand-transcribed Projections Central table in ../shared/data plus 31 occupations written by
 * hand in the service's exact row schema (tests/fixtures/projections-central/nv-longterm-rows.json;
 * not a recording: Change = Projected − Base on every row). The pager is the one the service
 * returns: {"current_page", "total_items", "total_pages", "items_per_page"}, pages by `&page=N`.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { CATALOG } from '../../sources/catalog.ts';
import { type FetchOptions, fetchSources } from '../../sources/fetch.ts';
import { parseState, parseStates } from '../../sources/projections-central/states.ts';
import { readLock } from '../../sources/source-lock.ts';
import {
  captureIO,
  DATA_DIR,
  dataFile,
  describeWithData,
  FIXTURES,
  HAS_DATA,
  tempDir,
} from '../helpers.ts';

type Row = Record<string, string>;
const HAND_ROWS: Row[] = JSON.parse(
  readFileSync(join(FIXTURES, 'projections-central', 'nv-longterm-rows.json'), 'utf8'),
);

/** Nevada's Registered Nurses row, from the hand-transcribed table in the shared data. */
function nvNurses(): Row {
  const csv = readFileSync(
    dataFile('projections_state/pc_longterm_2024_2034_29-1141_all_states.csv'),
    'utf8',
  );
  const rows = Papa.parse<Row>(csv, { header: true, skipEmptyLines: true }).data;
  const nv = rows.find((r) => r.STFIPS === '32');
  if (!nv) throw new Error('no Nevada row in the shared Projections Central table');
  return { ...nv, StateURL: 'https://nevadaworkforce.com/Projections' };
}

/** A state's rows as another state's: same figures, that state's FIPS and name. */
function asState(rows: Row[], fips: string, area: string): Row[] {
  return rows.map((r) => ({ ...r, STFIPS: fips, Area: area }));
}

const NY_CSV = readFileSync(join(FIXTURES, 'ny-dol', 'longterm_occproj.csv'), 'utf8');
/** What the mirror serves at data.ny.gov's export path: the fixture, or a broken copy. */
let nyExport = NY_CSV;

const PAGE_SIZE = 12;
let nvRows: Row[] = [];
const hits: string[] = [];
const sockets = new Set<Socket>();

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Pages of PAGE_SIZE rows as the service pages them (0-based `page`). */
function paged(res: ServerResponse, rows: Row[], page: number, totalItems = rows.length): void {
  json(res, {
    rows: rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE),
    pager: {
      current_page: page,
      total_items: totalItems,
      total_pages: Math.ceil(totalItems / PAGE_SIZE),
      items_per_page: PAGE_SIZE,
    },
  });
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  hits.push(`${url.pathname}${url.search}`);
  const page = Number(url.searchParams.get('page') ?? '0');
  const m = /^\/mirror\/Projections\/LongTermRestJson\/(\d+)$/.exec(url.pathname);
  if (url.pathname === '/mirror/projections/file/longterm/csv') {
    // The real service names short-lived storage; the mirror serves the same path.
    json(res, {
      content: 'https://pc-files.s3.amazonaws.com/ltprojections.csv?X-Amz-Expires=900&sig=abc',
    });
    return;
  }
  if (url.pathname === '/mirror/ltprojections.csv' && url.searchParams.get('sig') === 'abc') {
    // A bulk file in the publisher's layout: fetch reads it with its reader before keeping it.
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end(readFileSync(join(FIXTURES, 'projections-central', 'ltprojections.csv')));
    return;
  }
  if (url.pathname === '/mirror/api/views/pqm4-9qqb/rows.csv') {
    res.writeHead(200, { 'content-type': 'text/csv' }).end(nyExport);
    return;
  }
  if (!m || url.searchParams.get('items_per_page') !== '1000') {
    // The real service answers an unknown page size 404 "No results found.".
    res.writeHead(404).end('No results found.');
    return;
  }
  switch (m[1]) {
    case '32': // Nevada: three pages of the pager
      paged(res, nvRows, page);
      return;
    case '6': {
      // California (figures borrowed from Nevada's), paged by links.next instead of a pager.
      const rows = asState(nvRows, '6', 'California');
      const more = (page + 1) * PAGE_SIZE < rows.length;
      json(res, {
        rows: rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE),
        links: more
          ? { next: `/Projections/LongTermRestJson/6?items_per_page=1000&page=${page + 1}` }
          : {},
      });
      return;
    }
    case '9': // Connecticut: a login page where JSON was expected
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>');
      return;
    case '10': // Delaware: headers, then nothing
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"rows": [');
      return;
    case '11': // District of Columbia: down
      res.writeHead(500).end('Internal Server Error');
      return;
    case '12': // Florida: the national row among the state's
      paged(res, [{ ...nvRows[0], STFIPS: '0', Area: ' United States' } as Row], 0);
      return;
    case '13': // Georgia: the pager announces more rows than the pages hold
      paged(res, asState(nvRows, '13', 'Georgia').slice(0, 20), page, 40);
      return;
    case '15': // Hawaii: ignores `page` and answers page 0 forever
      paged(res, asState(nvRows, '15', 'Hawaii'), 0);
      return;
    case '16': // Idaho: far more than a page can be
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"rows": [${'{"Area": "Idaho"},'.repeat(5000)}{}]}`);
      return;
    case '18': // Indiana: a proxy's plain-text error page with status 200
      res.writeHead(200, { 'content-type': 'text/plain' }).end('Service temporarily unavailable');
      return;
    case '17': // Illinois: JSON that is not the service's shape
      json(res, { error: 'maintenance' });
      return;
    default:
      res.writeHead(404).end('No results found.');
  }
}

let server: Server;
let mirror: string;

beforeAll(async () => {
  nvRows = HAS_DATA ? [...HAND_ROWS, nvNurses()] : HAND_ROWS;
  server = createServer(route);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Under a folder, as an agency's proxy often is.
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

function options(dataDir: string, states: string[], more: Partial<FetchOptions> = {}) {
  const log: string[] = [];
  const opts: FetchOptions = {
    dataDir,
    entries: CATALOG,
    states: parseStates(states),
    baseUrl: mirror,
    stallTimeoutMs: 300,
    totalTimeoutMs: 2_000,
    retries: 1,
    backoffMs: 10,
    maxBytes: 50_000,
    acceptNew: false,
    log: (line) => log.push(line),
    date: () => new Date('2026-12-06T00:00:00Z'),
    ...more,
  };
  return { opts, log };
}

const PC_DIR = 'projections_state/projections_central';

describe('--state codes', () => {
  it('takes postal or FIPS codes, with or without a leading zero, and refuses the nation', () => {
    expect(parseState('nv')).toEqual({ postal: 'NV', fips: '32' });
    expect(parseState('032')).toEqual({ postal: 'NV', fips: '32' });
    expect(parseState('6')).toEqual({ postal: 'CA', fips: '06' });
    expect(parseStates(['all'])).toHaveLength(54);
    expect(() => parseState('US')).toThrow('is the United States, not a state');
    expect(() => parseState('0')).toThrow('is the United States, not a state');
    expect(() => parseState('ZZ')).toThrow('--state ZZ is not a state Projections Central serves');
  });
});

describe('fetch --state from a mirror on 127.0.0.1', () => {
  it('follows a three-page pager and saves the rows with their sha256 in the lock', async () => {
    const dir = tempDir();
    hits.length = 0;
    const { opts, log } = options(dir, ['NV']);
    const result = await fetchSources(opts);
    expect(result.outcomes[0]?.message).toMatch(/^pc-longterm-state\/NV: fetched/);
    expect(result.exitCode).toBe(0);
    expect(hits).toEqual([
      '/mirror/Projections/LongTermRestJson/32?items_per_page=1000',
      '/mirror/Projections/LongTermRestJson/32?items_per_page=1000&page=1',
      '/mirror/Projections/LongTermRestJson/32?items_per_page=1000&page=2',
    ]);
    const saved = JSON.parse(readFileSync(join(dir, PC_DIR, 'longterm_NV.json'), 'utf8'));
    expect(saved.rows).toHaveLength(nvRows.length);
    expect(saved.rows.find((r: Row) => r.OccCode === '35-3011')).toMatchObject({
      Base: '17350',
      Projected: '18740',
      AvgAnnualOpenings: '3050',
    });
    const lock = readLock(dir).sources['pc-longterm-state/NV'];
    expect(lock?.url).toBe(
      'https://public.projectionscentral.org/Projections/LongTermRestJson/32?items_per_page=1000',
    );
    expect(lock?.sha256).toBe(result.outcomes[0]?.sha256);
    expect(log.join('\n')).toContain(`${nvRows.length} rows on 3 pages`);

    // The same rows again are the same bytes: unchanged, not a new release.
    const again = await fetchSources(options(dir, ['32']).opts);
    expect(again.outcomes[0]?.status).toBe('unchanged');
  });

  it('reports a state whose rows changed as a new release and keeps the old file', async () => {
    const dir = tempDir();
    await fetchSources(options(dir, ['NV']).opts);
    const before = readFileSync(join(dir, PC_DIR, 'longterm_NV.json'), 'utf8');
    const saved = nvRows;
    nvRows = nvRows.map((r) => (r.OccCode === '35-3011' ? { ...r, AvgAnnualOpenings: '3060' } : r));
    try {
      const changed = await fetchSources(options(dir, ['NV']).opts);
      expect(changed.exitCode).toBe(3);
      expect(changed.outcomes[0]?.message).toContain("the publisher's file changed");
      expect(readFileSync(join(dir, PC_DIR, 'longterm_NV.json'), 'utf8')).toBe(before);
    } finally {
      nvRows = saved;
    }
  });

  it('follows links.next where a server pages that way', async () => {
    const dir = tempDir();
    const result = await fetchSources(options(dir, ['CA']).opts);
    expect(result.outcomes[0]?.message).toMatch(/^pc-longterm-state\/CA: fetched/);
    const saved = JSON.parse(readFileSync(join(dir, PC_DIR, 'longterm_CA.json'), 'utf8'));
    expect(saved.rows).toHaveLength(nvRows.length);
    expect(new Set(saved.rows.map((r: Row) => r.Area))).toEqual(new Set(['California']));
  });

  it('refuses HTML, a stall, a 500, the national row, short or repeating pagers, and oversize answers, replacing nothing', async () => {
    const dir = tempDir();
    // A file already accepted for Connecticut must survive a bad answer.
    mkdirSync(join(dir, PC_DIR), { recursive: true });
    writeFileSync(join(dir, PC_DIR, 'longterm_CT.json'), '{"rows": []}\n');
    const { opts } = options(dir, ['CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN']);
    const started = Date.now();
    const result = await fetchSources(opts);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(result.exitCode).toBe(3);
    const byState = Object.fromEntries(result.outcomes.map((o) => [o.id.split('/')[1], o]));
    const url = (fips: number) =>
      `${mirror}/Projections/LongTermRestJson/${fips}?items_per_page=1000`;
    expect(byState.CT?.message).toContain(
      `${url(9)} returned an HTML page (Content-Type text/html) where a .json file was expected`,
    );
    expect(byState.DE?.message).toContain(`${url(10)} sent nothing for 0.3 s`);
    expect(byState.DC?.message).toContain(`${url(11)} answered HTTP 500`);
    expect(byState.DC?.message).toContain('Gave up after 2 attempts');
    expect(byState.FL?.message).toContain('row 1 is the national row (STFIPS 0, "United States")');
    expect(byState.GA?.message).toContain('announced 40 rows but 20 arrived over 2 pages');
    expect(byState.HI?.message).toContain(`announced ${nvRows.length} rows but 12 arrived`);
    expect(byState.ID?.message).toContain('sent more than 50000 bytes');
    expect(byState.IL?.message).toContain('answered JSON without a "rows" array');
    expect(byState.IN?.message).toContain(
      `${url(18)} did not answer JSON; it began with: Service temporarily unavailable`,
    );
    for (const o of result.outcomes) expect(o.status).toBe('failed');
    expect(readdirSync(join(dir, PC_DIR))).toEqual(['longterm_CT.json']);
    expect(readFileSync(join(dir, PC_DIR, 'longterm_CT.json'), 'utf8')).toBe('{"rows": []}\n');
    expect(existsSync(join(dir, 'clusterfit-sources.lock.json'))).toBe(false);
  });

  it('gets the bulk CSV behind the service\'s "content" address, from the mirror', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [], { only: ['pc-longterm-all'] });
    const result = await fetchSources(opts);
    expect(result.outcomes[0]?.status).toBe('fetched');
    expect(readFileSync(join(dir, PC_DIR, 'ltprojections.csv'), 'utf8')).toContain(
      '9,1,Connecticut,29-1141,"Registered Nurses",2024,2034,36140,38380,2240,6.2,760,1270,2250',
    );
    expect(hits).toContain('/mirror/ltprojections.csv?X-Amz-Expires=900&sig=abc');
  });

  it("reads every download with the source's own reader before it replaces anything", async () => {
    const dir = tempDir();
    const only = { only: ['ny-dol-longterm-2014-2024'] };
    const good = await fetchSources(options(dir, [], only).opts);
    expect(good.outcomes[0]?.status).toBe('fetched');
    const path = join(dir, CATALOG.find((e) => e.id === 'ny-dol-longterm-2014-2024')?.path ?? '');
    expect(readFileSync(path, 'utf8')).toBe(NY_CSV);

    // A re-release whose base employment is not a number: the New York reader refuses it.
    nyExport = NY_CSV.replace('9914750', '99147S0');
    try {
      const bad = await fetchSources(options(dir, [], { ...only, acceptNew: true }).opts);
      expect(bad.outcomes[0]?.message).toContain(
        'ny-dol-longterm-2014-2024: the downloaded file does not read as this source:',
      );
      expect(bad.outcomes[0]?.message).toContain(
        'row 2, column "Base Year", value "99147S0": expected a number',
      );
      expect(readFileSync(path, 'utf8')).toBe(NY_CSV);
    } finally {
      nyExport = NY_CSV;
    }
  });

  it('asks for --state when the per-state source is named without one', async () => {
    const dir = tempDir();
    await expect(
      fetchSources(options(dir, [], { only: ['pc-longterm-state'] }).opts),
    ).rejects.toThrow('pc-longterm-state is one file per state: say which with --state');
  });
});

describe('fetch --state / run --state usage (no network)', () => {
  it('exits 2 naming the bad value, before any request or file', async () => {
    const dir = tempDir();
    const cases: [string[], string][] = [
      [['fetch', '--state', 'NV', '--state', 'ZZ'], '--state ZZ is not a state'],
      [['fetch', '--state', 'US'], '--state US is the United States, not a state'],
      [['fetch', '--source', 'pc-longterm-state'], 'say which with --state'],
      [['fetch', '--state', 'NV', '--source', 'ny-dol-longterm-2014-2024'], '--state selects'],
      [['fetch', '--state', 'NV', '--mirror', 'ftp://mirror.example'], '--mirror must be an http'],
      [['fetch', '--state', 'NV', '--max-size', '0'], 'Option --max-size must be'],
      [['run', '--state', 'NV', '--area', 'CA'], '--state picks the area itself'],
    ];
    for (const [args, expected] of cases) {
      const io = captureIO();
      expect(await main([...args, '--data-dir', dir], io)).toBe(2);
      expect(io.stderr).toContain(expected);
    }
    expect(readdirSync(dir)).toEqual([]);

    // A config naming the per-state source without a state is told how to pick one.
    const config = join(tempDir(), 'pc.json');
    writeFileSync(config, '{"projections": "pc-longterm-state"}');
    const io = captureIO();
    expect(
      await main(['run', '--config', config, '--data-dir', dir, '--out', join(dir, 'o')], io),
    ).toBe(2);
    expect(io.stderr).toContain('pc-longterm-state is one file per state: run with --state XX');
  });
});

describe('clusterfit sources', () => {
  it('lists at least twelve publisher addresses, every source missing in an empty folder', async () => {
    const dir = tempDir();
    const io = captureIO();
    expect(await main(['sources', '--data-dir', dir, '--format', 'json'], io)).toBe(0);
    const listed = JSON.parse(io.stdout).sources as {
      id: string;
      url: string | null;
      original: string | null;
      files: { status: string }[];
    }[];
    const addresses = listed.flatMap((s) => [s.url, s.original]).filter((a) => a !== null);
    expect(addresses.length).toBeGreaterThanOrEqual(12);
    expect(addresses).toContain('https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx');
    expect(addresses).toContain('https://www.bls.gov/oes/special-requests/oesm25nat.zip');
    expect(
      listed
        .filter((s) => s.id !== 'pc-longterm-state')
        .every((s) => s.files[0]?.status === 'missing'),
    ).toBe(true);
    const text = captureIO();
    expect(await main(['sources', '--data-dir', dir], text)).toBe(0);
    expect(text.stdout).toContain('pc-longterm-state  [projections]  no state fetched yet');
  });
});

describeWithData('clusterfit sources on the shared data', () => {
  it('says which files match their recorded sha256 and which differ', async () => {
    const io = captureIO();
    expect(await main(['sources', '--data-dir', DATA_DIR, '--format', 'json'], io)).toBe(0);
    const listed = JSON.parse(io.stdout).sources as {
      id: string;
      expected_sha256: string;
      files: { status: string; sha256: string; bytes: number }[];
    }[];
    const ep = listed.find((s) => s.id === 'bls-ep-2024-2034');
    expect(ep?.files[0]).toMatchObject({
      status: 'matches',
      sha256: '40f463da6fd9bc8e780d407d0be93ffcc6aad53d58f6abed328184ce61316ec9',
      bytes: 251540,
    });
    expect(listed.filter((s) => s.files[0]?.status === 'matches')).toHaveLength(16);

    // An edited copy (here: another file at the expected path) differs.
    const dir = tempDir();
    mkdirSync(join(dir, 'wages'));
    writeFileSync(join(dir, 'wages', 'bls_oews_may2025_national.csv'), 'OCC_CODE\n');
    const edited = captureIO();
    expect(await main(['sources', '--data-dir', dir], edited)).toBe(0);
    expect(edited.stdout).toContain(
      'oews-may2025-national  [wages]  present but DIFFERS from the sha256 recorded by the catalog (a new release or an edited file)',
    );
  });
});

describeWithData('fetch --state NV --mirror, then run --state NV (end to end)', () => {
  it("produces Nevada's recommendation with national wages and education filled in", async () => {
    // The data directory: the shared reference files the run needs, and nothing for Nevada yet.
    const dir = tempDir();
    for (const folder of ['career_clusters', 'soc', 'wages', 'projections_national']) {
      symlinkSync(dataFile(folder), join(dir, folder));
    }
    const out = join(tempDir(), 'out');

    const missing = captureIO();
    expect(await main(['run', '--state', 'NV', '--data-dir', dir, '--out', out], missing)).toBe(3);
    expect(missing.stderr).toContain('Fetch it first with `clusterfit fetch --state NV`');
    expect(existsSync(out)).toBe(false);

    const fetchIO = captureIO();
    const fetched = await main(
      ['fetch', '--state', 'NV', '--mirror', mirror, '--data-dir', dir, '--timeout', '5'],
      fetchIO,
    );
    expect(fetchIO.stdout).toContain('pc-longterm-state/NV: fetched');
    expect(fetched).toBe(0);
    const listed = captureIO();
    expect(await main(['sources', '--data-dir', dir], listed)).toBe(0);
    expect(listed.stdout).toContain(
      'pc-longterm-state  [projections]  NV: present, matches the sha256 recorded by the fetch lock',
    );

    const runIO = captureIO();
    const code = await main(
      ['run', '--state', 'NV', '--data-dir', dir, '--out', out, '--draws', '0'],
      runIO,
    );
    expect(runIO.stderr).toBe('');
    expect(code).toBe(0);
    expect(runIO.stdout).toContain('attributes.wages: oews-may2025-national (national) fills');

    expect(readFileSync(join(out, 'recommendation.md'), 'utf8')).toContain('Nevada');
    const clusters = Papa.parse<Record<string, string>>(
      readFileSync(join(out, 'clusters.csv'), 'utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    expect(new Set(clusters.map((r) => r.area))).toEqual(new Set(['NV']));
    expect(clusters.filter((r) => r.approved === 'true').length).toBeGreaterThan(0);

    const occupations = Papa.parse<Record<string, string>>(
      readFileSync(join(out, 'occupations.csv'), 'utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    // Nevada's nurses as Projections Central publishes them, the national OEWS May 2025 median
    // wage ($97,550) and BLS's typical entry education.
    const nurse = occupations.find((r) => r.soc_code === '29-1141' && r.framework === 'acte2024');
    expect(nurse).toMatchObject({
      base_employment: '28150',
      projected_employment: '34350',
      annual_openings: '2170',
      median_wage: '97550',
      education: "Bachelor's degree",
    });
    expect(nurse?.median_wage_source).toContain('OEWS May 2025');
  }, 120_000);
});
