import Database from 'better-sqlite3';
import path from 'node:path';
import { readVersion } from '../../../src/main/sqlite/migrate';
import type { WritableRecordsDB } from '../../../src/main/records/db';
import { LATEST_RECORDS_VERSION, migrateRecords, RECORDS_APPLICATION_ID, RECORDS_MIGRATIONS } from '../../../src/main/records/migrations';
import { m001ScanLog } from '../../../src/main/records/migrations/001-scan-log';
import { m002Sessions } from '../../../src/main/records/migrations/002-sessions';
import { Records } from '../../../src/main/records/records';
import { schemaNames, SESSION, tempDir } from './helpers';

const raw = (file = path.join(tempDir(), 'records.sqlite')) => {
  const db = new Database(file) as WritableRecordsDB;
  db.pragma('foreign_keys = ON');
  return db;
};
const plan = (db: Database.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join(' | ');

test('migrations are numbered 1, 2, … in order and the latest is what the code knows', () => {
  expect(RECORDS_MIGRATIONS.map((m) => m.version)).toEqual(RECORDS_MIGRATIONS.map((_, i) => i + 1));
  expect(RECORDS_MIGRATIONS.map((m) => m.name).slice(0, 3)).toEqual(['001-scan-log', '002-sessions', '003-outbox']);
  expect(LATEST_RECORDS_VERSION).toBe(RECORDS_MIGRATIONS.at(-1)!.version);
  expect([m001ScanLog.version, m002Sessions.version]).toEqual([1, 2]);
});

test('001-scan-log on its own: the scan log with the older file\'s columns, meta, and the records application id', () => {
  const db = raw();
  migrateRecords(db, 1);
  expect(readVersion(db)).toBe(1);
  expect(db.pragma('application_id', { simple: true })).toBe(RECORDS_APPLICATION_ID);
  expect(schemaNames(db)).toEqual(['meta', 'scan_log', 'scan_log_at']);
  const columns = (db.pragma('table_info(scan_log)') as { name: string; notnull: number }[]).map((c) => `${c.name}${c.notnull ? '!' : ''}`);
  expect(columns).toEqual(['id', 'at!', 'source!', 'reader_id', 'passport_id!', 'outcome!', 'reasons!']);
  db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
  expect(() => db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'w')").run()).toThrow(/UNIQUE/);
  db.close();
});

test('002-sessions on its own: a schema-1 file with scan-log rows gains the session tables and keeps its rows', () => {
  const file = path.join(tempDir(), 'records.sqlite');
  const v1 = raw(file);
  migrateRecords(v1, 1);
  v1.prepare("INSERT INTO scan_log (at, source, reader_id, passport_id, outcome, reasons) VALUES ('2026-11-24T09:00:00.000Z', 'wedge', NULL, 'RXL-1', 'cleared', '')").run();
  v1.close();
  const db = raw(file);
  migrateRecords(db, 2);
  expect(readVersion(db)).toBe(2);
  expect(schemaNames(db)).toEqual([
    'arrivals',
    'arrivals_by_scan',
    'arrivals_by_session',
    'marks',
    'marks_by_session',
    'marks_no_delete',
    'marks_no_update',
    'meta',
    'precheck_lines',
    'roster_by_badge',
    'roster_by_passport',
    'roster_rows',
    'scan_log',
    'scan_log_at',
    'sessions',
    'sessions_starts',
  ]);
  expect(db.prepare('SELECT passport_id FROM scan_log').all()).toEqual([{ passport_id: 'RXL-1' }]);
  // The checks the schema itself keeps.
  const insert = db.prepare(
    'INSERT INTO sessions (id, title, kind, starts, ends, grace_minutes, state, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  expect(() => insert.run('a', 't', 'weekly', 's', 'e', 10, 'open', 'c', null)).toThrow(/CHECK/);
  expect(() => insert.run('b', 't', 'local', 's', 'e', 10, 'closed', 'c', null)).toThrow(/CHECK/);
  expect(() => insert.run('c', 't', 'local', 's', 'e', 121, 'open', 'c', null)).toThrow(/CHECK/);
  insert.run('d', 't', 'local', 's', 'e', 10, 'open', 'c', null);
  expect(() => db.prepare("INSERT INTO roster_rows (session_id, row, name) VALUES ('nope', 1, 'X')").run()).toThrow(/FOREIGN KEY/);
  expect(() =>
    db.prepare("INSERT INTO marks (session_id, row, passport_id, status, reason, marked_by, at) VALUES ('d', 1, 'RXL-1', 'present', 'r', 'b', 'a')").run(),
  ).toThrow(/CHECK/);
  db.close();
});

test('check-in\'s lookups use indices: roster by passport and by badge within a session, arrivals by session', () => {
  const records = Records.open(path.join(tempDir(), 'records.sqlite'), { legacyScanLog: null });
  const db = records.db;
  expect(plan(db, 'SELECT * FROM roster_rows WHERE session_id = ? AND passport = ?', 's', 'p')).toMatch(/USING INDEX roster_by_passport/);
  expect(plan(db, 'SELECT * FROM roster_rows WHERE session_id = ? AND badge = ?', 's', 'b')).toMatch(/USING INDEX roster_by_badge/);
  expect(plan(db, 'SELECT count(*) FROM arrivals WHERE session_id = ?', 's')).toMatch(/USING COVERING INDEX/);
  expect(plan(db, 'SELECT * FROM arrivals WHERE session_id = ? AND passport_id = ?', 's', 'p')).toMatch(/USING INDEX sqlite_autoindex_arrivals_1/);
  expect(plan(db, 'SELECT * FROM arrivals WHERE session_id = ? ORDER BY id', 's')).not.toMatch(/TEMP B-TREE/);
  records.close();
});

test('a migration that fails leaves the previous version whole, application id included (one transaction each)', () => {
  const db = raw();
  db.exec('CREATE TABLE meta (x)'); // collides with 001's CREATE TABLE meta
  expect(() => migrateRecords(db)).toThrow(/already exists/);
  expect(readVersion(db)).toBe(0);
  expect(db.pragma('application_id', { simple: true })).toBe(0);
  expect(schemaNames(db)).toEqual(['meta']);
  db.close();
});

test('002 failing on a schema-1 file leaves schema 1 and its rows', () => {
  const db = raw();
  migrateRecords(db, 1);
  db.exec('CREATE TABLE marks (x)');
  expect(() => migrateRecords(db)).toThrow(/already exists/);
  expect(readVersion(db)).toBe(1);
  expect(schemaNames(db)).toEqual(['marks', 'meta', 'scan_log', 'scan_log_at']);
  db.close();
});

test('migrating again is a no-op', () => {
  const file = path.join(tempDir(), 'records.sqlite');
  Records.open(file, { legacyScanLog: null }).close();
  const records = Records.open(file, { legacyScanLog: null });
  records.sessions.create(SESSION);
  migrateRecords(records.db);
  expect(readVersion(records.db)).toBe(LATEST_RECORDS_VERSION);
  expect(records.sessions.list()).toHaveLength(1);
  records.close();
});

test('004-audit on its own: a schema-3 file with marks gains the audit chain, its guard and the lockout counters; marks stay append-only', () => {
  const file = path.join(tempDir(), 'records.sqlite');
  const v3 = raw(file);
  migrateRecords(v3, 3);
  v3.prepare("INSERT INTO sessions (id, title, kind, starts, ends, grace_minutes, state, created_at) VALUES ('s', 'T', 'local', 'a', 'b', 10, 'open', 'c')").run();
  v3.prepare("INSERT INTO marks (session_id, row, status, reason, marked_by, at) VALUES ('s', 1, 'present', 'r', 'L', 'x')").run();
  v3.close();
  const db = raw(file);
  migrateRecords(db, 4);
  expect(readVersion(db)).toBe(4);
  const names = schemaNames(db);
  for (const n of ['audit', 'audit_at', 'audit_anchor', 'purge_guard', 'pin_lockout', 'audit_append_only', 'audit_no_update', 'audit_no_delete', 'marks_no_delete']) expect(names).toContain(n);
  const columns = (db.pragma('table_info(audit)') as { name: string; type: string }[]).map((c) => `${c.name} ${c.type}`);
  expect(columns).toEqual(['seq INTEGER', 'at TEXT', 'type TEXT', 'actor TEXT', 'detail TEXT', 'prev BLOB', 'hash BLOB']);
  expect(db.prepare('SELECT count(*) AS n FROM marks').get()).toEqual({ n: 1 });
  expect(() => db.prepare('DELETE FROM marks').run()).toThrow(/append-only/);
  expect(() => db.prepare("INSERT INTO audit VALUES (2, 'a', 't', 'system', '{}', x'00', x'00')").run()).toThrow(/next seq/);
  db.close();
});
