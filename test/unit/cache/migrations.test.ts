import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BADGE_TYPE_CODES } from '../../../src/main/cache/badge-types';
import { CacheDamagedError } from '../../../src/main/cache/cache-health';
import { CacheError, openReadable, openWritable, type ReadableDB, type WritableDB } from '../../../src/main/cache/db';
import { LATEST_VERSION, migrate, readVersion } from '../../../src/main/cache/migrate';
import { MIGRATIONS } from '../../../src/main/cache/migrations';
import { m001Initial } from '../../../src/main/cache/migrations/001-initial';
import { badgeSignature, CacheWriter } from '../../../src/main/cache/cache-writer';
import { PassportCache } from '../../../src/main/cache/passport-cache';
import { makeKey, trustList } from '../core/fixtures';

/** A compact-JWS-shaped string whose payload names the record (the cache holds a row's columns to its JWS). */
const jws = (id: string) => `e30.${Buffer.from(JSON.stringify({ id, iss: 'RXL', rev: 1 })).toString('base64url')}.c2ln`;
const file = () => path.join(mkdtempSync(path.join(tmpdir(), 'cache-mig-')), 'cache.db');
const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

test('migrations are numbered 1, 2, … in order and the latest is what the code knows', () => {
  expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  expect(LATEST_VERSION).toBe(MIGRATIONS.length);
});

test('001-initial on its own: creates the tables, the badge index and the single state row', () => {
  const db = new Database(':memory:') as WritableDB;
  migrate(db, 1);
  expect(readVersion(db)).toBe(1);
  expect(tables(db)).toEqual(['badges', 'badges_value_g0', 'passports', 'passports_id_g0', 'state']);
  expect(db.prepare('SELECT one, seq, generation FROM state').all()).toEqual([{ one: 1, seq: null, generation: 0 }]);
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT pid FROM badges WHERE type = 'barcode' AND value = 'X'").all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX badges_value_g0/);
  expect(m001Initial.version).toBe(1);
});

test('a migration that fails leaves the previous version whole (one transaction each)', () => {
  const db = new Database(':memory:') as WritableDB;
  db.exec('CREATE TABLE state (x)'); // collides with 001's CREATE TABLE
  expect(() => migrate(db)).toThrow();
  expect(readVersion(db)).toBe(0);
  expect(tables(db)).toEqual(['state']);
});

test('migrating twice is a no-op; the writable cache is WAL with secure_delete and 8 KiB pages', () => {
  const f = file();
  openWritable(f).close();
  const db = openWritable(f);
  expect(readVersion(db)).toBe(LATEST_VERSION);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  expect(db.pragma('page_size', { simple: true })).toBe(8192);
  db.close();
});

test('a cache written by a newer version is refused, for writing and reading, with a message saying what to do', () => {
  const f = file();
  const raw = new Database(f);
  raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
  raw.close();
  expect(() => openWritable(f)).toThrow(CacheError);
  expect(() => openWritable(f)).toThrow(/newer version of the app .*update the app, or delete the file to resync/);
  expect(() => openReadable(f)).toThrow(/newer version/);
});

test('reading: a missing file or an empty database is an empty cache, and nothing is created', () => {
  const f = file();
  expect(openReadable(f)).toBeNull();
  expect(() => openReadable(f)).not.toThrow();
  new Database(f).close();
  expect(openReadable(f)).toBeNull();
  const junk = file();
  writeFileSync(junk, 'x'.repeat(4096));
  expect(() => openReadable(junk)).toThrow(/is damaged \(file is not a database\): run `passport-kiosk sync`/);
});

test('002-badge-signature on its own: a schema-1 cache gains badge_sig (NULL), and its rows still update correctly', () => {
  const f = file();
  const v1 = new Database(f) as WritableDB;
  migrate(v1, 1);
  v1.exec(`INSERT INTO passports (pid, id, iss, rev, status, erased, jws) VALUES (1, 'A', 'RXL', 1, 'active', 0, 'jws-A1');
           INSERT INTO badges (pid, type, value) VALUES (1, 'barcode', 'OLD')`);
  v1.close();
  const db = openWritable(f);
  expect(readVersion(db)).toBe(LATEST_VERSION);
  expect(db.prepare('SELECT badge_sig FROM passports').get()).toEqual({ badge_sig: null });
  const writer = new CacheWriter(db);
  const d = writer.startDelta();
  expect(d.apply({ id: 'A', iss: 'RXL', rev: 2, status: 'active', badges: [['barcode', 'NEW']] }, 'jws-A2')).toBe('applied');
  d.commit({ feed: 'f', seq: 1, published: 'p', expires: 'e', trustSha256: 's', trustJson: '{}', etag: null });
  expect(db.prepare('SELECT type, value FROM badges').all()).toEqual([{ type: BADGE_TYPE_CODES.barcode, value: 'NEW' }]);
  expect(db.prepare('SELECT badge_sig FROM passports').get()).toEqual({ badge_sig: badgeSignature([['barcode', 'NEW']]) });
  db.close();
});

test('badge signatures ignore order and duplicates, and differ when a badge differs', () => {
  const a: [string, string][] = [['barcode', 'X1'], ['nfc', '04AABBCCDDEEFF']];
  expect(badgeSignature(a)).toBe(badgeSignature([a[1]!, a[0]!, a[0]!]));
  expect(badgeSignature(a)).not.toBe(badgeSignature([['barcode', 'X2'], ['nfc', '04AABBCCDDEEFF']]));
  expect(badgeSignature([])).not.toBe(badgeSignature(a));
});

test('a schema-1 cache is still readable (scans go on until the next sync migrates it)', () => {
  const f = file();
  const v1 = new Database(f) as WritableDB;
  migrate(v1, 1);
  v1.close();
  const db = openReadable(f);
  expect(db).not.toBeNull();
  expect(readVersion(db!)).toBe(1);
  db!.close();
});

test('003-badge-type-codes on its own: badge types become small integers, the index keeps its generation, scans find the same passports', () => {
  const f = file();
  const v2 = new Database(f) as WritableDB;
  migrate(v2, 2);
  // As a rebuild leaves it: generation 4's index names.
  v2.exec(`DROP INDEX badges_value_g0; CREATE INDEX badges_value_g4 ON badges (type, value);
           UPDATE state SET generation = 4;
           INSERT INTO passports (pid, id, iss, rev, status, erased, jws) VALUES (1, 'A', 'RXL', 1, 'active', 0, '${jws('A')}'), (2, 'B', 'RXL', 1, 'active', 0, '${jws('B')}');
           INSERT INTO badges (pid, type, value) VALUES (1, 'barcode', 'RXL01'), (1, 'nfc', '04AABBCCDDEEFF'), (2, 'barcode', 'RXL02')`);
  const before = new PassportCache(v2 as unknown as ReadableDB).findByBadges([{ type: 'nfc', value: '04AABBCCDDEEFF' }]);
  expect(before.map((p) => p.id)).toEqual(['A']);
  migrate(v2, 3);
  expect(readVersion(v2)).toBe(3);
  expect(v2.prepare('SELECT pid, type, value FROM badges ORDER BY pid, type').all()).toEqual([
    { pid: 1, type: BADGE_TYPE_CODES.barcode, value: 'RXL01' },
    { pid: 1, type: BADGE_TYPE_CODES.nfc, value: '04AABBCCDDEEFF' },
    { pid: 2, type: BADGE_TYPE_CODES.barcode, value: 'RXL02' },
  ]);
  expect(tables(v2)).toContain('badges_value_g4');
  const plan = v2.prepare('EXPLAIN QUERY PLAN SELECT pid FROM badges WHERE type = 1 AND value = ?').all('X') as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX badges_value_g4/);
  const after = new PassportCache(v2 as unknown as ReadableDB);
  expect(after.findByBadges([{ type: 'nfc', value: '04AABBCCDDEEFF' }]).map((p) => p.id)).toEqual(['A']);
  expect(after.findByBadges([{ type: 'barcode', value: 'RXL02' }]).map((p) => p.id)).toEqual(['B']);
  expect(after.findByBadges([{ type: 'barcode', value: '04AABBCCDDEEFF' }])).toEqual([]);
  v2.close();
});

test('003 on a file with a badge type no record has: the migration refuses it as damage (the sync then rebuilds)', () => {
  const v2 = new Database(':memory:') as WritableDB;
  migrate(v2, 2);
  v2.exec("INSERT INTO badges (pid, type, value) VALUES (1, 'magstripe', 'X')");
  expect(() => migrate(v2, 3)).toThrow(CacheDamagedError);
  expect(readVersion(v2)).toBe(2);
});

test('004-packed-jws: rows stored whole stay readable as they were; a new revision is stored in parts and reads back the very line', () => {
  const f = file();
  const v3 = new Database(f) as WritableDB;
  migrate(v3, 3);
  v3.exec(`INSERT INTO passports (pid, id, iss, rev, status, erased, jws) VALUES (1, 'A', 'RXL', 1, 'active', 0, '${jws('A')}');
           INSERT INTO badges (pid, type, value) VALUES (1, ${BADGE_TYPE_CODES.barcode}, 'RXL01')`);
  v3.close();
  const db = openWritable(f);
  expect(readVersion(db)).toBe(4);
  expect(new PassportCache(db).findById('A')).toMatchObject({ id: 'A', jws: jws('A') });

  // A real-shaped line: a 64-byte signature and canonical base64url.
  const payload = Buffer.from(JSON.stringify({ id: 'A', iss: 'RXL', rev: 2, person: { name: 'Siân Ó Briain' } })).toString('base64url');
  const line = `eyJhbGciOiJFZERTQSJ9.${payload}.${Buffer.alloc(64, 7).toString('base64url')}`;
  const writer = new CacheWriter(db);
  const d = writer.startDelta();
  expect(d.apply({ id: 'A', iss: 'RXL', rev: 2, status: 'active', badges: [['barcode', 'RXL01']] }, line)).toBe('applied');
  d.commit({ feed: 'f', seq: 2, published: 'p', expires: 'e', trustSha256: 's', trustJson: '{}', etag: null });
  const row = db.prepare('SELECT jws, hdr, length(body) AS body, length(sig) AS sig FROM passports WHERE id = ?').get('A');
  expect(row).toEqual({ jws: null, hdr: 'eyJhbGciOiJFZERTQSJ9', body: Buffer.from(payload, 'base64url').length, sig: 64 });
  expect(new PassportCache(db).findById('A')).toMatchObject({ id: 'A', rev: 2, jws: line });
  expect(new PassportCache(db).findByBadges([{ type: 'barcode', value: 'RXL01' }]).map((p) => p.jws)).toEqual([line]);
  db.close();
});

test('a store opened before a sync migrated the file reads on without reopening: badge codes (3) and records in parts (4), never "damaged"', async () => {
  const f = file();
  const v2 = new Database(f) as WritableDB;
  migrate(v2, 2);
  v2.exec(`INSERT INTO passports (pid, id, iss, rev, status, erased, jws) VALUES (1, 'A', 'RXL', 1, 'active', 0, '${jws('A')}');
           INSERT INTO badges (pid, type, value) VALUES (1, 'barcode', 'RXL01')`);
  v2.close();
  const reader = openReadable(f)!;
  const store = new PassportCache(reader);
  expect(store.findByBadges([{ type: 'barcode', value: 'RXL01' }]).map((p) => p.jws)).toEqual([jws('A')]);

  // A sync opens the file (migrations 3 and 4) and a delta stores A's next revision in parts.
  const payload = Buffer.from(JSON.stringify({ id: 'A', iss: 'RXL', rev: 2 })).toString('base64url');
  const line = `eyJhbGciOiJFZERTQSJ9.${payload}.${Buffer.alloc(64, 9).toString('base64url')}`;
  const trust = JSON.stringify(trustList([{ key: await makeKey('rxl-1'), iss: 'RXL' }]));
  const db = openWritable(f);
  const d = new CacheWriter(db).startDelta();
  expect(d.apply({ id: 'A', iss: 'RXL', rev: 2, status: 'active', badges: [['barcode', 'RXL01']] }, line)).toBe('applied');
  d.commit({ feed: 'f', seq: 2, published: '2026-11-24T06:00:00Z', expires: '2026-11-26T06:00:00Z', trustSha256: 's', trustJson: trust, etag: null });
  db.close();

  // A lookup by id first (no scan's snapshot before it): the row in parts is read, not taken for damage.
  expect(store.findById('A')).toMatchObject({ rev: 2, jws: line });
  // A scan starts with the snapshot, which follows the schema: badges are found by their codes.
  expect(store.snapshot()).not.toBeNull();
  expect(store.findByBadges([{ type: 'barcode', value: 'RXL01' }]).map((p) => p.jws)).toEqual([line]);
  expect(existsSync(`${f}.health`) ? readFileSync(`${f}.health`, 'utf8') : '').not.toContain('damaged');
  store.close();
});
