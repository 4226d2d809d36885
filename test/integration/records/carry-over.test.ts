import Database from 'better-sqlite3';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CARRIED_OVER_SUFFIX } from '../../../src/main/records/carry-over';
import { RecordsError } from '../../../src/main/records/db';
import { Records } from '../../../src/main/records/records';
import { scanEntries, tempDir, writeLegacyScanLog } from './helpers';

const withoutIds = (rows: { id: number }[]) => rows.map(({ id: _id, ...rest }) => rest);

test('an older scan-log.sqlite beside the records is carried in entry by entry, in order, once, and set aside', () => {
  const dir = tempDir();
  const entries = scanEntries(25);
  const legacy = writeLegacyScanLog(path.join(dir, 'scan-log.sqlite'), entries);
  const file = path.join(dir, 'records.sqlite');

  const records = Records.open(file);
  const carried = records.scanLog.recent(1000).reverse();
  expect(withoutIds(carried)).toEqual(entries);
  expect(carried.map((r) => r.id)).toEqual(entries.map((_, i) => i + 1));
  expect(records.carriedOver()).toEqual({ from: legacy, rows: 25 });
  // New scans follow the carried ones.
  expect(records.scanLog.record(entries[0]!)).toBe(26);
  records.close();

  expect(existsSync(legacy)).toBe(false);
  expect(existsSync(legacy + CARRIED_OVER_SUFFIX)).toBe(true);

  // Opening again carries nothing more.
  const again = Records.open(file);
  expect(again.scanLog.recent(1000)).toHaveLength(26);
  again.close();
});

test('a legacy file whose rows were already carried is not copied again (killed between commit and rename, or put back)', () => {
  const dir = tempDir();
  const legacy = writeLegacyScanLog(path.join(dir, 'scan-log.sqlite'), scanEntries(7));
  const file = path.join(dir, 'records.sqlite');
  Records.open(file).close();
  renameSync(legacy + CARRIED_OVER_SUFFIX, legacy);

  const records = Records.open(file);
  expect(records.scanLog.recent(1000)).toHaveLength(7);
  expect(records.carriedOver()).toEqual({ from: legacy, rows: 7 });
  records.close();
  // The leftover is set aside now, as the rename would have done.
  expect(existsSync(legacy)).toBe(false);
  expect(existsSync(legacy + CARRIED_OVER_SUFFIX)).toBe(true);
});

test('a carried file is never overwritten: a second legacy file, once one was carried, stays where it is', () => {
  const dir = tempDir();
  const legacy = writeLegacyScanLog(path.join(dir, 'scan-log.sqlite'), scanEntries(3));
  const file = path.join(dir, 'records.sqlite');
  Records.open(file).close();
  writeLegacyScanLog(legacy, scanEntries(2));
  const records = Records.open(file);
  expect(records.scanLog.recent(1000)).toHaveLength(3);
  records.close();
  expect(existsSync(legacy)).toBe(true);
  expect(existsSync(legacy + CARRIED_OVER_SUFFIX)).toBe(true);
});

test('a failure part-way leaves nothing carried and no flag; the next open carries every row exactly once', () => {
  const dir = tempDir();
  const legacy = path.join(dir, 'scan-log.sqlite');
  // A log whose 6th row the records refuse (no time), so the copy fails half-way, as a kill would stop it.
  const old = new Database(legacy);
  old.exec('CREATE TABLE scan_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, source TEXT, reader_id TEXT, passport_id TEXT, outcome TEXT, reasons TEXT)');
  old.pragma('user_version = 1');
  const insert = old.prepare('INSERT INTO scan_log (at, source, reader_id, passport_id, outcome, reasons) VALUES (?, ?, ?, ?, ?, ?)');
  scanEntries(10).forEach((e, i) => insert.run(i === 5 ? null : e.at, e.source, e.readerId, e.passportId, e.outcome, e.reasons.join(' ')));
  old.close();

  const file = path.join(dir, 'records.sqlite');
  expect(() => Records.open(file)).toThrow(RecordsError);
  expect(() => Records.open(file)).toThrow(/older scan log .* could not be carried into .*records\.sqlite \(NOT NULL constraint failed: scan_log\.at\); nothing was carried/);
  const check = new Database(file, { readonly: true });
  expect(check.prepare('SELECT count(*) AS n FROM scan_log').get()).toEqual({ n: 0 });
  expect(check.prepare('SELECT count(*) AS n FROM meta').get()).toEqual({ n: 0 });
  check.close();
  expect(existsSync(legacy)).toBe(true);

  const fix = new Database(legacy);
  fix.prepare('UPDATE scan_log SET at = ? WHERE id = 6').run(scanEntries(10)[5]!.at);
  fix.close();
  const records = Records.open(file);
  expect(withoutIds(records.scanLog.recent(1000).reverse())).toEqual(scanEntries(10));
  records.close();
  const twice = Records.open(file);
  expect(twice.scanLog.recent(1000)).toHaveLength(10);
  twice.close();
});

test('rows an older kiosk left in its -wal (killed before a checkpoint) are carried too', () => {
  const dir = tempDir();
  const legacy = path.join(dir, 'scan-log.sqlite');
  writeLegacyScanLog(legacy, scanEntries(2));
  const oldKiosk = new Database(legacy);
  oldKiosk.pragma('wal_autocheckpoint = 0');
  const insert = oldKiosk.prepare('INSERT INTO scan_log (at, source, reader_id, passport_id, outcome, reasons) VALUES (?, ?, ?, ?, ?, ?)');
  insert.run('2026-11-24T10:00:00.000Z', 'wedge', null, 'RXL-9999', 'cleared', '');
  expect(existsSync(`${legacy}-wal`)).toBe(true);
  const records = Records.open(path.join(dir, 'records.sqlite'));
  expect(records.scanLog.recent(1)[0]).toMatchObject({ passportId: 'RXL-9999' });
  expect(records.scanLog.recent(100)).toHaveLength(3);
  records.close();
  oldKiosk.close();
});

test('the legacy path is the caller\'s: elsewhere, or none; an empty legacy file carries nothing but is flagged', () => {
  const dir = tempDir();
  const elsewhere = writeLegacyScanLog(path.join(tempDir(), 'scan-log.sqlite'), scanEntries(4));
  writeLegacyScanLog(path.join(dir, 'scan-log.sqlite'), scanEntries(9)); // beside, but not named
  const file = path.join(dir, 'records.sqlite');
  const records = Records.open(file, { legacyScanLog: elsewhere });
  expect(records.scanLog.recent(100)).toHaveLength(4);
  records.close();

  const none = Records.open(path.join(dir, 'other-records.sqlite'), { legacyScanLog: null });
  expect(none.scanLog.recent(100)).toHaveLength(0);
  expect(none.carriedOver()).toBeNull();
  none.close();

  const emptyDir = tempDir();
  writeFileSync(path.join(emptyDir, 'scan-log.sqlite'), '');
  const empty = Records.open(path.join(emptyDir, 'records.sqlite'));
  expect(empty.carriedOver()).toMatchObject({ rows: 0 });
  empty.close();
});

test('a legacy file that is not a scan log stops the open with a message saying what to do', () => {
  const dir = tempDir();
  const legacy = path.join(dir, 'scan-log.sqlite');
  new Database(legacy).exec('CREATE TABLE t (x); PRAGMA user_version = 1');
  expect(() => Records.open(path.join(dir, 'records.sqlite'))).toThrow(/older scan log .*scan-log\.sqlite has no scan_log table: move it aside so the kiosk can start/);
});
