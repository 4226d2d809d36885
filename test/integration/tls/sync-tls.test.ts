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
 * Real TLS with a private CA: certificates made by the openssl command line,
 * a feed served by node:https on loopback, the kiosk's sync refusing or
 * accepting it — directly, and through a real squid with CONNECT.
 */

let ca: TestCa;
let fx: FeedFixture;
let dir: string;
let keyFile: string;
let good: FolderServer;
let wrongName: FolderServer;
let expired: FolderServer;
let squid: Squid;

beforeAll(async () => {
  [ca, fx, dir] = await Promise.all([makeTestCa(), buildFeedFixture({ records: 3 }), tempDir('tls-it-')]);
  keyFile = path.join(dir, 'hub.jwk');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
  [good, wrongName, expired, squid] = await Promise.all([
    serveFolder(fx.dir, ca.good),
    serveFolder(fx.dir, ca.wrongName),
    serveFolder(fx.dir, ca.expired),
    startSquid(),
  ]);
}, 60_000);

afterAll(async () => {
  await closeNodeHttp();
  await Promise.all([good?.close(), wrongName?.close(), expired?.close(), squid?.stop()]);
  await Promise.all([ca && rm(ca.dir, { recursive: true, force: true }), dir && rm(dir, { recursive: true, force: true })]);
});

let n = 0;
const newDb = () => path.join(dir, `cache-${++n}.db`);
const badge = (i: number) => (fx.records[i] as { badges: { value: string }[] }).badges[0]!.value;
/** No proxy variables: these tests connect directly unless they say otherwise. */
const NO_ENV = {};

/** `passport-kiosk sync --hub-key … --json ARGS` in-process, with the given environment. */
async function cliSync(args: string[], env: NodeJS.ProcessEnv = NO_ENV) {
  const { io, out, err } = captureIo({ cwd: dir, env, now: () => Date.parse('2026-11-24T10:00:00Z') });
  const code = await main(['sync', '--hub-key', keyFile, '--json', ...args], io, [syncCommand]);
  return { code, out: out(), err: err() };
}

test('without the private CA, the sync is refused: unknown issuer, naming the host, the certificate and --ca', async () => {
  const db = newDb();
  const out = await sync(db, fx, httpTransport(good.url, { env: NO_ENV }));
  expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  const message = out.ok ? '' : out.message;
  expect(message).toContain(`127.0.0.1:${good.port}`);
  expect(message).toContain('unknown issuer');
  expect(message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  expect(message).toContain('"CN=127.0.0.1", issued by "O=Passport Test, CN=Passport Test Private CA"');
  expect(message).toContain('--ca FILE');
  expect(message).not.toMatch(/\n/);
  expect(good.requests).toEqual([]); // no request was ever sent over the unverified connection
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('NO_DATA');
});

test('sync --ca FILE trusts the private CA: synced, then 304 on the next run', async () => {
  const db = newDb();
  const first = await cliSync(['--db', db, '--feed', good.url, '--ca', ca.caFile]);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  expect(JSON.parse(first.out)).toMatchObject({ ok: true, mode: 'snapshot', applied: 3, seq: 1 });
  expect((await scan(db, badge(0))).outcome).toBe('cleared');
  const again = await cliSync(['--db', db, '--feed', good.url, '--ca', ca.caFile]);
  expect(JSON.parse(again.out)).toMatchObject({ ok: true, mode: 'none' });
});

test('--ca with another CA still refuses (unknown issuer), exit 1 with one line on stderr', async () => {
  const run = await cliSync(['--db', newDb(), '--feed', good.url, '--ca', ca.otherCaFile]);
  expect(run.code).toBe(1);
  expect(JSON.parse(run.out)).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  expect(run.err).toMatch(/^sync: refused \(FETCH_FAILED\): .*issued by "O=Passport Test, CN=Passport Test Private CA".* the extra CA certificates given included \(unknown issuer.*--ca FILE[^\n]*\n$/);
});

test('a wrong host name is refused even with the CA: the message says which names the certificate holds', async () => {
  const out = await sync(newDb(), fx, httpTransport(wrongName.url, { env: NO_ENV, ca: ca.caPem }));
  expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  const message = out.ok ? '' : out.message;
  expect(message).toContain('wrong host name');
  expect(message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
  expect(message).toContain('is for DNS:feed.other-trust.example, not 127.0.0.1 (wrong host name');
  expect(message).toContain(`the TLS certificate of 127.0.0.1:${wrongName.port} `);
  expect(message).toContain('"CN=feed.other-trust.example", issued by "O=Passport Test, CN=Passport Test Private CA"');
  expect(wrongName.requests).toEqual([]);
});

test('an expired certificate is refused even with the CA: the message says when it expired', async () => {
  const out = await sync(newDb(), fx, httpTransport(expired.url, { env: NO_ENV, ca: ca.caPem }));
  expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  const message = out.ok ? '' : out.message;
  expect(message).toContain('CERT_HAS_EXPIRED');
  expect(message).toContain('expired on Jan  1 00:00:00 2021 GMT');
  expect(message).toContain('"CN=127.0.0.1", issued by "O=Passport Test, CN=Passport Test Private CA"');
  expect(expired.requests).toEqual([]);
});

test('a --ca file that is missing or holds no certificate is a usage error (exit 2)', async () => {
  const missing = await cliSync(['--db', newDb(), '--feed', good.url, '--ca', 'nope.pem']);
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/^sync: --ca .*nope\.pem cannot be read \(ENOENT\)[^\n]*\n$/);
  const notPem = path.join(dir, 'not.pem');
  await writeFile(notPem, 'hello\n');
  const bad = await cliSync(['--db', newDb(), '--feed', good.url, '--ca', notPem]);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('holds no PEM certificate');
});

describe('through squid (CONNECT)', () => {
  test('with --ca, the sync goes through the proxy and succeeds; squid logged the tunnel', async () => {
    const db = newDb();
    const run = await cliSync(['--db', db, '--feed', good.url, '--ca', ca.caFile], { HTTPS_PROXY: squid.url });
    expect(run.err).toBe('');
    expect(JSON.parse(run.out)).toMatchObject({ ok: true, mode: 'snapshot', applied: 3 });
    await closeNodeHttp(); // squid writes a tunnel's log line when it closes
    expect(await squid.waitForLog(new RegExp(`CONNECT 127\\.0\\.0\\.1:${good.port} `))).toMatch(new RegExp(`TCP_TUNNEL/200 \\d+ CONNECT 127\\.0\\.0\\.1:${good.port} `));
  });

  test('without it, the refusal through the proxy still names the certificate and its issuer', async () => {
    const out = await sync(newDb(), fx, httpTransport(good.url, { env: { HTTPS_PROXY: squid.url } }));
    const message = out.ok ? '' : out.message;
    expect(message).toContain('unknown issuer');
    expect(message).toContain('issued by "O=Passport Test, CN=Passport Test Private CA"');
  });
});

describe('the machine config\'s "ca" (doctor\'s feed check)', () => {
  let demo: FolderServer;
  let cache: string;
  beforeAll(async () => {
    demo = await serveFolder(DEMO_FEED, ca.good);
    cache = await demoCache(dir, 'demo.sqlite');
  });
  afterAll(() => demo.close());

  test('with "ca" the https feed is reachable and verified; without it, FAIL naming unknown issuer and "ca"', async () => {
    const feed = { source: demo.url, hubKeys: DEMO_KEYS };
    const withCa = await writeConfig(dir, goodConfig(cache, { feed, ca: ca.caFile }), 'with-ca.json');
    const ok = await doctor(['--config', withCa, '--json']);
    expect(findingOf(ok, 'feed')).toMatchObject({ status: 'ok', message: expect.stringContaining('signed by pinned hub key demo-hub-2026') });

    const without = await writeConfig(dir, goodConfig(cache, { feed }), 'without-ca.json');
    const refused = findingOf(await doctor(['--config', without, '--json']), 'feed');
    expect(refused.status).toBe('fail');
    expect(refused.message).toContain('unknown issuer');
    expect(refused.fix).toContain('set "ca" in the machine config');
  });

  test('a "ca" that names a missing file is a config error naming the field (exit 2)', async () => {
    const config = await writeConfig(dir, goodConfig(cache, { ca: 'missing-ca.pem' }), 'bad-ca.json');
    const run = await doctor(['--config', config]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/"ca" .*missing-ca\.pem cannot be read \(ENOENT\)/);
  });
});
