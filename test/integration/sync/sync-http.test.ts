import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { workDirFor } from '../../../src/main/sync/sync-feed';
import { httpTransport, scan, serveFeed, sync, tempDir, type FeedServer } from './helpers';

/** Sync over real HTTP on loopback, from a feed the publisher built, with a server that misbehaves on cue. */

let fx: FeedFixture;
let db: string;
let server: FeedServer;

beforeEach(async () => {
  fx = await buildFeedFixture({ records: 5 });
  db = path.join(await tempDir(), 'cache.db');
  server = await serveFeed(fx.dir);
});
afterEach(() => server.close());

const badge = (i: number) => (fx.records[i] as { badges: { value: string }[] }).badges[0]!.value;
const manifestOf = async () =>
  JSON.parse(Buffer.from((await readFile(path.join(fx.dir, 'manifest.jws'), 'utf8')).split('.')[1]!, 'base64url').toString());

test('first sync over HTTP, then 304 Not Modified, then a delta', async () => {
  expect(await sync(db, fx, httpTransport(server.url))).toMatchObject({ ok: true, mode: 'snapshot', applied: 5 });
  expect((await scan(db, badge(0))).outcome).toBe('cleared');
  server.requests.length = 0;
  expect(await sync(db, fx, httpTransport(server.url))).toMatchObject({ ok: true, mode: 'none', seq: 1 });
  expect(server.requests).toEqual(['/manifest.jws']);
  expect(server.statuses).toContain(304);
  await fx.publish([fx.record(0, { rev: 2, status: 'revoked' })]);
  expect(await sync(db, fx, httpTransport(server.url))).toMatchObject({ ok: true, mode: 'delta', seq: 2, applied: 1 });
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('PASSPORT_REVOKED');
});

test('a server answering 500 is retried with back-off, then FETCH_FAILED names the URL', async () => {
  server.hook = (_req, res) => {
    res.writeHead(500).end('boom');
    return true;
  };
  const out = await sync(db, fx, httpTransport(server.url));
  expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  expect(out.ok === false && out.message).toContain(`${server.url}manifest.jws`);
  expect(out.ok === false && out.message).toContain('HTTP 500');
  expect(server.requests).toHaveLength(3);
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('NO_DATA');
});

test('a transient 503 is retried and the sync completes', async () => {
  let failures = 2;
  server.hook = (_req, res) => {
    if (failures-- <= 0) return false;
    res.writeHead(503).end();
    return true;
  };
  expect(await sync(db, fx, httpTransport(server.url))).toMatchObject({ ok: true, mode: 'snapshot' });
});

test('a server that never answers times out (FETCH_FAILED)', async () => {
  server.hook = (req) => req.url!.startsWith('/segments/');
  const started = Date.now();
  const out = await sync(db, fx, httpTransport(server.url, { timeoutMs: 300, retries: 1 }));
  expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  expect(out.ok === false && out.message).toMatch(/no answer within 300 ms/);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('a body cut short is FETCH_FAILED and nothing is stored', async () => {
  const m = await manifestOf();
  const seg = `/${m.snapshot.segments[0].path}`;
  server.hook = (req, res) => {
    if (req.url !== seg) return false;
    readFile(path.join(fx.dir, seg)).then((body) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, body.length >> 1));
      setTimeout(() => res.destroy(), 20);
    });
    return true;
  };
  const out = await sync(db, fx, httpTransport(server.url));
  expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('NO_DATA');
});

test('a redirect to another scheme is refused; one on the same scheme is followed', async () => {
  server.hook = (req, res) => {
    if (req.url === '/manifest.jws') {
      res.writeHead(302, { location: `${server.url.replace('http:', 'ftp:')}manifest.jws` }).end();
      return true;
    }
    return false;
  };
  const out = await sync(db, fx, httpTransport(server.url));
  expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  expect(out.ok === false && out.message).toMatch(/never followed to another scheme/);
  server.hook = (req, res) => {
    if (req.url!.startsWith('/moved/')) {
      res.writeHead(301, { location: req.url!.slice('/moved'.length) }).end();
      return true;
    }
    return false;
  };
  expect(await sync(db, fx, httpTransport(`${server.url}moved/`))).toMatchObject({ ok: true, mode: 'snapshot' });
});

test('a segment served with other bytes is HASH_MISMATCH', async () => {
  const m = await manifestOf();
  server.hook = (req, res) => {
    if (req.url !== `/${m.trust.path}`) return false;
    res.writeHead(200).end('{"v":1,"issuers":[]}');
    return true;
  };
  const out = await sync(db, fx, httpTransport(server.url));
  expect(out).toMatchObject({ ok: false, code: 'HASH_MISMATCH' });
  expect(out.ok === false && out.message).toContain(`${server.url}${m.trust.path}`);
});

test('segments are fetched one ahead: a later one served with other bytes refuses the whole delta, and no download is left behind', async () => {
  expect(await sync(db, fx, httpTransport(server.url))).toMatchObject({ ok: true, seq: 1 });
  await fx.publish([fx.record(0, { rev: 2, status: 'revoked' })]);
  const { manifest } = await fx.publish([fx.record(1, { rev: 2, status: 'suspended' })]);
  const [first, second] = manifest.log.filter((e) => e.seq > 1);
  const asked: string[] = [];
  server.hook = (req, res) => {
    asked.push(req.url!);
    if (req.url !== `/${second!.path}`) return false;
    res.writeHead(200).end('not the segment\n');
    return true;
  };
  const out = await sync(db, fx, httpTransport(server.url));
  expect(out).toMatchObject({ ok: false, code: 'HASH_MISMATCH' });
  expect(out.ok === false && out.message).toContain(`${server.url}${second!.path}`);
  expect(asked).toEqual(expect.arrayContaining([`/${first!.path}`, `/${second!.path}`]));
  // Neither log entry was applied: the first segment's revocation is not seen either.
  expect((await scan(db, badge(0))).outcome).toBe('cleared');
  expect(await readdir(workDirFor(db)).catch(() => [])).toEqual([]);
  server.hook = null;
  expect(await sync(db, fx, httpTransport(server.url))).toMatchObject({ ok: true, mode: 'delta', seq: 3, applied: 2 });
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('PASSPORT_REVOKED');
  expect((await scan(db, badge(1))).reasons[0]!.code).toBe('PASSPORT_SUSPENDED');
  expect(await readdir(workDirFor(db)).catch(() => [])).toEqual([]);
});
