import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncCommand } from '../../../src/cli/kiosk/sync';
import { main } from '../../../src/cli/passport-kiosk';
import { closeNodeHttp } from '../../../src/main/net/node-fetch';
import { captureIo } from '../../helpers/capture-io';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { serveFolder, type FolderServer } from '../../helpers/serve-folder';
import { startSquid, type Squid } from '../../helpers/squid';
import { makeTestCa, type TestCa } from '../../helpers/test-ca';
import { DEMO_FEED, DEMO_KEYS, demoCache, doctor, findingOf, goodConfig, writeConfig } from '../doctor/helpers';
import { httpTransport, scan, sync, tempDir } from '../sync/helpers';

/**
 * Sync through a real proxy: Debian's squid on loopback, started by the
 * test, with and without Basic authentication. That a request went through
 * the proxy is read from squid's own access.log, not assumed.
 */

const USER = 'kiosk-7';
const PASSWORD = 'S3cret pass/word!'; // characters that must be percent-encoded in the URL

let fx: FeedFixture;
let ca: TestCa;
let dir: string;
let keyFile: string;
let feed: FolderServer;
let tlsFeed: FolderServer;
let open: Squid;
let guarded: Squid;

beforeAll(async () => {
  [fx, ca, dir] = await Promise.all([buildFeedFixture({ records: 4 }), makeTestCa(), tempDir('proxy-it-')]);
  keyFile = path.join(dir, 'hub.jwk');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
  [feed, tlsFeed, open, guarded] = await Promise.all([serveFolder(fx.dir), serveFolder(fx.dir, ca.good), startSquid(), startSquid({ users: { [USER]: PASSWORD } })]);
}, 60_000);

afterAll(async () => {
  await closeNodeHttp();
  await Promise.all([feed?.close(), tlsFeed?.close(), open?.stop(), guarded?.stop()]);
  await Promise.all([ca && rm(ca.dir, { recursive: true, force: true }), dir && rm(dir, { recursive: true, force: true })]);
});

let n = 0;
const newDb = () => path.join(dir, `cache-${++n}.db`);
const badge = (i: number) => (fx.records[i] as { badges: { value: string }[] }).badges[0]!.value;
const hostPort = (server: FolderServer) => `127\\.0\\.0\\.1:${server.port}`;
const linesOf = (log: string) => log.split('\n').filter((l) => l.trim() !== '');

/** Log lines squid wrote for requests to `server` (our readiness probes leave `error:transaction-end-before-headers` lines, ignored). */
const linesFor = (log: string, server: FolderServer) => linesOf(log).filter((l) => new RegExp(hostPort(server)).test(l));

test('HTTP_PROXY: an http:// feed is fetched through squid (plain proxied GETs), then 304 through it too', async () => {
  const db = newDb();
  const env = { HTTP_PROXY: open.url };
  expect(await sync(db, fx, httpTransport(feed.url, { env }))).toMatchObject({ ok: true, mode: 'snapshot', applied: 4 });
  expect((await scan(db, badge(1))).outcome).toBe('cleared');
  let log = await open.waitForLog(new RegExp(`GET http://${hostPort(feed)}/segments/`));
  expect(linesFor(log, feed)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`TCP_MISS/200 \\d+ GET http://${hostPort(feed)}/manifest\\.jws `)),
      expect.stringMatching(new RegExp(`TCP_MISS/200 \\d+ GET http://${hostPort(feed)}/trust/[0-9a-f]{64}\\.json `)),
      expect.stringMatching(new RegExp(`TCP_MISS/200 \\d+ GET http://${hostPort(feed)}/segments/[0-9a-f]{64}\\.ndjson\\.gz `)),
    ]),
  );
  expect(await sync(db, fx, httpTransport(feed.url, { env }))).toMatchObject({ ok: true, mode: 'none' });
  log = await open.waitForLog(new RegExp(`/304 \\d+ GET http://${hostPort(feed)}/manifest\\.jws`));
  expect(log).toMatch(new RegExp(`/304 \\d+ GET http://${hostPort(feed)}/manifest\\.jws `));
});

test('HTTPS_PROXY: an https:// feed goes through squid with CONNECT (the CLI, --ca for the feed\'s private CA)', async () => {
  const { io, out, err } = captureIo({ cwd: dir, env: { HTTPS_PROXY: open.url } });
  const code = await main(['sync', '--db', newDb(), '--feed', tlsFeed.url, '--hub-key', keyFile, '--ca', ca.caFile, '--json'], io, [syncCommand]);
  expect(err()).toBe('');
  expect(code).toBe(0);
  expect(JSON.parse(out())).toMatchObject({ ok: true, mode: 'snapshot', applied: 4 });
  await closeNodeHttp(); // squid logs a tunnel when it closes
  expect(await open.waitForLog(new RegExp(`CONNECT ${hostPort(tlsFeed)}`))).toMatch(new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT ${hostPort(tlsFeed)} `));
});

test('NO_PROXY naming the host: the feed is fetched directly and squid sees nothing', async () => {
  const manifestLines = async () => linesFor(await open.accessLog(), feed).filter((l) => /GET \S+\/manifest\.jws /.test(l)).length;
  const before = await manifestLines();
  const served = feed.requests.length;
  const env = { HTTP_PROXY: open.url, HTTPS_PROXY: open.url, NO_PROXY: 'localhost, 127.0.0.1' };
  expect(await sync(newDb(), fx, httpTransport(feed.url, { env }))).toMatchObject({ ok: true, mode: 'snapshot' });
  expect(feed.requests.length).toBeGreaterThan(served); // it reached the feed
  // A sentinel: NO_PROXY for another port does not exempt this one, so this sync goes through squid.
  // Once its line is in the log, a line from the sync above would be there too: there is none.
  expect(await sync(newDb(), fx, httpTransport(feed.url, { env: { ...env, NO_PROXY: `127.0.0.1:${feed.port + 1}` } }))).toMatchObject({ ok: true });
  for (let i = 0; i < 200 && (await manifestLines()) === before; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await manifestLines()).toBe(before + 1);
});

describe('a proxy that needs a username and password', () => {
  test('credentials in the proxy URL (percent-encoded): synced, and squid logged the user', async () => {
    const env = { HTTP_PROXY: guarded.urlWith(USER, PASSWORD) };
    expect(await sync(newDb(), fx, httpTransport(feed.url, { env }))).toMatchObject({ ok: true, mode: 'snapshot', applied: 4 });
    const log = await guarded.waitForLog(new RegExp(`GET http://${hostPort(feed)}/manifest\\.jws ${USER} `));
    expect(log).toMatch(new RegExp(`TCP_MISS/200 \\d+ GET http://${hostPort(feed)}/manifest\\.jws ${USER} `));
  });

  test('https through it with credentials (CONNECT carries Proxy-Authorization)', async () => {
    const env = { HTTPS_PROXY: guarded.urlWith(USER, PASSWORD) };
    expect(await sync(newDb(), fx, httpTransport(tlsFeed.url, { env, ca: ca.caPem }))).toMatchObject({ ok: true, mode: 'snapshot' });
    await closeNodeHttp();
    expect(await guarded.waitForLog(new RegExp(`CONNECT ${hostPort(tlsFeed)} ${USER} `))).toMatch(new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT ${hostPort(tlsFeed)} ${USER} `));
  });

  test('no credentials: FETCH_FAILED at once, saying the proxy answered 407 and what to set (http and https feeds)', async () => {
    for (const [url, env] of [
      [feed.url, { HTTP_PROXY: guarded.url }],
      [tlsFeed.url, { HTTPS_PROXY: guarded.url }],
    ] as const) {
      const db = newDb();
      const out = await sync(db, fx, httpTransport(url, { env, ca: ca.caPem }));
      expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
      const message = out.ok ? '' : out.message;
      expect(message).toContain(`the proxy http://127.0.0.1:${guarded.port} refused the request with 407 Proxy Authentication Required`);
      expect(message).toContain('no username and password were given');
      expect(message).toContain('HTTPS_PROXY/HTTP_PROXY=http://USER:PASSWORD@host:port');
      expect(message).not.toMatch(/after \d+ attempts/); // not retried: a retry cannot supply a password
      expect((await scan(db, badge(0))).reasons[0]!.code).toBe('NO_DATA');
    }
  });

  test('a wrong password: the CLI exits 1 with one line naming the user, never the password', async () => {
    const { io, out, err } = captureIo({ cwd: dir, env: { HTTPS_PROXY: guarded.urlWith(USER, 'wrong-password') } });
    const code = await main(['sync', '--db', newDb(), '--feed', tlsFeed.url, '--hub-key', keyFile, '--ca', ca.caFile, '--json'], io, [syncCommand]);
    expect(code).toBe(1);
    expect(JSON.parse(out())).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
    expect(err()).toMatch(new RegExp(`^sync: refused \\(FETCH_FAILED\\): .*the proxy http://${USER}@127\\.0\\.0\\.1:${guarded.port} refused the request with 407 .*\\(the username and password given \\(${USER}\\) were refused\\)[^\\n]*\\n$`));
    expect(err()).not.toContain('wrong-password');
    expect(out()).not.toContain('wrong-password');
  });

  test('doctor\'s feed check through it without credentials: FAIL, and the fix says to give the proxy account', async () => {
    const demoFeed = await serveFolder(DEMO_FEED);
    try {
      const cache = await demoCache(dir, 'demo.sqlite');
      const config = await writeConfig(dir, goodConfig(cache, { feed: { source: demoFeed.url, hubKeys: DEMO_KEYS } }), 'proxied.json');
      const through = findingOf(await doctor(['--config', config, '--json'], { env: { HTTP_PROXY: guarded.url } }), 'feed');
      expect(through.status).toBe('fail');
      expect(through.message).toContain('407 Proxy Authentication Required');
      expect(through.fix).toContain('HTTPS_PROXY / HTTP_PROXY (http://USER:PASSWORD@host:port)');
      const withAccount = findingOf(await doctor(['--config', config, '--json'], { env: { HTTP_PROXY: guarded.urlWith(USER, PASSWORD) } }), 'feed');
      expect(withAccount.status).toBe('ok');
    } finally {
      await demoFeed.close();
    }
  });
});
