import type Database from 'better-sqlite3';
import type { Outcome, ReasonCode } from '../../core/codes';
import type { ScanSource } from '../../shared/kiosk-api';
import type { ReadableRecordsDB, WritableRecordsDB } from './db';

/**
 * The scan log in the records: one row per scan with the time, the source,
 * the passport id (or "unknown"), the outcome and the reason codes — never
 * the payload (migrations/001-scan-log.ts says why).
 */

/** A row as written and read back. */
export interface ScanLogEntry {
  id: number;
  /** ISO 8601, from the services' clock. */
  at: string;
  source: ScanSource;
  readerId: string | null;
  /** The passport id, or "unknown" when no trusted person was identified. */
  passportId: string;
  outcome: Outcome;
  reasons: ReasonCode[];
}

export type NewScanLogEntry = Omit<ScanLogEntry, 'id'>;

/** Reading the scan log (listing, export, doctor). */
export interface ScanLogReads {
  /** The latest `limit` rows, newest first. */
  recent(limit?: number): ScanLogEntry[];
}

/** Reading and writing the scan log: what the scan path needs. */
export interface ScanLogRepo extends ScanLogReads {
  /** Record one scan; returns its id. */
  record(entry: NewScanLogEntry): number;
}

interface Row {
  id: number;
  at: string;
  source: string;
  reader_id: string | null;
  passport_id: string;
  outcome: string;
  reasons: string;
}

/** Space-separated codes, as the scan log has always stored them; '' is none. */
export const joinCodes = (codes: readonly string[]): string => codes.join(' ');
export const splitCodes = (s: string): ReasonCode[] => (s === '' ? [] : (s.split(' ') as ReasonCode[]));

const toEntry = (r: Row): ScanLogEntry => ({
  id: r.id,
  at: r.at,
  source: r.source as ScanSource,
  readerId: r.reader_id,
  passportId: r.passport_id,
  outcome: r.outcome as Outcome,
  reasons: splitCodes(r.reasons),
});

/** The scan log over a read-only (or writable) records handle. */
export class ScanLogReader implements ScanLogReads {
  // Prepared once and reused: a scan must not pay for SQL parsing.
  private readonly recentStmt: Database.Statement<[number], Row>;

  constructor(db: ReadableRecordsDB) {
    this.recentStmt = db.prepare('SELECT * FROM scan_log ORDER BY id DESC LIMIT ?');
  }

  recent(limit = 100): ScanLogEntry[] {
    return this.recentStmt.all(limit).map(toEntry);
  }
}

/** The scan log over a writable records handle. */
export class ScanLogWriter extends ScanLogReader implements ScanLogRepo {
  private readonly insert: Database.Statement<[string, string, string | null, string, string, string]>;

  constructor(db: WritableRecordsDB) {
    super(db);
    this.insert = db.prepare('INSERT INTO scan_log (at, source, reader_id, passport_id, outcome, reasons) VALUES (?, ?, ?, ?, ?, ?)');
  }

  record(entry: NewScanLogEntry): number {
    const info = this.insert.run(entry.at, entry.source, entry.readerId, entry.passportId, entry.outcome, joinCodes(entry.reasons));
    return Number(info.lastInsertRowid);
  }
}
