import { RECORDS_APPLICATION_ID } from '../application-id';
import type { RecordsMigration } from './index';

/**
 * Schema 1: the scan log, with exactly the columns the older standalone
 * `scan-log.sqlite` had (so rows carried over keep their meaning), the
 * `meta` key/value table (the carry-over flag lives there), and the file's
 * `application_id`, which marks it as a records file so that a cache or any
 * other SQLite file given by mistake is refused (db.ts).
 *
 * The scan log has no column for the payload: a badge the kiosk does not
 * know could be anything a visitor scanned (a bank card's number, a phone
 * number typed into the box), and nothing about it may be kept. Known
 * badges are recorded by passport id, which is all an audit needs.
 * AUTOINCREMENT: an id is never reused, even after the retention purge, so
 * an id named in an audit entry or an arrival always means one scan.
 */
export const m001ScanLog: RecordsMigration = {
  version: 1,
  name: '001-scan-log',
  up(db) {
    db.exec(`
      CREATE TABLE scan_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        reader_id TEXT,
        passport_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reasons TEXT NOT NULL
      );
      CREATE INDEX scan_log_at ON scan_log (at);
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
    db.pragma(`application_id = ${RECORDS_APPLICATION_ID}`);
  },
};
