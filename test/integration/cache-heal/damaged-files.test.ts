import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { healthPath } from '../../../src/main/cache/cache-health';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { cli, damage, hashes, recordsBeside, seeded, sha256, syncFrom, tempDir, verdicts } from './helpers';

/**
 * What a person meets with a damaged or foreign cache file: `verify` exits
 * 1 with one line saying what to do; `sync` moves the file aside and
 * rebuilds; damage SQLite cannot see (a record's bytes changed under the
 * file system, no file time moved) is found by the scan that reads it, and
 * the next sync rebuilds. The records file beside the cache is never touched.
 */

let fx: FeedFixture;
let dir: string;
let keyFile: string;
const AT = ['--at', '2026-11-24T10:00:00Z'];
const ONE_LINE = (db: string, why: string) => `verify: cache ${db} is damaged (${why}): run \`passport-kiosk sync\` to rebuild it from the feed\n`;

beforeAll(async () => {
  fx = await buildFeedFixture({ records: 300 });
  dir = await tempDir();
  keyFile = path.join(dir, 'hub.jwk');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const sync = (db: string) => cli(['sync', '--db', db, '--feed', fx.dir, '--hub-key', keyFile, '--json']);

test('verify on a damaged cache: exit 1 and one line that says to sync, for payloads and for --batch', async () => {
  const db = path.join(dir, 'damaged.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  damage(db, 0, 4096, seeded(3));
  const one = await cli(['verify', '--db', db, ...AT, fx.record(1).badges[0]!.value]);
  expect(one).toEqual({ code: 1, out: '', err: ONE_LINE(db, 'file is not a database') });
  const batchFile = path.join(dir, 'batch.txt');
  await writeFile(batchFile, Array.from({ length: 1000 }, (_, i) => fx.record(i % 300).badges[0]!.value).join('\n'));
  const batch = await cli(['verify', '--db', db, ...AT, '--json', '--batch', batchFile]);
  expect(batch).toEqual({ code: 1, out: '', err: ONE_LINE(db, 'file is not a database') });
});

test('a file that is not SQLite at all, used as the cache: verify exit 1; sync keeps it as .damaged and builds the cache', async () => {
  const db = path.join(dir, 'text.db');
  const text = 'These are the desk notes, not a database.\n'.repeat(100);
  await writeFile(db, text);
  const records = await recordsBeside(db, seeded(11));
  const recordsBefore = hashes(records);
  expect(await cli(['verify', '--db', db, ...AT, 'RXL0000001'])).toEqual({ code: 1, out: '', err: ONE_LINE(db, 'file is not a database') });
  const s = await sync(db);
  expect(s.code).toBe(0);
  expect(JSON.parse(s.out)).toMatchObject({ ok: true, mode: 'snapshot', applied: 300, cacheRebuilt: { reason: 'file is not a database', keptAs: `${db}.damaged` } });
  expect(readFileSync(`${db}.damaged`, 'utf8')).toBe(text);
  expect(hashes(records)).toEqual(recordsBefore);
  const v = await cli(['verify', '--db', db, ...AT, '--json', fx.record(3).badges[0]!.value]);
  expect(v.code).toBe(0);
  expect(JSON.parse(v.out)).toMatchObject({ passport: { id: fx.record(3).id } });
});

test("another program's SQLite database as the cache: recognised as foreign, moved aside, rebuilt", async () => {
  const db = path.join(dir, 'foreign.db');
  const other = new Database(db);
  other.exec("CREATE TABLE visitors (name TEXT); INSERT INTO visitors VALUES ('A. Visitor')");
  other.close();
  const before = sha256(db);
  const v = await cli(['verify', '--db', db, ...AT, 'RXL0000001']);
  expect(v).toEqual({ code: 1, out: '', err: ONE_LINE(db, 'it is not a passport cache: it holds tables visitors') });
  const s = await sync(db);
  expect(JSON.parse(s.out)).toMatchObject({ ok: true, cacheRebuilt: { reason: 'it is not a passport cache: it holds tables visitors' } });
  expect(sha256(`${db}.damaged`)).toBe(before);
});

test('only the last damaged copy is kept, with its -wal, by exact name', async () => {
  const db = path.join(dir, 'twice.db');
  await writeFile(db, 'first junk '.repeat(200));
  await writeFile(`${db}-wal`, 'first wal');
  await writeFile(path.join(dir, 'twice.db.damaged.note'), 'an IT note beside it');
  expect((await sync(db)).code).toBe(0);
  expect(readFileSync(`${db}.damaged`, 'utf8')).toMatch(/^first junk/);
  expect(readFileSync(`${db}.damaged-wal`, 'utf8')).toBe('first wal');
  await writeFile(db, 'second junk '.repeat(200));
  expect((await sync(db)).code).toBe(0);
  expect(readFileSync(`${db}.damaged`, 'utf8')).toMatch(/^second junk/);
  expect(existsSync(`${db}.damaged-wal`)).toBe(false);
  expect(readFileSync(path.join(dir, 'twice.db.damaged.note'), 'utf8')).toBe('an IT note beside it');
});

test('damage under the file system (no time changed) that only a scan can see: the scan refuses it, the next sync rebuilds', async () => {
  const db = path.join(dir, 'bitrot.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  const victim = fx.record(42);
  const payloads = [victim.badges[0]!.value, fx.record(43).badges[0]!.value];
  // Zero 40 of the 64 bytes of record 42's stored signature (unique to it), keeping the file's time.
  const bytes = readFileSync(db);
  const signature = Buffer.from(fx.lines[42]!.split('.')[2]!, 'base64url');
  const at = bytes.indexOf(signature);
  expect(at).toBeGreaterThan(0);
  expect(bytes.indexOf(signature, at + 1)).toBe(-1);
  damage(db, at + 10, 40, 'zeros', true);
  // SQLite's checks and the cheap checks see nothing: a sync has nothing to do.
  const first = await sync(db);
  expect([JSON.parse(first.out), first.err]).toMatchObject([{ ok: true, mode: "none" }, ""]);
  const hit = await cli(['verify', '--db', db, ...AT, payloads[0]!]);
  expect(hit).toEqual({ code: 1, out: '', err: ONE_LINE(db, `passport ${victim.id}'s stored record has changed since it was stored`) });
  expect(JSON.parse(readFileSync(healthPath(db), 'utf8'))).toMatchObject({ damaged: `passport ${victim.id}'s stored record has changed since it was stored` });
  const s = await sync(db);
  expect(JSON.parse(s.out)).toMatchObject({ ok: true, mode: 'snapshot', cacheRebuilt: { reason: `passport ${victim.id}'s stored record has changed since it was stored` } });
  const after = await verdicts(db, payloads);
  expect(after.map((v) => [v.outcome, v.passport?.id])).toEqual([
    ['cleared', victim.id],
    ['cleared', fx.record(43).id],
  ]);
});
