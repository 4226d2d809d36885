import Database from 'better-sqlite3';
import { chmodSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { openWritable } from '../../../src/main/cache/db';
import { checkRecords } from '../../../src/main/doctor/check-records';
import { LATEST_RECORDS_VERSION, migrateRecords } from '../../../src/main/records/migrations';
import { Records } from '../../../src/main/records/records';
import { SESSION } from '../records/helpers';
import { tempDir } from './helpers';

/** doctor's records check (src/main/doctor/check-records.ts) against real files. */

const made = async (rows = 0) => {
  const dir = await tempDir();
  const file = path.join(dir, 'records.sqlite');
  const records = Records.open(file, { legacyScanLog: null });
  for (let i = 0; i < rows; i++) records.scanLog.record({ at: '2026-11-24T09:00:00.000Z', source: 'wedge', readerId: null, passportId: `RXL-${i}`, outcome: 'cleared', reasons: [] });
  records.sessions.create(SESSION);
  records.close();
  return { dir, file };
};

test('a sound records file is OK: schema, mode, what it holds; doctor changes nothing and creates nothing', async () => {
  const { dir, file } = await made(3);
  const before = readFileSync(file);
  const listed = readdirSync(dir).sort();
  const f = checkRecords(file, { platform: 'linux' });
  expect(f).toEqual({
    check: 'records',
    status: 'ok',
    message: `The records file ${file} is sound (quick_check ok, schema ${LATEST_RECORDS_VERSION}, mode 0600): 3 scans logged, 1 session.`,
    fix: '',
  });
  expect(readFileSync(file).equals(before)).toBe(true);
  expect(readdirSync(dir).sort().filter((n) => !/-(wal|shm)$/.test(n))).toEqual(listed);
});

test('no records file yet is a WARN that says when that is normal and when it is not; nothing is created', async () => {
  const dir = await tempDir();
  const file = path.join(dir, 'records.sqlite');
  const f = checkRecords(file, { platform: 'linux' });
  expect(f.status).toBe('warn');
  expect(f.message).toBe(`There is no records file at ${file} yet: the kiosk creates it (scan log, sessions, attendance) when it first starts.`);
  expect(f.fix).toMatch(/^If this kiosk has run before, its records are missing: check the "records" setting/);
  expect(readdirSync(dir)).toEqual([]);
});

test('readable by other accounts is a WARN with the chmod to run', async () => {
  const { file } = await made();
  chmodSync(file, 0o644);
  const f = checkRecords(file, { platform: 'linux' });
  expect(f.status).toBe('warn');
  expect(f.message).toContain('other accounts on this machine may read it (mode 0644, not 0600)');
  expect(f.fix).toBe(`Run chmod 600 ${file} (the kiosk also tightens it, and its -wal and -shm files, when it next starts).`);
  expect(checkRecords(file, { platform: 'win32' }).status).toBe('ok');
});

test('a passport cache named as the records is a FAIL saying so', async () => {
  const dir = await tempDir();
  const cache = path.join(dir, 'cache.sqlite');
  openWritable(cache).close();
  const f = checkRecords(cache, { platform: 'linux' });
  expect(f.status).toBe('fail');
  expect(f.message).toBe(`${cache} is not a records file (it is some other SQLite file, perhaps the passport cache), so the kiosk will refuse to start.`);
});

test('a newer schema is a FAIL; an older one is OK and says the kiosk upgrades it; no fix ever says to delete the records', async () => {
  const { file } = await made();
  const db = new Database(file);
  db.pragma(`user_version = ${LATEST_RECORDS_VERSION + 1}`);
  db.close();
  const newer = checkRecords(file, { platform: 'linux' });
  expect(newer.status).toBe('fail');
  expect(newer.message).toContain(`written by a newer version of the app (schema ${LATEST_RECORDS_VERSION + 1}; this app knows up to schema ${LATEST_RECORDS_VERSION})`);
  expect(newer.fix).toContain('Do not delete it');

  const dir = await tempDir();
  const old = path.join(dir, 'records.sqlite');
  const v1 = new Database(old);
  migrateRecords(v1 as Parameters<typeof migrateRecords>[0], 1);
  v1.close();
  chmodSync(old, 0o600);
  const older = checkRecords(old, { platform: 'linux' });
  expect(older.status).toBe('ok');
  expect(older.message).toContain(`Its schema 1 is older than this app's ${LATEST_RECORDS_VERSION}; the kiosk upgrades it when it next starts.`);
});

test('a damaged or foreign file is a FAIL that says to restore from backup, never to delete', async () => {
  const { file } = await made(400);
  // Overwrite a page in the middle of the file: the b-tree no longer holds together.
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 4096 * 2);
  closeSync(fd);
  const damaged = checkRecords(file, { platform: 'linux' });
  expect(damaged.status).toBe('fail');
  expect(damaged.message).toMatch(/is damaged: SQLite's integrity check \(PRAGMA quick_check\) says "database disk image is malformed"/);
  expect(damaged.fix).toMatch(/^Restore it from backup, and keep the damaged file for IT\. Do not delete it/);

  const dir = await tempDir();
  const junk = path.join(dir, 'records.sqlite');
  writeFileSync(junk, 'x'.repeat(8192));
  expect(checkRecords(junk, { platform: 'linux' })).toMatchObject({ status: 'fail', message: expect.stringContaining('is not a SQLite database, or is damaged') });
});
