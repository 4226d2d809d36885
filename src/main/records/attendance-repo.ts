import type Database from 'better-sqlite3';
import type { Outcome } from '../../core/codes';
import type { Arrival, Mark, MarkStatus } from '../../core/sessions/model';
import type { ReadableRecordsDB, WritableRecordsDB } from './db';
import { RecordsError } from './records-error';
import { parsePrior, stringifyPrior } from './prior-json';
import { joinCodes, splitCodes } from './scan-log-repo';

/**
 * Arrivals and marks in the records (migrations/002-sessions.ts). One
 * arrival per person per session, enforced by the file itself; marks are
 * append-only and the latest for a person wins (core decides that; this
 * returns them in the order they were made).
 */

/** Reading attendance (listing, export, and the services). */
export interface AttendanceReads {
  /** This person's arrival in this session, or null. */
  arrivalFor(sessionId: string, passportId: string): Arrival | null;
  /** The session's arrivals in arrival order. */
  arrivals(sessionId: string): Arrival[];
  arrivedCount(sessionId: string): number;
  /** The session's marks in the order they were made (the latest for a person wins). */
  marks(sessionId: string): Mark[];
}

/** Reading and writing attendance. */
export interface AttendanceRepo extends AttendanceReads {
  /** Record an arrival; throws `DuplicateArrivalError` if this person already arrived in this session. */
  addArrival(arrival: Arrival): void;
  /** Append a mark; returns its id. */
  addMark(mark: Mark): number;
}

/** A second arrival for the same person in the same session: refused by the records (UNIQUE). */
export class DuplicateArrivalError extends RecordsError {}

interface ArrivalRow {
  session_id: string;
  passport_id: string;
  scan_id: number;
  at: string;
  late: number;
  on_roster: number;
  row: number | null;
  name: string;
  issuer: string;
  staff_group: string;
  outcome: string;
  reasons: string;
  prior_induction: string | null;
}

interface MarkRow {
  session_id: string;
  row: number | null;
  passport_id: string | null;
  status: string;
  reason: string;
  marked_by: string;
  at: string;
}

const toArrival = (r: ArrivalRow): Arrival => ({
  sessionId: r.session_id,
  passportId: r.passport_id,
  scanId: r.scan_id,
  at: r.at,
  late: r.late === 1,
  onRoster: r.on_roster === 1,
  row: r.row,
  name: r.name,
  issuer: r.issuer,
  staffGroup: r.staff_group,
  outcome: r.outcome as Outcome,
  reasons: splitCodes(r.reasons),
  priorInduction: parsePrior(r.prior_induction),
});

const toMark = (r: MarkRow): Mark => ({
  sessionId: r.session_id,
  row: r.row,
  passportId: r.passport_id,
  status: r.status as MarkStatus,
  reason: r.reason,
  by: r.marked_by,
  at: r.at,
});

const ARRIVAL_COLUMNS = 'session_id, passport_id, scan_id, at, late, on_roster, row, name, issuer, staff_group, outcome, reasons, prior_induction';
const MARK_COLUMNS = 'session_id, row, passport_id, status, reason, marked_by, at';

/** Attendance over a read-only (or writable) records handle; statements prepared once. */
export class AttendanceReader implements AttendanceReads {
  private readonly arrivalForStmt: Database.Statement<[string, string], ArrivalRow>;
  private readonly arrivalsStmt: Database.Statement<[string], ArrivalRow>;
  private readonly countStmt: Database.Statement<[string], { n: number }>;
  private readonly marksStmt: Database.Statement<[string], MarkRow>;

  constructor(db: ReadableRecordsDB) {
    this.arrivalForStmt = db.prepare(`SELECT ${ARRIVAL_COLUMNS} FROM arrivals WHERE session_id = ? AND passport_id = ?`);
    this.arrivalsStmt = db.prepare(`SELECT ${ARRIVAL_COLUMNS} FROM arrivals WHERE session_id = ? ORDER BY id`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM arrivals WHERE session_id = ?');
    this.marksStmt = db.prepare(`SELECT ${MARK_COLUMNS} FROM marks WHERE session_id = ? ORDER BY id`);
  }

  arrivalFor(sessionId: string, passportId: string): Arrival | null {
    const r = this.arrivalForStmt.get(sessionId, passportId);
    return r ? toArrival(r) : null;
  }

  arrivals(sessionId: string): Arrival[] {
    return this.arrivalsStmt.all(sessionId).map(toArrival);
  }

  arrivedCount(sessionId: string): number {
    return this.countStmt.get(sessionId)!.n;
  }

  marks(sessionId: string): Mark[] {
    return this.marksStmt.all(sessionId).map(toMark);
  }
}

/** Attendance over a writable records handle. */
export class AttendanceWriter extends AttendanceReader implements AttendanceRepo {
  private readonly insertArrival: Database.Statement;
  private readonly insertMark: Database.Statement;

  constructor(db: WritableRecordsDB) {
    super(db);
    this.insertArrival = db.prepare(`INSERT INTO arrivals (${ARRIVAL_COLUMNS}) VALUES (${ARRIVAL_COLUMNS.replace(/\w+/g, '?')})`);
    this.insertMark = db.prepare(`INSERT INTO marks (${MARK_COLUMNS}) VALUES (${MARK_COLUMNS.replace(/\w+/g, '?')})`);
  }

  addArrival(a: Arrival): void {
    try {
      this.insertArrival.run(
        a.sessionId,
        a.passportId,
        a.scanId,
        a.at,
        a.late ? 1 : 0,
        a.onRoster ? 1 : 0,
        a.row,
        a.name,
        a.issuer,
        a.staffGroup,
        a.outcome,
        joinCodes(a.reasons),
        stringifyPrior(a.priorInduction),
      );
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DuplicateArrivalError(`passport ${a.passportId} has already arrived in session ${a.sessionId}: check for an arrival first (arrivalFor)`);
      }
      throw e;
    }
  }

  addMark(m: Mark): number {
    return Number(this.insertMark.run(m.sessionId, m.row, m.passportId, m.status, m.reason, m.by, m.at).lastInsertRowid);
  }
}
