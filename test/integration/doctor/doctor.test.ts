import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { PinnedKey } from '../../../src/core/jws';
import { LATEST_VERSION } from '../../../src/main/cache/migrate';
import { FakeHidPort } from '../../../src/main/readers/fake-hid-port';
import { Records } from '../../../src/main/records/records';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { runSync } from '../../../src/main/sync/run-sync';
import { generateKeyPair } from '../../../src/publisher';
import { buildFeedFixture } from '../../helpers/feed-fixture';
import { serveFeed } from '../sync/helpers';
import {
  copyCache,
  DEMO_FEED,
  DEMO_KEYS,
  demoCache,
  doctor,
  findingOf,
  findings,
  goodConfig,
  GOOD_PINS,
  ROOT,
  statusOf,
  tempDir,
  writeConfig,
} from './helpers';

/** `passport-kiosk doctor` against real files: a config, a cache synced from the shipped demo feed, real HTTP on loopback. */

let dir: string;
let db: string;
let good: string;

beforeAll(async () => {
  dir = await tempDir();
  db = await demoCache(dir);
  // The kiosk's records beside the cache, as a kiosk that has run has them.
  Records.open(path.join(dir, 'records.sqlite'), { legacyScanLog: null }).close();
  good = await writeConfig(dir, goodConfig(db));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const ONE_LINE = /^[^\n]+\n$/;

describe('a healthy kiosk', () => {
  it('reports every check OK, one line each, and exits 0', async () => {
    const run = await doctor(['--config', good]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['OK config', 'OK policy', 'OK cache', 'OK records', 'OK audit', 'OK roles', 'OK clock', 'OK feed', 'OK upstream', 'OK readers', '0 failed,']);
    expect(lines[2]).toContain(`The cache ${db} is sound (quick_check ok, schema ${LATEST_VERSION}): feed "demo" at seq 2`);
    expect(lines[3]).toContain(`The records file ${path.join(dir, 'records.sqlite')} is sound (quick_check ok, schema`);
    expect(lines[7]).toContain('signed by pinned hub key demo-hub-2026');
    expect(lines[7]).toContain('the cache is up to date');
    expect(lines[8]).toContain('No upstream is configured');
    expect(lines[10]).toBe('0 failed, 0 warnings, 10 ok.');
  });

  it('--json prints one object on stdout and nothing else', async () => {
    const run = await doctor(['--config', good, '--json']);
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(run.out).toMatch(ONE_LINE);
    const report = JSON.parse(run.out);
    expect(Object.keys(report)).toEqual(['ok', 'at', 'configFile', 'cacheFile', 'recordsFile', 'feed', 'findings']);
    expect(report).toMatchObject({ ok: true, at: '2026-11-24T10:00:00.000Z', configFile: good, cacheFile: db, recordsFile: path.join(dir, 'records.sqlite'), feed: DEMO_FEED });
    expect(report.findings.map((f: { check: string }) => f.check)).toEqual(['config', 'policy', 'cache', 'records', 'audit', 'roles', 'clock', 'feed', 'upstream', 'readers']);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(['check', 'status', 'message', 'fix']);
      expect(f).toMatchObject({ status: 'ok', fix: '' });
      expect(f.message).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('opens the cache read-only: the file is not changed and nothing is written to its WAL', async () => {
    const before = readFileSync(db);
    await doctor(['--config', good]);
    expect(readFileSync(db).equals(before)).toBe(true);
    // SQLite's read-only open of a WAL database may leave an empty -wal beside it (as verify does).
    expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
  });

  it('checks a feed served over HTTP just as a folder', async () => {
    const server = await serveFeed(DEMO_FEED);
    try {
      const cfg = await writeConfig(dir, goodConfig(db, { feed: { source: server.url, hubKeys: DEMO_KEYS } }), 'http.json');
      const run = await doctor(['--config', cfg, '--json']);
      expect(run.code).toBe(0);
      expect(findingOf(run, 'feed').message).toContain(`Feed ${server.url} is reachable`);
      expect(server.requests).toEqual(['/manifest.jws']); // the manifest only: nothing is synced
    } finally {
      await server.close();
    }
  });
});

describe('used wrongly: exit 2 and one line on stderr', () => {
  it('a --config file that does not exist', async () => {
    const missing = path.join(dir, 'nope.json');
    const run = await doctor(['--config', missing, '--json']);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(ONE_LINE);
    expect(run.err).toBe(`doctor: config file ${missing} does not exist\n`);
  });

  it('a --config file that is not JSON', async () => {
    const bad = await writeConfig(dir, '{"v": 1, "site": ', 'broken.json');
    const run = await doctor(['--config', bad]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(ONE_LINE);
    expect(run.err).toContain(`config file ${bad} is not valid JSON`);
  });

  it.each([
    ['idleSeconds', { idleSeconds: 1 }, /idleSeconds: /],
    ['feed.hubKeys', { feed: { source: DEMO_FEED, hubKeys: [] } }, /feed\.hubKeys: /],
    ['readers[0].vendorId', { readers: [{ vendorId: 'zz', productId: 1, profile: { kind: 'keyboard' } }] }, /readers\[0\]: vendorId/],
  ])('a --config file with a bad %s names the field', async (_name, patch, field) => {
    const bad = await writeConfig(dir, goodConfig(db, patch), `bad-${_name}.json`);
    const run = await doctor(['--config', bad, '--json']);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(ONE_LINE);
    expect(run.err).toMatch(field);
    expect(run.err).toContain(bad);
  });

  it('an unknown flag or a stray argument', async () => {
    for (const args of [['--db', db], ['extra']]) {
      const run = await doctor(args);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(ONE_LINE);
    }
  });

  it('the built CLI prints the one line, no stack trace', async () => {
    const missing = path.join(dir, 'absent.json');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/passport-kiosk.js'), 'doctor', '--config', missing]);
    let err = '';
    let out = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`doctor: config file ${missing} does not exist\n`);
  });
});

describe('a config that is wrong where the kiosk looks for it (not a flag): a FAIL finding, exit 1', () => {
  it('names the field and leaves the other checks unchecked', async () => {
    const bad = await writeConfig(dir, goodConfig(db, { sounds: 'loud' }), 'env-bad.json');
    const run = await doctor(['--json'], { env: { PASSPORT_KIOSK_CONFIG: bad } });
    expect(run.code).toBe(1);
    expect(findingOf(run, 'config')).toMatchObject({ status: 'fail' });
    expect(findingOf(run, 'config').message).toContain(`config file ${bad}: sounds: `);
    expect(findings(run).slice(1).map((f) => `${f.check} ${f.status}`)).toEqual(['policy warn', 'cache warn', 'records warn', 'audit warn', 'roles warn', 'clock warn', 'feed warn', 'upstream warn', 'readers warn']);
    expect(run.err).toMatch(ONE_LINE);
    expect(run.err).toMatch(/^doctor: 1 check failed \(config\): /);
  });

  it('a policy file the config names that is invalid is a policy FAIL', async () => {
    const policy = await writeConfig(dir, { v: 1, groups: {} }, 'bad-policy.json');
    const cfg = await writeConfig(dir, goodConfig(db, { policy }), 'with-bad-policy.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(1);
    expect(statusOf(run, 'policy')).toEqual(['fail']);
    expect(findingOf(run, 'policy').message).toContain(policy);
    expect(statusOf(run, 'cache')).toEqual(['ok']);
  });
});

describe('the cache', () => {
  it('never synced: WARN "no data yet" with the sync command, exit 0, and the file is not created', async () => {
    const none = path.join(dir, 'never.sqlite');
    const cfg = await writeConfig(dir, goodConfig(none), 'never.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(0);
    const f = findingOf(run, 'cache');
    expect(f.status).toBe('warn');
    expect(f.message).toMatch(/^No data yet: there is no cache at /);
    expect(f.fix).toContain(`passport-kiosk sync --db ${none} --feed ${DEMO_FEED}`);
    expect(existsSync(none)).toBe(false);
    expect(findingOf(run, 'feed').message).toContain('the cache has no data from it yet');
  });

  it('garbage over the file header: FAIL, damaged, with how to rebuild', async () => {
    const copy = await copyCache(db, dir, 'garbage-head.sqlite');
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
    closeSync(fd);
    const cfg = await writeConfig(dir, goodConfig(copy), 'garbage-head.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(1);
    const f = findingOf(run, 'cache');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(new RegExp(`^The cache ${copy.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be read: it is damaged or not a passport cache \\(.+\\)\\.$`));
    expect(f.fix).toContain(`Delete ${copy}`);
    expect(f.fix).toContain('passport-kiosk sync');
  });

  it('garbage inside the pages: FAIL from PRAGMA quick_check', async () => {
    const copy = await copyCache(db, dir, 'garbage-pages.sqlite');
    const size = statSync(copy).size;
    const pageSize = 16384;
    expect(size).toBeGreaterThan(4 * pageSize);
    const fd = openSync(copy, 'r+');
    // Leave page 1 (the header and schema) alone; wreck every other page's b-tree header.
    for (let off = pageSize; off < size; off += pageSize) writeSync(fd, Buffer.alloc(64, 0xa7), 0, 64, off);
    closeSync(fd);
    const cfg = await writeConfig(dir, goodConfig(copy), 'garbage-pages.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(1);
    const f = findingOf(run, 'cache');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/^The cache .* is damaged: SQLite's integrity check \(PRAGMA quick_check\) says "[^"\n]+" \(and \d+ more problems\)\.$/);
    expect(f.fix).toContain('rebuild it from the feed');
  });

  it('written by a newer schema: FAIL, refuses, says to update the app', async () => {
    const copy = await copyCache(db, dir, 'newer.sqlite');
    const raw = new Database(copy);
    raw.pragma(`user_version = ${LATEST_VERSION + 7}`);
    raw.close();
    const cfg = await writeConfig(dir, goodConfig(copy), 'newer.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(1);
    const f = findingOf(run, 'cache');
    expect(f.status).toBe('fail');
    expect(f.message).toContain(`written by a newer version of the app (schema ${LATEST_VERSION + 7}; this app knows up to schema ${LATEST_VERSION})`);
    expect(f.fix).toMatch(/^Update the app/);
  });

  it('an older schema is readable as it is: OK, saying the next sync upgrades it', async () => {
    expect(LATEST_VERSION).toBeGreaterThan(1);
    const copy = await copyCache(db, dir, 'older.sqlite');
    const raw = new Database(copy);
    raw.pragma('user_version = 1');
    raw.close();
    const cfg = await writeConfig(dir, goodConfig(copy), 'older.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(0);
    const f = findingOf(run, 'cache');
    expect(f.status).toBe('ok');
    expect(f.message).toContain(`Its schema 1 is older than this app's ${LATEST_VERSION}; the kiosk reads it as it is, and the next sync upgrades it.`);
  });

  it('stale (now past expires): FAIL with the date, for the cache and the feed', async () => {
    const run = await doctor(['--config', good, '--json'], { now: Date.parse('2100-01-02T00:00:00Z') });
    expect(run.code).toBe(1);
    const cache = findingOf(run, 'cache');
    expect(cache.status).toBe('fail');
    expect(cache.message).toContain('The cached data is out of date: it expired at 2099-12-31T06:00:00Z');
    expect(cache.message).toContain('DATA_STALE');
    expect(findingOf(run, 'feed')).toMatchObject({ status: 'fail' });
    expect(findingOf(run, 'feed').fix).toMatch(/contact the hub/i);
    expect(run.err).toMatch(/^doctor: 2 checks failed \(cache, feed\): The cached data is out of date/);
  });

  it('the last sync was refused: WARN naming the code', async () => {
    const copy = await copyCache(db, dir, 'refused.sqlite');
    const raw = new Database(copy);
    raw.prepare('UPDATE state SET last_sync = ? WHERE one = 1').run(JSON.stringify({ ok: false, code: 'FETCH_FAILED', message: 'no route', at: '2026-11-24T09:45:00.000Z' }));
    raw.close();
    const cfg = await writeConfig(dir, goodConfig(copy), 'refused.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(0);
    const f = findingOf(run, 'cache');
    expect(f.status).toBe('warn');
    expect(f.message).toContain('the last sync failed. The last sync ran at 2026-11-24T09:45:00.000Z and was refused (FETCH_FAILED: no route).');
  });
});

describe('the feed', () => {
  it('an unreachable http feed (a closed loopback port): FAIL naming the URL', async () => {
    const srv = http.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const url = `http://127.0.0.1:${port}/feed/`;
    const cfg = await writeConfig(dir, goodConfig(db, { feed: { source: url, hubKeys: DEMO_KEYS } }), 'closed.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(1);
    const f = findingOf(run, 'feed');
    expect(f.status).toBe('fail');
    expect(f.message).toContain(`Cannot reach feed ${url}: ${url}manifest.jws`);
    expect(f.fix).toMatch(/proxy/);
    expect(statusOf(run, 'cache')).toEqual(['ok']);
  });

  it('a config file that names no feed: WARN, the kiosk never syncs (the demo feed is not used)', async () => {
    const { feed: _feed, ...noFeed } = goodConfig(db);
    const cfg = await writeConfig(dir, noFeed, 'no-feed.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(0);
    expect(findings(run).filter((f) => f.check === 'feed')).toEqual([
      expect.objectContaining({ status: 'warn', message: expect.stringMatching(/names no feed, so the kiosk never syncs/) }),
    ]);
    expect(JSON.parse(run.out).feed).toBeNull();
  });

  it('a feed folder that is not there: FAIL naming the folder', async () => {
    const gone = path.join(dir, 'no-feed-here');
    const cfg = await writeConfig(dir, goodConfig(db, { feed: { source: gone, hubKeys: DEMO_KEYS } }), 'gone.json');
    const run = await doctor(['--config', cfg, '--json']);
    expect(run.code).toBe(1);
    expect(findingOf(run, 'feed').message).toContain(path.join(gone, 'manifest.jws'));
  });

  it('a manifest signed by a key that is not pinned: FAIL MANIFEST_UNTRUSTED (other kid, and same kid with other key)', async () => {
    const fx = await buildFeedFixture({ records: 2 });
    const other = await generateKeyPair(fx.hubPublic.kid);
    for (const keys of [DEMO_KEYS, [{ kty: 'OKP', crv: 'Ed25519', x: other.publicJwk.x, kid: fx.hubPublic.kid }]]) {
      const cfg = await writeConfig(dir, goodConfig(path.join(dir, 'untrusted.sqlite'), { feed: { source: fx.dir, hubKeys: keys } }), 'untrusted.json');
      const run = await doctor(['--config', cfg, '--json']);
      expect(run.code).toBe(1);
      const f = findingOf(run, 'feed');
      expect(f.status).toBe('fail');
      expect(f.message).toMatch(/^MANIFEST_UNTRUSTED: the manifest of feed .* is not signed by a pinned hub key/);
      expect(f.fix).toContain('feed.hubKeys');
    }
    expect(existsSync(path.join(dir, 'untrusted.sqlite'))).toBe(false);
  });

  it('a feed ahead of the cache: WARN, a sync is due; another feed than the cache holds: FAIL FEED_MISMATCH', async () => {
    const fx = await buildFeedFixture({ records: 3 });
    const key: PinnedKey = { kty: 'OKP', crv: 'Ed25519', x: fx.hubPublic.x, kid: fx.hubPublic.kid };
    const fxDb = path.join(dir, 'fixture.sqlite');
    expect((await runSync({ db: fxDb, transport: new FolderTransport(fx.dir), hubKeys: [key] })).ok).toBe(true);
    await fx.publish([fx.record(0, { rev: 2 })]);
    const behind = await writeConfig(dir, goodConfig(fxDb, { feed: { source: fx.dir, hubKeys: [key] } }), 'behind.json');
    const run = await doctor(['--config', behind, '--json']);
    expect(run.code).toBe(0);
    expect(findingOf(run, 'feed')).toMatchObject({ status: 'warn' });
    expect(findingOf(run, 'feed').message).toContain('seq 2');
    expect(findingOf(run, 'feed').message).toContain('the cache is behind, at seq 1');

    const mismatch = await writeConfig(dir, goodConfig(db, { feed: { source: fx.dir, hubKeys: [key] } }), 'mismatch.json');
    const wrong = await doctor(['--config', mismatch, '--json']);
    expect(wrong.code).toBe(1);
    expect(findingOf(wrong, 'feed').message).toMatch(/^FEED_MISMATCH: .* but the cache holds feed "demo"/);
  });
});

describe('the readers', () => {
  it('a configured scanner plugged in as a keyboard on Windows: FAIL, exit 1; in HID POS mode: OK, exit 0', async () => {
    const reader = { name: 'Front desk scanner', vendorId: '0c2e', productId: '0b01', profile: { kind: 'pos' } };
    const cfg = await writeConfig(dir, goodConfig(db, { readers: [reader] }), 'reader.json');
    const keyboardMode = new FakeHidPort();
    keyboardMode.plug({ vendorId: 0x0c2e, productId: 0x0b01, usagePage: 0x01, usage: 0x06, product: 'Xenon 1900' });
    const bad = await doctor(['--config', cfg], { port: keyboardMode, platform: 'win32' });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^FAIL {2}readers {2}Badge reader "Front desk scanner" \(0c2e:0b01\) is plugged in as Xenon 1900 \(0c2e:0b01, keyboard-class\), a keyboard-class device the kiosk cannot open: /m);
    expect(bad.err).toMatch(/^doctor: 1 check failed \(readers\): /);

    const posMode = new FakeHidPort();
    posMode.plug({ vendorId: 0x0c2e, productId: 0x0b01, usagePage: 0x8c, usage: 0x02, product: 'Xenon 1900' });
    const fixed = await doctor(['--config', cfg, '--json'], { port: posMode, platform: 'win32' });
    expect(fixed.code).toBe(0);
    expect(findingOf(fixed, 'readers').message).toContain('is plugged in: Xenon 1900 (0c2e:0b01, HID POS)');
  });
});

describe('roles, audit and clock (issue 10)', () => {
  it('a broken chain fails, a lockout and missing PINs warn, a clock behind fails', async () => {
    const d = await tempDir();
    const cache = await copyCache(db, d, 'cache.sqlite');
    const records = Records.open(path.join(d, 'records.sqlite'), { legacyScanLog: null });
    for (let i = 0; i < 3; i++) records.audit.append({ at: '2026-11-24T09:00:00Z', type: 'admin', actor: 'system', detail: { i } });
    records.pinLockout.set('lead', { failures: 5, lockSeconds: 30, lockedUntil: Date.parse('2026-11-24T10:00:20Z') });
    records.close();
    const cfg = await writeConfig(d, goodConfig(cache, { pins: { lead: GOOD_PINS.lead } }));
    const run = await doctor(['--config', cfg, '--json']);
    const byCheck = (c: string) => findings(run).filter((f) => f.check === c);
    expect(byCheck('audit')).toEqual([expect.objectContaining({ status: 'ok', message: expect.stringContaining('intact: 3 entries (1–3)') })]);
    expect(byCheck('roles').map((f) => f.status)).toEqual(['warn', 'warn']);
    expect(byCheck('roles')[0]!.message).toMatch(/No admin PIN is set/);
    expect(byCheck('roles')[1]!.message).toMatch(/lead role is locked out for another 20 s after 5 wrong PINs/);
    expect(byCheck('clock')).toEqual([expect.objectContaining({ status: 'ok' })]);

    // The clock set back an hour before the demo data's publication: fail.
    const behind = await doctor(['--config', cfg, '--json'], { now: Date.parse('2026-11-24T04:00:00Z') });
    expect(findingOf(behind, 'clock')).toMatchObject({ status: 'fail', message: expect.stringContaining('CLOCK_BEHIND') });

    // An entry edited with the sqlite3 tool: the chain check fails and names it.
    execFileSync('sqlite3', [path.join(d, 'records.sqlite'), "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"i\":9}' WHERE seq = 2;"]);
    const broken = await doctor(['--config', cfg, '--json']);
    expect(findingOf(broken, 'audit')).toMatchObject({ status: 'fail', message: expect.stringContaining('EDITED at entry 2') });
    await rm(d, { recursive: true, force: true });
  });
});
