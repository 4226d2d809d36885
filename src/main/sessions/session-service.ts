import { randomUUID } from 'node:crypto';
import type { Outcome } from '../../core/codes';
import { verdictForPassportId, verdictForPayload, type PassportStore } from '../../core/scan-verdict';
import type { SitePolicy } from '../../core/schemas/policy';
import {
  buildRegister,
  decideCheckin,
  isLate,
  matchRosterRow,
  priorInductionFromVerdict,
  validateNewSession,
} from '../../core/sessions';
import type {
  Arrival,
  CheckinResult,
  MarkStatus,
  NewSession,
  PrecheckLine,
  Register,
  RosterRow,
  Session,
  SessionErrorCode,
} from '../../core/sessions/model';
import type { Verdict } from '../../core/verdict';
import { EMPTY_STORE } from '../cache/passport-cache';
import type { AuditActor } from '../../core/audit/chain';
import type { Records } from '../records/records';
import { auditFloorOf, scanAuditDetail } from '../audit/audit-details';
import type { Clock } from '../kiosk/kiosk-service';
import type { ScanSource } from '../../shared/kiosk-api';
import { outboxOf } from '../upstream/outbox';
import { arrivalFields, closeFields, markFields } from '../upstream/event-fields';
import { parseRosterCsv } from './roster-csv';
import { parseSessionFile } from './session-file';
import { badgeValuesOf, recordBadgeValues } from './stored-record';

/**
 * Induction sessions (spec/sessions.md) over the records file: create,
 * roster import, pre-check, check-in, marks, close and the register. The
 * one implementation behind the lead's screens (through the desk adapter,
 * `session-desk-adapter.ts`) and `passport-kiosk session …`.
 *
 * Decisions come from `src/core/sessions`; this class looks things up,
 * writes them in one records transaction each, and tells listeners.
 */

/** A refusal with a code from cli.md "Sessions" and one sentence a lead can act on. */
export interface SessionFailure {
  ok: false;
  code: SessionErrorCode;
  message: string;
  errors?: { line: number; message: string }[];
}
export type SessionOutcome<T> = ({ ok: true } & T) | SessionFailure;

export const fail = (code: SessionErrorCode, message: string, errors?: SessionFailure['errors']): SessionFailure => ({
  ok: false,
  code,
  message,
  ...(errors && { errors }),
});

/** A session with its counts (lists, the session-mode banner). */
export interface SessionSummary {
  session: Session;
  arrived: number;
  expected: number;
}

/** One scan handed to check-in. */
export interface ScanForCheckin {
  at: string;
  source: ScanSource;
  readerId: string | null;
  verdict: Verdict;
  /**
   * The badge values of the trusted record the verdict came from (for
   * matching the roster by badge), when the caller has the record; else the
   * check-in reads them from the cache.
   */
  badgeValues?: readonly string[];
}

/** What a check-in gives back (cli.md `session checkin`). */
export interface CheckinOutcome {
  ok: true;
  scanId: number;
  result: CheckinResult;
  verdict: Verdict;
  /** The arrival recorded (ARRIVED) or the first one (ALREADY_ARRIVED); else null. */
  arrival: Arrival | null;
  flagged: boolean;
  summary: SessionSummary;
}

export interface SessionServiceDeps {
  records: Records;
  /** The passport cache, or null where none was given (close and export then skip the pre-check). */
  store: PassportStore | null;
  policy: SitePolicy;
  clock: Clock;
  newId?: () => string;
  /** Who is acting, for the audit chain (the app: the role on the screen; commands: system). */
  actor?: () => AuditActor;
  /**
   * Whether `clock` is the real clock (the app, a command without `--at`):
   * then the latest time in the audit chain joins the clock's trusted floor
   * (operations.md "The clock").
   */
  realClock?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class SessionService {
  private readonly listeners = new Set<(summary: SessionSummary) => void>();
  private readonly newId: () => string;

  constructor(private readonly deps: SessionServiceDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  private actor(): AuditActor {
    return this.deps.actor?.() ?? 'system';
  }

  /** A session action's audit entry; call inside the transaction that makes the change. */
  private audit(action: string, detail: Record<string, unknown>): void {
    this.deps.records.audit.append({ at: this.deps.clock(), type: 'session', actor: this.actor(), detail: { action, ...detail } });
  }

  /** Record that a register left the kiosk as a file (sessions.md "Exports"): an audit entry. */
  recordExport(sessionId: string, format: string): void {
    this.audit('export', { session: sessionId, format });
  }

  /** Hear every register change (arrival, mark, roster import, close). */
  onChange(listener: (summary: SessionSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(sessionId: string, known?: SessionSummary): void {
    const summary = known ?? this.summary(sessionId);
    if (!summary) return;
    for (const l of this.listeners) {
      try {
        l(summary);
      } catch {
        // A broken listener must not undo or hide a recorded change.
      }
    }
  }

  get(sessionId: string): Session | null {
    return this.deps.records.sessions.get(sessionId);
  }

  /** The session's roster rows in row order (empty for an unknown session). */
  roster(sessionId: string): RosterRow[] {
    return this.deps.records.sessions.roster(sessionId);
  }

  summary(sessionId: string): SessionSummary | null {
    const session = this.get(sessionId);
    if (!session) return null;
    return {
      session,
      arrived: this.deps.records.attendance.arrivedCount(sessionId),
      expected: this.deps.records.sessions.rosterCount(sessionId),
    };
  }

  /** Every session, soonest first, with counts. */
  list(): SessionSummary[] {
    return this.deps.records.sessions
      .list()
      .map((s) => this.summary(s.id)!)
      .sort((a, b) => a.session.starts.localeCompare(b.session.starts) || a.session.title.localeCompare(b.session.title));
  }

  create(input: NewSession): SessionOutcome<{ session: Session }> {
    const made = validateNewSession(input, { id: this.newId(), createdAt: iso(this.deps.clock()) });
    if (!made.ok) return fail('SESSION_INVALID', made.message);
    this.deps.records.transaction(() => {
      this.deps.records.sessions.create(made.session);
      this.audit('create', { session: made.session.id, kind: made.session.kind });
    });
    return { ok: true, session: made.session };
  }

  /** A session moved from another desk (`session export --format session`): same id, its roster. */
  createFrom(text: string): SessionOutcome<{ session: Session; rows: number }> {
    const parsed = parseSessionFile(text);
    if (!parsed.ok) return fail('SESSION_INVALID', parsed.message);
    if (this.get(parsed.session.id)) {
      return fail('SESSION_INVALID', `session ${parsed.session.id} is already on this kiosk: nothing was changed`);
    }
    const session: Session = { ...parsed.session, state: 'open', createdAt: iso(this.deps.clock()), closedAt: null };
    this.deps.records.transaction(() => {
      this.deps.records.sessions.create(session);
      this.deps.records.sessions.replaceRoster(session.id, parsed.roster);
      this.audit('create', { session: session.id, kind: session.kind, from: 'session-file', rows: parsed.roster.length });
    });
    return { ok: true, session, rows: parsed.roster.length };
  }

  private openSession(sessionId: string): Session | SessionFailure {
    const session = this.get(sessionId);
    if (!session) return fail('SESSION_UNKNOWN', `no session ${sessionId} on this kiosk (see "session list")`);
    if (session.state === 'closed') return fail('SESSION_CLOSED', `session "${session.title}" is closed: its register is final`);
    return session;
  }

  /** All-or-nothing roster import: a refused file leaves the previous roster as it was. */
  importRoster(sessionId: string, bytes: Uint8Array): SessionOutcome<{ rows: number; warnings: string[] }> {
    const session = this.openSession(sessionId);
    if ('ok' in session) return session;
    const parsed = parseRosterCsv(bytes);
    if (!parsed.ok) {
      const n = parsed.errors.length;
      return fail('ROSTER_INVALID', `the roster was not loaded: ${n} problem${n === 1 ? '' : 's'} to fix (nothing was changed)`, parsed.errors);
    }
    this.deps.records.transaction(() => {
      this.deps.records.sessions.replaceRoster(sessionId, parsed.rows);
      this.audit('import', { session: sessionId, rows: parsed.rows.length });
    });
    this.changed(sessionId);
    return { ok: true, rows: parsed.rows.length, warnings: parsed.warnings };
  }

  /**
   * Every roster row looked up in the cache at `at` (default: the session's
   * start): outcome, reasons, prior induction. Nothing is recorded.
   */
  async precheck(sessionId: string, at?: number): Promise<SessionOutcome<{ lines: PrecheckLine[] }>> {
    const session = this.get(sessionId);
    if (!session) return fail('SESSION_UNKNOWN', `no session ${sessionId} on this kiosk (see "session list")`);
    const roster = this.deps.records.sessions.roster(sessionId);
    return { ok: true, lines: await this.precheckRows(session, roster, at ?? Date.parse(session.starts)) };
  }

  private async precheckRows(session: Session, rows: readonly RosterRow[], at: number): Promise<PrecheckLine[]> {
    const store = this.deps.store;
    const out: PrecheckLine[] = [];
    for (const row of rows) {
      let verdict: Verdict | null = null;
      if (store && row.passport) verdict = (await verdictForPassportId(row.passport, store, this.deps.policy, at)).verdict;
      else if (store && row.badge) verdict = (await verdictForPayload(row.badge, store, this.deps.policy, at)).verdict;
      out.push({
        row: row.row,
        name: row.name,
        passportId: verdict?.passport?.id ?? null,
        issuer: verdict?.passport?.iss ?? null,
        outcome: verdict?.outcome ?? 'unknown',
        reasons: verdict ? verdict.reasons.map((r) => r.code) : [],
        priorInduction: verdict ? priorInductionFromVerdict(session, verdict, this.deps.policy) : null,
      });
    }
    return out;
  }

  /** The command line's scan-in path: verdict, then {@link recordScan} into this session. */
  async checkinPayload(sessionId: string, payload: string, source: ScanSource): Promise<CheckinOutcome | SessionFailure> {
    if (!this.get(sessionId)) return fail('SESSION_UNKNOWN', `no session ${sessionId} on this kiosk (see "session list")`);
    const now = this.deps.clock();
    const auditFloor = this.deps.realClock ? auditFloorOf(this.deps.records.audit) : null;
    const { verdict, record } = await verdictForPayload(payload, this.deps.store ?? EMPTY_STORE, this.deps.policy, now, { auditFloor });
    return this.recordScan({ at: iso(now), source, readerId: null, verdict, ...(record && { badgeValues: recordBadgeValues(record) }) }, sessionId);
  }

  /**
   * Log a scan and check it in to `sessionId`: the scan-log entry and the
   * arrival are one transaction, so an answered ARRIVED is never lost and
   * never doubled. Without a session only the scan is logged.
   */
  recordScan(scan: ScanForCheckin, sessionId: string): CheckinOutcome | SessionFailure;
  recordScan(scan: ScanForCheckin, sessionId: null): { scanId: number };
  recordScan(scan: ScanForCheckin, sessionId: string | null): CheckinOutcome | SessionFailure | { scanId: number } {
    const { records } = this.deps;
    const verdict = scan.verdict;
    const passportId = verdict.passport?.id ?? null;
    const logEntry = {
      at: scan.at,
      source: scan.source,
      readerId: scan.readerId,
      passportId: passportId ?? 'unknown',
      outcome: verdict.outcome,
      reasons: verdict.reasons.map((r) => r.code),
    };
    const auditScan = (scanId: number, checkin?: { session: string; result: CheckinResult }) =>
      records.audit.append({ at: scan.at, type: 'scan', actor: this.actor(), detail: scanAuditDetail(scanId, scan, checkin) });
    if (sessionId === null) {
      return records.transaction(() => {
        const scanId = records.scanLog.record(logEntry);
        auditScan(scanId);
        return { scanId };
      });
    }
    // Badge values are read outside the transaction: a cache read, not a records write.
    const badgeValues = scan.badgeValues ?? (passportId && this.deps.store ? badgeValuesOf(this.deps.store, passportId) : []);
    const outcome = records.transaction((): CheckinOutcome | SessionFailure => {
      const session = this.get(sessionId);
      if (!session) return fail('SESSION_UNKNOWN', `no session ${sessionId} on this kiosk (see "session list")`);
      const scanId = records.scanLog.record(logEntry);
      const firstArrival = passportId ? records.attendance.arrivalFor(sessionId, passportId) : null;
      const arrivedBefore = records.attendance.arrivedCount(sessionId);
      const result = decideCheckin({ session, identifiedPassportId: passportId, firstArrival, arrivedCount: arrivedBefore });
      let arrival: Arrival | null = result === 'ALREADY_ARRIVED' ? firstArrival : null;
      if (result === 'ARRIVED' && passportId && verdict.passport) {
        const row = this.rosterRowFor(sessionId, passportId, badgeValues);
        arrival = {
          sessionId,
          passportId,
          scanId,
          at: scan.at,
          late: isLate(session, Date.parse(scan.at)),
          onRoster: row !== null,
          row: row?.row ?? null,
          name: verdict.passport.name,
          issuer: verdict.passport.iss,
          staffGroup: verdict.passport.staffGroup,
          outcome: verdict.outcome,
          reasons: verdict.reasons.map((r) => r.code),
          priorInduction: priorInductionFromVerdict(session, verdict, this.deps.policy),
        };
        records.attendance.addArrival(arrival);
        // Its upstream event commits with it (upstream.md): both or neither.
        outboxOf(records).add('arrival', arrival.at, arrivalFields(session, arrival));
      }
      auditScan(scanId, { session: sessionId, result });
      // The counts as of this commit, from what this transaction already read.
      const summary: SessionSummary = {
        session,
        arrived: arrivedBefore + (result === 'ARRIVED' ? 1 : 0),
        expected: records.sessions.rosterCount(sessionId),
      };
      return { ok: true, scanId, result, verdict, arrival, flagged: isFlagged(verdict.outcome), summary };
    });
    if (outcome.ok && outcome.result === 'ARRIVED') this.changed(sessionId, outcome.summary);
    return outcome;
  }

  /**
   * The roster row a person matches (core `matchRosterRow`), through the
   * roster's indices: by passport, then by an exact badge value; on a miss
   * (a walk-in), only the rows whose badge is a separated NFC UID form are
   * read and matched by core, so a check-in stays cheap on a 500-row roster.
   */
  private rosterRowFor(sessionId: string, passportId: string, badgeValues: readonly string[]): RosterRow | null {
    const sessions = this.deps.records.sessions;
    return (
      sessions.rosterRowByPassport(sessionId, passportId) ??
      sessions.rosterRowByBadge(sessionId, badgeValues) ??
      matchRosterRow(sessions.rosterRowsWithSeparatedBadges(sessionId), { id: passportId, badgeValues })
    );
  }

  /** A lead's mark, by roster row or passport id; the latest mark wins. */
  mark(
    sessionId: string,
    who: { row: number } | { passportId: string },
    status: MarkStatus,
    reason: string,
    by: string,
  ): SessionOutcome<object> {
    const session = this.openSession(sessionId);
    if ('ok' in session) return session;
    const why = reason.trim();
    const lead = by.trim();
    if (why.length < 1 || why.length > 200) return fail('SESSION_INVALID', 'the reason must be 1–200 characters');
    if (lead.length < 1 || lead.length > 120) return fail('SESSION_INVALID', "the lead's name must be 1–120 characters");
    const { records } = this.deps;
    const roster = records.sessions.roster(sessionId);
    let row: number | null = null;
    let passportId: string | null = null;
    if ('row' in who) {
      if (!roster.some((r) => r.row === who.row)) {
        return fail('ROW_UNKNOWN', `row ${who.row} is not on the roster of "${session.title}" (it has ${roster.length} rows)`);
      }
      row = who.row;
    } else {
      const arrival = records.attendance.arrivalFor(sessionId, who.passportId);
      const onRoster = roster.find((r) => r.passport === who.passportId)?.row ?? arrival?.row ?? null;
      if (onRoster === null && !arrival) {
        return fail('ROW_UNKNOWN', `passport ${who.passportId} is neither on the roster of "${session.title}" nor arrived`);
      }
      if (onRoster !== null) row = onRoster;
      else passportId = who.passportId;
    }
    const at = iso(this.deps.clock());
    const rosterRow = row === null ? undefined : roster.find((r) => r.row === row);
    const arrived = passportId ?? rosterRow?.passport ?? null;
    const name = rosterRow?.name ?? (arrived ? records.attendance.arrivalFor(sessionId, arrived)?.name : undefined) ?? '';
    records.transaction(() => {
      records.attendance.addMark({ sessionId, row, passportId, status, reason: why, by: lead, at });
      outboxOf(records).add('mark', at, markFields(session, { passportId: arrived, row, name }, status, why, lead));
      this.audit('mark', { session: sessionId, row, passport: passportId, status, by: lead });
    });
    this.changed(sessionId);
    return { ok: true };
  }

  /**
   * Close: final. Prior induction is decided now for everyone on the roster
   * who did not scan in (when the cache is at hand) and kept with the
   * register, so later exports do not depend on the cache.
   */
  async close(sessionId: string): Promise<SessionOutcome<{ register: Register }>> {
    const session = this.openSession(sessionId);
    if ('ok' in session) return session;
    const { records } = this.deps;
    const arrived = new Set(records.attendance.arrivals(sessionId).map((a) => a.row).filter((r) => r !== null));
    const rows = records.sessions.roster(sessionId).filter((r) => !arrived.has(r.row));
    const lines = this.deps.store ? await this.precheckRows(session, rows, Date.parse(session.starts)) : [];
    const closedAt = iso(this.deps.clock());
    records.transaction(() => {
      const again = this.get(sessionId);
      if (!again || again.state === 'closed') return;
      records.sessions.savePrecheck(sessionId, lines);
      records.sessions.setClosed(sessionId, closedAt);
      const closed = this.get(sessionId)!;
      const register = buildRegister({
        session: closed,
        roster: records.sessions.roster(sessionId),
        arrivals: records.attendance.arrivals(sessionId),
        marks: records.attendance.marks(sessionId),
        precheck: new Map(records.sessions.savedPrecheck(sessionId).map((p) => [p.row, p])),
      });
      outboxOf(records).add('close', closedAt, closeFields(register));
      this.audit('close', { session: sessionId, counts: register.counts });
    });
    this.changed(sessionId);
    return this.register(sessionId);
  }

  /**
   * The register (sessions.md "Register"). While open, prior induction and
   * outcomes of people not yet arrived come from a live pre-check (when the
   * cache is at hand); once closed, from what close kept.
   */
  async register(sessionId: string): Promise<SessionOutcome<{ register: Register }>> {
    const session = this.get(sessionId);
    if (!session) return fail('SESSION_UNKNOWN', `no session ${sessionId} on this kiosk (see "session list")`);
    const { records } = this.deps;
    const roster = records.sessions.roster(sessionId);
    const arrivals = records.attendance.arrivals(sessionId);
    const marks = records.attendance.marks(sessionId);
    const pre =
      session.state === 'closed'
        ? records.sessions.savedPrecheck(sessionId)
        : this.deps.store
          ? await this.precheckRows(session, roster.filter((r) => !arrivals.some((a) => a.row === r.row)), Date.parse(session.starts))
          : [];
    const precheck = new Map(pre.map((p) => [p.row, p]));
    return { ok: true, register: buildRegister({ session, roster, arrivals, marks, precheck }) };
  }
}

/** refer and not-cleared arrivals are flagged for the lead (sessions.md: the lead decides, not the kiosk). */
export function isFlagged(outcome: Outcome): boolean {
  return outcome === 'refer' || outcome === 'not-cleared';
}
