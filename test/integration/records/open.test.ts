import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { openWritable } from '../../../src/main/cache/db';
import { openRecords, openRecordsReadonly, RecordsError } from '../../../src/main/records/db';
import { LATEST_RECORDS_VERSION, migrateRecords } from '../../../src/main/records/migrations';
import { ReadonlyRecords, Records } from '../../../src/main/records/records';
import { readVersion } from '../../../src/main/sqlite/migrate';
import { scanEntries, SESSION, tempDir, writeLegacyScanLog } from './helpers';

const posix = process.platform !== 'win32';
const mode = (f: string) => statSync(f).mode & 0o777;

/** Run `fn` with the process umask set to `mask`, then put it back. */
function withUmask<T>(mask: number, fn: () => T): T {
  const old = process.umask(mask);
  try {
    return fn();
  } finally {
    process.umask(old);
  }
}

test('a new records file is WAL, synchronous FULL, foreign keys on, at the latest schema', () => {
  const file = path.join(tempDir(), 'records.sqlite');
  const db = openRecords(file, { legacyScanLog: null });
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  expect(readVersion(db)).toBe(LATEST_RECORDS_VERSION);
  db.close();
});

(posix ? describe : describe.skip)('owner-only on POSIX', () => {
  test('created 0600 even under a permissive umask (000), and its -wal and -shm too', () => {
    const file = path.join(tempDir(), 'records.sqlite');
    const records = withUmask(0o000, () => Records.open(file, { legacyScanLog: null }));
    records.scanLog.record(scanEntries(1)[0]!); // the -wal and -shm exist while the file is open
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    records.close();
  });

  test('created 0600 under a restrictive umask (277) too: exactly owner read and write', () => {
    const file = path.join(tempDir(), 'records.sqlite');
    withUmask(0o277, () => Records.open(file, { legacyScanLog: null })).close();
    expect(mode(file)).toBe(0o600);
  });

  test('an existing records file left world-readable, with its -wal and -shm, is tightened on open', () => {
    const file = path.join(tempDir(), 'records.sqlite');
    Records.open(file, { legacyScanLog: null }).close();
    const held = new Database(file); // keeps -wal and -shm in place
    held.prepare('SELECT count(*) FROM scan_log').get();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    const records = Records.open(file, { legacyScanLog: null });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
    records.close();
    held.close();
  });
});

test('a file written by a newer version is refused, writing and reading, and is not changed', () => {
  const file = path.join(tempDir(), 'records.sqlite');
  const db = openRecords(file, { legacyScanLog: null });
  db.pragma(`user_version = ${LATEST_RECORDS_VERSION + 1}`);
  db.close();
  const before = readFileSync(file);
  expect(() => openRecords(file)).toThrow(RecordsError);
  expect(() => openRecords(file)).toThrow(
    new RegExp(`^records file .*records\\.sqlite was written by a newer version of the app \\(schema ${LATEST_RECORDS_VERSION + 1}; this build knows up to ${LATEST_RECORDS_VERSION}\\): update the app; .*do not delete it$`),
  );
  expect(() => openRecordsReadonly(file)).toThrow(/newer version/);
  expect(readFileSync(file).equals(before)).toBe(true);
});

test('a passport cache given as the records file is refused with a clear message, and left as it was', () => {
  const dir = tempDir();
  const cache = path.join(dir, 'cache.sqlite');
  openWritable(cache).close();
  const before = readFileSync(cache);
  const beforeMode = mode(cache);
  expect(() => openRecords(cache)).toThrow(RecordsError);
  expect(() => openRecords(cache)).toThrow(/^.*cache\.sqlite is not a records file: it looks like a passport cache \(the "db" setting\), not the records file; name the records file/);
  expect(() => openRecordsReadonly(cache)).toThrow(/looks like a passport cache/);
  expect(readFileSync(cache).equals(before)).toBe(true);
  expect(mode(cache)).toBe(beforeMode);
});

test('other files that are not records files are refused: an older scan log, another SQLite file, not SQLite at all', () => {
  const dir = tempDir();
  const legacy = writeLegacyScanLog(path.join(dir, 'scan-log.sqlite'), scanEntries(2));
  expect(() => openRecords(legacy, { legacyScanLog: null })).toThrow(/is not a records file: it looks like an older version's scan log/);
  const other = path.join(dir, 'other.sqlite');
  new Database(other).exec('CREATE TABLE t (x)');
  expect(() => openRecords(other)).toThrow(/other\.sqlite is not a records file: it is a SQLite file made by something else/);
  const junk = path.join(dir, 'junk.sqlite');
  writeFileSync(junk, 'x'.repeat(4096));
  expect(() => openRecords(junk)).toThrow(/junk\.sqlite is not a records file: it is not a SQLite database at all/);
  expect(() => openRecordsReadonly(junk)).toThrow(/not a SQLite database at all/);
});

test('an error opening names the file and says what to do, on one line', () => {
  const file = path.join(tempDir(), 'no-such-folder', 'records.sqlite');
  let message = '';
  try {
    openRecords(file);
  } catch (e) {
    expect(e).toBeInstanceOf(RecordsError);
    message = (e as Error).message;
  }
  expect(message).toContain(file);
  expect(message).toMatch(/cannot be opened for writing .*check the path/);
  expect(message).not.toContain('\n');
});

test('read-only: absent is null and nothing is created; an older schema is refused; the latest reads', () => {
  const dir = tempDir();
  const file = path.join(dir, 'records.sqlite');
  expect(openRecordsReadonly(file)).toBeNull();
  expect(ReadonlyRecords.open(file)).toBeNull();
  expect(readdirSync(dir)).toEqual([]);

  const v1 = new Database(file);
  migrateRecords(v1 as Parameters<typeof migrateRecords>[0], 1);
  v1.close();
  expect(() => openRecordsReadonly(file)).toThrow(new RegExp(`has schema 1, older than this build's ${LATEST_RECORDS_VERSION}: start the kiosk .* once to upgrade it`));

  const records = Records.open(file, { legacyScanLog: null });
  records.sessions.create(SESSION);
  records.close();
  const ro = ReadonlyRecords.open(file)!;
  expect(ro.sessions.list()).toEqual([SESSION]);
  expect(() => ro.db.prepare("UPDATE sessions SET title = 'x'").run()).toThrow(/readonly/);
  ro.close();
});

test('read-only: a file that is there but empty (created, never migrated) is no records yet', () => {
  const file = path.join(tempDir(), 'records.sqlite');
  writeFileSync(file, '');
  expect(openRecordsReadonly(file)).toBeNull();
  expect(existsSync(file)).toBe(true);
});
