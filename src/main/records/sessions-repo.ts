import type Database from 'better-sqlite3';
import type { PrecheckLine, RosterRow, Session, SessionKind, SessionState } from '../../core/sessions/model';
import type { Outcome } from '../../core/codes';
import type { ReadableRecordsDB, WritableRecordsDB } from './db';
import { joinCodes, splitCodes } from './scan-log-repo';
import { parsePrior, stringifyPrior } from './prior-json';

/**
 * Sessions and their rosters in the records (migrations/002-sessions.ts).
 * Rules (who may create, what a valid roster is, when a session may close)
 * are the session services' and core's; this only stores and finds.
 */

/** Reading sessions and rosters (listing, export, doctor, and the services). */
export interface SessionsReads {
  get(id: string): Session | null;
  /** Every session, by start time (then id). */
  list(): Session[];
  /** The roster in row order. */
  roster(sessionId: string): RosterRow[];
  /** The roster row whose `passport` is `passportId`, or null. */
  rosterRowByPassport(sessionId: string, passportId: string): RosterRow | null;
  /** The first roster row (lowest number) whose `badge` is one of `badges` (normalised values), or null. */
  rosterRowByBadge(sessionId: string, badges: readonly string[]): RosterRow | null;
  rosterCount(sessionId: string): number;
  /**
   * Roster rows whose `badge` has a `:`, `-` or space in it (an NFC UID
   * written with separators, which only core's matching can compare), in
   * row order: check-in reads these, not the whole roster, on a miss.
   */
  rosterRowsWithSeparatedBadges(sessionId: string): RosterRow[];
  /** The pre-check kept at close, in row order (empty while open). */
  savedPrecheck(sessionId: string): PrecheckLine[];
}

/** Reading and writing sessions and rosters. */
export interface SessionsRepo extends SessionsReads {
  /** Store a new session as given (its id made by the caller); throws if the id exists. */
  create(session: Session): void;
  /** Close an open session; false if it is unknown or already closed (nothing changes then). */
  setClosed(id: string, closedAt: string): boolean;
  /** Replace the session's whole roster in one transaction (an import is all or nothing). */
  replaceRoster(sessionId: string, rows: readonly RosterRow[]): void;
  /** Keep the close-time pre-check, replacing any kept before. */
  savePrecheck(sessionId: string, lines: readonly PrecheckLine[]): void;
}

interface SessionRow {
  id: string;
  title: string;
  kind: string;
  starts: string;
  ends: string;
  room: string | null;
  lead: string | null;
  capacity: number | null;
  grace_minutes: number;
  state: string;
  created_at: string;
  closed_at: string | null;
}

interface RosterDbRow {
  row: number;
  name: string;
  passport: string | null;
  badge: string | null;
  staff_group: string | null;
  note: string | null;
}

interface PrecheckDbRow {
  row: number;
  name: string;
  passport_id: string | null;
  issuer: string | null;
  outcome: string;
  reasons: string;
  prior_induction: string | null;
}

const toSession = (r: SessionRow): Session => ({
  id: r.id,
  title: r.title,
  kind: r.kind as SessionKind,
  starts: r.starts,
  ends: r.ends,
  room: r.room,
  lead: r.lead,
  capacity: r.capacity,
  graceMinutes: r.grace_minutes,
  state: r.state as SessionState,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

const toRosterRow = (r: RosterDbRow): RosterRow => ({
  row: r.row,
  name: r.name,
  passport: r.passport,
  badge: r.badge,
  staffGroup: r.staff_group,
  note: r.note,
});

const toPrecheck = (r: PrecheckDbRow): PrecheckLine => ({
  row: r.row,
  name: r.name,
  passportId: r.passport_id,
  issuer: r.issuer,
  outcome: r.outcome as Outcome,
  reasons: splitCodes(r.reasons),
  priorInduction: parsePrior(r.prior_induction),
});

const ROSTER_COLUMNS = 'row, name, passport, badge, staff_group, note';

/** Sessions over a read-only (or writable) records handle; statements prepared once. */
export class SessionsReader implements SessionsReads {
  private readonly getStmt: Database.Statement<[string], SessionRow>;
  private readonly listStmt: Database.Statement<[], SessionRow>;
  private readonly rosterStmt: Database.Statement<[string], RosterDbRow>;
  private readonly byPassportStmt: Database.Statement<[string, string], RosterDbRow>;
  private readonly byBadgeStmt: Database.Statement<[string, string], RosterDbRow>;
  private readonly countStmt: Database.Statement<[string], { n: number }>;
  private readonly separatedStmt: Database.Statement<[string], RosterDbRow>;
  private readonly precheckStmt: Database.Statement<[string], PrecheckDbRow>;

  constructor(db: ReadableRecordsDB) {
    this.getStmt = db.prepare('SELECT * FROM sessions WHERE id = ?');
    this.listStmt = db.prepare('SELECT * FROM sessions ORDER BY starts, id');
    this.rosterStmt = db.prepare(`SELECT ${ROSTER_COLUMNS} FROM roster_rows WHERE session_id = ? ORDER BY row`);
    this.byPassportStmt = db.prepare(`SELECT ${ROSTER_COLUMNS} FROM roster_rows WHERE session_id = ? AND passport = ?`);
    // One probe of roster_by_badge per value (a passport has a handful of
    // badges): with `badge IN (SELECT … json_each)` SQLite walks the session's
    // whole roster instead.
    this.byBadgeStmt = db.prepare(`SELECT ${ROSTER_COLUMNS} FROM roster_rows WHERE session_id = ? AND badge = ?`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM roster_rows WHERE session_id = ?');
    this.separatedStmt = db.prepare(
      `SELECT ${ROSTER_COLUMNS} FROM roster_rows WHERE session_id = ? AND badge IS NOT NULL AND (instr(badge, ':') OR instr(badge, '-') OR instr(badge, ' ')) ORDER BY row`,
    );
    this.precheckStmt = db.prepare('SELECT * FROM precheck_lines WHERE session_id = ? ORDER BY row');
  }

  get(id: string): Session | null {
    const r = this.getStmt.get(id);
    return r ? toSession(r) : null;
  }

  list(): Session[] {
    return this.listStmt.all().map(toSession);
  }

  roster(sessionId: string): RosterRow[] {
    return this.rosterStmt.all(sessionId).map(toRosterRow);
  }

  rosterRowByPassport(sessionId: string, passportId: string): RosterRow | null {
    const r = this.byPassportStmt.get(sessionId, passportId);
    return r ? toRosterRow(r) : null;
  }

  rosterRowByBadge(sessionId: string, badges: readonly string[]): RosterRow | null {
    let best: RosterDbRow | undefined;
    for (const badge of new Set(badges)) {
      const r = this.byBadgeStmt.get(sessionId, badge);
      if (r && (!best || r.row < best.row)) best = r;
    }
    return best ? toRosterRow(best) : null;
  }

  rosterCount(sessionId: string): number {
    return this.countStmt.get(sessionId)!.n;
  }

  rosterRowsWithSeparatedBadges(sessionId: string): RosterRow[] {
    return this.separatedStmt.all(sessionId).map(toRosterRow);
  }

  savedPrecheck(sessionId: string): PrecheckLine[] {
    return this.precheckStmt.all(sessionId).map(toPrecheck);
  }
}

/** Sessions over a writable records handle. */
export class SessionsWriter extends SessionsReader implements SessionsRepo {
  private readonly insertSession: Database.Statement;
  private readonly closeStmt: Database.Statement<[string, string]>;
  private readonly deleteRoster: Database.Statement<[string]>;
  private readonly insertRow: Database.Statement;
  private readonly deletePrecheck: Database.Statement<[string]>;
  private readonly insertPrecheck: Database.Statement;
  private readonly replaceRosterTx: Database.Transaction<(sessionId: string, rows: readonly RosterRow[]) => void>;
  private readonly savePrecheckTx: Database.Transaction<(sessionId: string, lines: readonly PrecheckLine[]) => void>;

  constructor(db: WritableRecordsDB) {
    super(db);
    this.insertSession = db.prepare(
      `INSERT INTO sessions (id, title, kind, starts, ends, room, lead, capacity, grace_minutes, state, created_at, closed_at)
       VALUES (@id, @title, @kind, @starts, @ends, @room, @lead, @capacity, @graceMinutes, @state, @createdAt, @closedAt)`,
    );
    this.closeStmt = db.prepare("UPDATE sessions SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'");
    this.deleteRoster = db.prepare('DELETE FROM roster_rows WHERE session_id = ?');
    this.insertRow = db.prepare(`INSERT INTO roster_rows (session_id, ${ROSTER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.deletePrecheck = db.prepare('DELETE FROM precheck_lines WHERE session_id = ?');
    this.insertPrecheck = db.prepare(
      'INSERT INTO precheck_lines (session_id, row, name, passport_id, issuer, outcome, reasons, prior_induction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // IMMEDIATE on their own (the write lock is taken up front, so a busy
    // file waits instead of failing mid-way); nested in a caller's
    // records.transaction they become savepoints.
    this.replaceRosterTx = db.transaction((sessionId: string, rows: readonly RosterRow[]) => {
      this.deleteRoster.run(sessionId);
      for (const r of rows) this.insertRow.run(sessionId, r.row, r.name, r.passport, r.badge, r.staffGroup, r.note);
    });
    this.savePrecheckTx = db.transaction((sessionId: string, lines: readonly PrecheckLine[]) => {
      this.deletePrecheck.run(sessionId);
      for (const l of lines) {
        this.insertPrecheck.run(sessionId, l.row, l.name, l.passportId, l.issuer, l.outcome, joinCodes(l.reasons), stringifyPrior(l.priorInduction));
      }
    });
  }

  create(session: Session): void {
    this.insertSession.run({ ...session });
  }

  setClosed(id: string, closedAt: string): boolean {
    return this.closeStmt.run(closedAt, id).changes === 1;
  }

  replaceRoster(sessionId: string, rows: readonly RosterRow[]): void {
    this.replaceRosterTx.immediate(sessionId, rows);
  }

  savePrecheck(sessionId: string, lines: readonly PrecheckLine[]): void {
    this.savePrecheckTx.immediate(sessionId, lines);
  }
}
