import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceEntry } from '../../kernel/source-entry.ts';
import { main } from '../../pipeline/cli.ts';
import { type FetchOptions, fetchSources } from '../../sources/fetch.ts';
import { LOCK_FILE, readLock } from '../../sources/source-lock.ts';
import { captureIO, tempDir } from '../helpers.ts';

// Every entry points at a host that does not resolve; baseUrl redirects them to the local server,
// so a test that forgot the override fails instead of reaching the internet.
const FAR = 'https://publisher.invalid';

function entry(id: string, path: string, urlPath: string): SourceEntry {
  return {
    id,
    kind: 'wages',
    title: `Test source ${id}`,
    publisher: 'Test publisher',
    vintage: 'test',
    docs: `${FAR}/docs/${id}`,
    url: `${FAR}${urlPath}`,
    path,
    layout: 'test',
  };
}

const CSV = 'OCC_CODE,TOT_EMP\n29-1141,32440\n';
let xlsx: Buffer;
let current = CSV;
const hits = new Map<string, number>();
const sockets = new Set<import('node:net').Socket>();

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  switch (path) {
    case '/good.csv':
      res.writeHead(200, { 'content-type': 'text/csv' }).end(CSV);
      return;
    case '/good.xlsx':
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(xlsx);
      return;
    case '/flaky.csv':
      if (n <= 2) res.writeHead(500).end('busy');
      else res.writeHead(200, { 'content-type': 'text/csv' }).end(CSV);
      return;
    case '/always-500.csv':
      res.writeHead(503).end('down');
      return;
    case '/stall.csv':
      // Headers and a first chunk, then nothing: the stall timeout must end it.
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('OCC_CODE,TOT_EMP\n');
      return;
    case '/html.csv':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>Moved</p>');
      return;
    case '/html-body.csv':
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('\n<!DOCTYPE html><html><body>Access denied</body></html>');
      return;
    case '/not-zip.xlsx':
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('OCC_CODE,TOT_EMP\n');
      return;
    case '/empty.csv':
      res.writeHead(200, { 'content-type': 'text/csv' }).end();
      return;
    case '/changing.csv':
      res.writeHead(200, { 'content-type': 'text/csv' }).end(current);
      return;
    default:
      res.writeHead(404).end('not found');
  }
}

let server: Server;
let base: string;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('data').addRows([
    ['OCC_CODE', 'TOT_EMP'],
    ['29-1141', 32440],
  ]);
  xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  server = createServer(route);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // The stalled responses hold their sockets open; end them so close() returns.
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

function options(dataDir: string, entries: SourceEntry[], more: Partial<FetchOptions> = {}) {
  const log: string[] = [];
  const opts: FetchOptions = {
    dataDir,
    entries,
    baseUrl: base,
    stallTimeoutMs: 300,
    totalTimeoutMs: 2_000,
    retries: 2,
    backoffMs: 10,
    maxBytes: 1_000_000,
    acceptNew: false,
    log: (line) => log.push(line),
    date: () => new Date('2026-01-01T00:00:00Z'),
    ...more,
  };
  return { opts, log };
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Files in a folder, hidden temp files included, so a leftover .part is seen. */
function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('clusterfit fetch (local HTTP server)', () => {
  it('fetches a CSV and an XLSX and records both in the lock', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [
      entry('a-csv', 'wages/a.csv', '/good.csv'),
      entry('b-xlsx', 'wages/b.xlsx', '/good.xlsx'),
    ]);
    const result = await fetchSources(opts);
    expect(result.exitCode).toBe(0);
    expect(result.outcomes.map((o) => o.status)).toEqual(['fetched', 'fetched']);
    expect(readFileSync(join(dir, 'wages/a.csv'), 'utf8')).toBe(CSV);
    expect(readFileSync(join(dir, 'wages/b.xlsx')).equals(xlsx)).toBe(true);
    const lock = readLock(dir);
    expect(lock.sources['a-csv']).toEqual({
      url: `${FAR}/good.csv`,
      path: 'wages/a.csv',
      sha256: sha(CSV),
      bytes: Buffer.byteLength(CSV),
      fetched_at: '2026-01-01T00:00:00.000Z',
    });
    expect(lock.sources['b-xlsx']?.sha256).toBe(sha(xlsx));
    expect(filesIn(join(dir, 'wages')).sort()).toEqual(['a.csv', 'b.xlsx']);
  });

  it('retries a 500 twice and then succeeds', async () => {
    const dir = tempDir();
    const { opts, log } = options(dir, [entry('flaky', 'f.csv', '/flaky.csv')]);
    const result = await fetchSources(opts);
    expect(result.outcomes[0]?.status).toBe('fetched');
    expect(hits.get('/flaky.csv')).toBe(3);
    expect(log.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });

  it('gives up after the allowed retries on a lasting 5xx', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [entry('down', 'd.csv', '/always-500.csv')], { retries: 1 });
    const result = await fetchSources(opts);
    expect(result.exitCode).toBe(3);
    expect(hits.get('/always-500.csv')).toBe(2);
    expect(result.outcomes[0]?.message).toContain('HTTP 503');
    expect(result.outcomes[0]?.message).toContain('Gave up after 2 attempts');
  });

  it('does not retry a 404', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [entry('gone', 'g.csv', '/missing.csv')]);
    const result = await fetchSources(opts);
    expect(result.exitCode).toBe(3);
    expect(hits.get('/missing.csv')).toBe(1);
    expect(result.outcomes[0]?.message).toBe(
      `gone: ${base}/missing.csv answered HTTP 404 Not Found.`,
    );
  });

  it('aborts a stalled download quickly and leaves no partial file', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [entry('slow', 'sub/s.csv', '/stall.csv')], { retries: 1 });
    const started = Date.now();
    const result = await fetchSources(opts);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.exitCode).toBe(3);
    expect(result.outcomes[0]?.message).toContain('sent nothing for 0.3 s');
    expect(filesIn(join(dir, 'sub'))).toEqual([]);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('ends a download that trickles past the total timeout', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [entry('slow2', 's.csv', '/stall.csv')], {
      stallTimeoutMs: 5_000,
      totalTimeoutMs: 300,
      retries: 0,
    });
    const result = await fetchSources(opts);
    expect(result.outcomes[0]?.message).toContain('did not finish within 0.3 s');
    expect(existsSync(join(dir, 's.csv'))).toBe(false);
  });

  it('refuses an HTML page (by Content-Type or by body) where data was expected', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [
      entry('page', 'h.csv', '/html.csv'),
      entry('page2', 'h2.csv', '/html-body.csv'),
    ]);
    const result = await fetchSources(opts);
    expect(result.exitCode).toBe(3);
    const [first, second] = result.outcomes;
    expect(first?.message).toContain(`page: ${base}/html.csv returned an HTML page`);
    expect(first?.message).toContain('Content-Type text/html');
    expect(second?.message).toContain(`page2: ${base}/html-body.csv returned an HTML page`);
    expect(hits.get('/html.csv')).toBe(1);
    expect(filesIn(dir)).toEqual([]);
  });

  it('refuses an .xlsx that is not a zip, and an empty body', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [
      entry('fake', 'x.xlsx', '/not-zip.xlsx'),
      entry('none', 'e.csv', '/empty.csv'),
    ]);
    const result = await fetchSources(opts);
    expect(result.outcomes[0]?.message).toContain('is not an .xlsx workbook');
    expect(result.outcomes[1]?.message).toContain('returned an empty body');
    expect(filesIn(dir)).toEqual([]);
  });

  it('refuses before any request when the published format is not the one read', async () => {
    const dir = tempDir();
    const { opts } = options(dir, [entry('soc', 'soc.csv', '/soc_structure.xlsx')]);
    const result = await fetchSources(opts);
    expect(result.outcomes[0]?.message).toContain('publishes a .xlsx file but the catalog reads');
    expect(hits.get('/soc_structure.xlsx')).toBeUndefined();
  });

  it('reports a changed file as a new release and keeps the old one until --accept-new', async () => {
    const dir = tempDir();
    const entries = [entry('rel', 'r.csv', '/changing.csv')];
    current = CSV;
    expect((await fetchSources(options(dir, entries).opts)).outcomes[0]?.status).toBe('fetched');

    const again = await fetchSources(options(dir, entries).opts);
    expect(again.exitCode).toBe(0);
    expect(again.outcomes[0]?.message).toBe('rel: unchanged (r.csv).');

    current = `${CSV}15-1252,12345\n`;
    const changed = await fetchSources(options(dir, entries).opts);
    expect(changed.exitCode).toBe(3);
    expect(changed.outcomes[0]?.message).toBe(
      `rel: the publisher's file changed (sha256 ${sha(CSV)} → ${sha(current)}); review it, then run with --accept-new to use it`,
    );
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe(CSV);
    expect(readLock(dir).sources.rel?.sha256).toBe(sha(CSV));
    expect(filesIn(dir).sort()).toEqual([LOCK_FILE, 'r.csv']);

    // An edited copy is put back to what the lock accepted, not reported as unchanged.
    writeFileSync(join(dir, 'r.csv'), 'edited by hand\n');
    current = CSV;
    const restored = await fetchSources(options(dir, entries).opts);
    expect(restored.outcomes[0]?.status).toBe('fetched');
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe(CSV);
    current = `${CSV}15-1252,12345\n`;

    const accepted = await fetchSources(options(dir, entries, { acceptNew: true }).opts);
    expect(accepted.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe(current);
    expect(readLock(dir).sources.rel?.sha256).toBe(sha(current));
  });

  it('does not overwrite a hand-placed file that differs, when the lock does not know it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.csv'), 'my own copy\n');
    const { opts } = options(dir, [entry('mine', 'mine.csv', '/good.csv')]);
    const result = await fetchSources(opts);
    expect(result.outcomes[0]?.status).toBe('changed');
    expect(readFileSync(join(dir, 'mine.csv'), 'utf8')).toBe('my own copy\n');
  });

  it('names a source without an address, and refuses an unknown --source id', async () => {
    const dir = tempDir();
    const noUrl: SourceEntry = { ...entry('manual', 'm.csv', '/good.csv') };
    delete noUrl.url;
    const result = await fetchSources({ ...options(dir, [noUrl]).opts, only: ['manual'] });
    expect(result.outcomes[0]?.message).toContain('no direct download address');
    await expect(fetchSources({ ...options(dir, [noUrl]).opts, only: ['nope'] })).rejects.toThrow(
      'Unknown source "nope"',
    );
  });
});

describe('clusterfit fetch command (no network)', () => {
  it('exits 3 and names the docs page for a source with no address', async () => {
    const dir = tempDir();
    const io = captureIO();
    const code = await main(['fetch', '--data-dir', dir, '--source', 'soc-2018-structure'], io);
    expect(code).toBe(3);
    expect(io.stdout).toContain('soc-2018-structure: the catalog has no direct download address');
    expect(io.stdout).toContain('https://www.bls.gov/soc/2018/soc_structure_2018.xlsx');
    expect(filesIn(dir)).toEqual([]);
  });

  it('exits 2 on a bad --timeout, --retries or --source', async () => {
    const dir = tempDir();
    for (const args of [
      ['--timeout', '0'],
      ['--retries', 'many'],
      ['--source', 'nope'],
    ]) {
      const io = captureIO();
      expect(await main(['fetch', '--data-dir', dir, ...args], io)).toBe(2);
      expect(io.stderr).toMatch(/--timeout|--retries|Unknown source "nope"/);
    }
  });
});
