import type Database from 'better-sqlite3';
import { AuditReader, AuditWriter, type AuditReads, type AuditRepo } from './audit-repo';
import { AttendanceReader, AttendanceWriter, type AttendanceReads, type AttendanceRepo } from './attendance-repo';
import { carriedOver, type CarriedOver } from './carry-over';
import { openRecords, openRecordsReadonly, type OpenRecordsOptions, type ReadableRecordsDB, type WritableRecordsDB } from './db';
import { PinLockoutReader, PinLockoutWriter, type PinLockoutReads, type PinLockoutRepo } from './pin-lockout-repo';
import { ScanLogReader, ScanLogWriter, type ScanLogReads, type ScanLogRepo } from './scan-log-repo';
import { SessionsReader, SessionsWriter, type SessionsReads, type SessionsRepo } from './sessions-repo';

/**
 * The records file with its repositories: what the kiosk services and the
 * session commands hold. One connection, statements prepared once per
 * repository. `transaction` makes several repositories' writes one atomic
 * step (the scan path's scan-log row and arrival, sessions.md "Check-in").
 */
export class Records {
  readonly scanLog: ScanLogRepo;
  readonly sessions: SessionsRepo;
  readonly attendance: AttendanceRepo;
  /** The audit chain: append inside the transaction of what the entry records. */
  readonly audit: AuditRepo;
  readonly pinLockout: PinLockoutRepo;

  /** Over an open writable handle (see `Records.open`); takes ownership of it. */
  constructor(readonly db: WritableRecordsDB) {
    this.scanLog = new ScanLogWriter(db);
    this.sessions = new SessionsWriter(db);
    this.attendance = new AttendanceWriter(db);
    this.audit = new AuditWriter(db);
    this.pinLockout = new PinLockoutWriter(db);
  }

  /** Open (creating, migrating, carrying an older scan log over) `file`; throws RecordsError. */
  static open(file: string, options: OpenRecordsOptions = {}): Records {
    return new Records(openRecords(file, options));
  }

  /**
   * Run `fn` in one IMMEDIATE transaction (the write lock taken at the
   * start, so a busy file waits rather than failing half-way): every write
   * in it commits together, or none does if it throws. Nested calls, and
   * repository methods that are transactions themselves, become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** What an older scan log carried into this file, or null. */
  carriedOver(): CarriedOver | null {
    return carriedOver(this.db);
  }

  close(): void {
    this.db.close();
  }
}

/** The records read-only: listing, export, doctor. Never writes, never creates the file. */
export class ReadonlyRecords {
  readonly scanLog: ScanLogReads;
  readonly sessions: SessionsReads;
  readonly attendance: AttendanceReads;
  readonly audit: AuditReads;
  readonly pinLockout: PinLockoutReads;

  constructor(readonly db: ReadableRecordsDB) {
    this.scanLog = new ScanLogReader(db);
    this.sessions = new SessionsReader(db);
    this.attendance = new AttendanceReader(db);
    this.audit = new AuditReader(db);
    this.pinLockout = new PinLockoutReader(db);
  }

  /** Open `file` read-only, or null when there are no records yet; throws RecordsError. */
  static open(file: string): ReadonlyRecords | null {
    const db = openRecordsReadonly(file);
    return db ? new ReadonlyRecords(db) : null;
  }

  /** Read several things as of one moment (one read transaction). */
  snapshot<T>(fn: () => T): T {
    return (this.db as Database.Database).transaction(fn).deferred();
  }

  close(): void {
    this.db.close();
  }
}
