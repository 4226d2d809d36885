import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Arrival, RosterRow, Session } from '../../../src/core/sessions/model';
import type { NewScanLogEntry } from '../../../src/main/records/scan-log-repo';

/** Shared pieces of the records tests: temp folders, an older version's scan log, sample data. */

export const tempDir = (prefix = 'records-it-') => mkdtempSync(path.join(tmpdir(), prefix));

/** SQLite's table and index names in a file, sorted. */
export function schemaNames(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return rows.map((r) => r.name);
}

/**
 * A `scan-log.sqlite` exactly as the previous version wrote it
 * (src/main/kiosk/scan-log.ts before the records file: schema 1, WAL), with
 * `entries` in it. Returns the file's path.
 */
export function writeLegacyScanLog(file: string, entries: readonly NewScanLogEntry[]): string {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE scan_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     source TEXT NOT NULL,
     reader_id TEXT,
     passport_id TEXT NOT NULL,
     outcome TEXT NOT NULL,
     reasons TEXT NOT NULL
   );
   CREATE INDEX scan_log_at ON scan_log(at);`);
  db.pragma('user_version = 1');
  const insert = db.prepare('INSERT INTO scan_log (at, source, reader_id, passport_id, outcome, reasons) VALUES (?, ?, ?, ?, ?, ?)');
  for (const e of entries) insert.run(e.at, e.source, e.readerId, e.passportId, e.outcome, e.reasons.join(' '));
  db.close();
  return file;
}

/** `n` distinct scan-log entries, a minute apart from 09:00Z. */
export function scanEntries(n: number): NewScanLogEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.parse('2026-11-24T09:00:00Z') + i * 60_000).toISOString(),
    source: (['wedge', 'camera', 'reader', 'manual'] as const)[i % 4]!,
    readerId: i % 4 === 2 ? `reader-${i}` : null,
    passportId: i % 5 === 4 ? 'unknown' : `RXL-${String(i).padStart(4, '0')}`,
    outcome: i % 5 === 4 ? 'unknown' : 'cleared',
    reasons: i % 5 === 4 ? ['BADGE_UNKNOWN'] : i % 3 === 0 ? [] : ['CHECK_EXPIRING', 'INDUCTION_RECORDED'],
  }));
}

export const SESSION: Session = {
  id: '4f1c2a9e-8b3d-4c6f-9a2e-1d5b7c9e0f12',
  title: 'Corporate induction — November',
  kind: 'corporate',
  starts: '2026-11-24T09:00:00.000Z',
  ends: '2026-11-24T12:00:00.000Z',
  room: 'Seminar room 2',
  lead: 'Dana Okafor',
  capacity: 30,
  graceMinutes: 10,
  state: 'open',
  createdAt: '2026-11-20T14:00:00.000Z',
  closedAt: null,
};

export const ROSTER: RosterRow[] = [
  { row: 1, name: 'Zoë Ní Bhriain', passport: 'RXL-0001', badge: 'RXL0000001', staffGroup: 'Nursing', note: 'starts Monday' },
  { row: 2, name: 'Łukasz Nowak', passport: null, badge: '04A1B2C3D4E5F6', staffGroup: null, note: null },
  { row: 3, name: 'Nguyễn Thị Lan', passport: 'RJ1-0002', badge: null, staffGroup: 'Medical', note: null },
  { row: 4, name: 'Siobhán Kelly', passport: null, badge: null, staffGroup: null, note: 'no passport yet' },
];

export function arrival(scanId: number, over: Partial<Arrival> = {}): Arrival {
  return {
    sessionId: SESSION.id,
    passportId: 'RXL-0001',
    scanId,
    at: '2026-11-24T09:04:00.000Z',
    late: false,
    onRoster: true,
    row: 1,
    name: 'Zoë Ní Bhriain',
    issuer: 'RXL',
    staffGroup: 'Nursing',
    outcome: 'cleared',
    reasons: ['INDUCTION_RECORDED'],
    priorInduction: null,
    ...over,
  };
}
