import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { EventType } from '../../core/upstream/events';
import type { ReadableRecordsDB, WritableRecordsDB } from '../records/db';
import type { Records } from '../records/records';
import { ensureIdentity, readIdentity, type KioskIdentity } from './identity';

/**
 * The outbox in the records file (upstream.md): events made in the same
 * transaction as what they report, numbered per kiosk from 1 with no gaps,
 * kept until the receiver acknowledges them (`accepted` or `duplicate`).
 * Rejected events stay, with their code, until `outbox retry`.
 */

/** One event waiting to go. */
export interface OutboxEvent {
  seq: number;
  id: string;
  type: EventType;
  at: string;
  /** The exact JSON text that is signed. */
  payload: string;
  /** The compact JWS, once signed (the first delivery attempt signs). */
  jws: string | null;
}

/** What `passport-kiosk outbox` and doctor report. */
export interface OutboxSummary {
  pending: number;
  rejected: number;
  /** `at` of the oldest event waiting (pending or rejected), or null. */
  oldest: string | null;
  /** The last delivery attempt's error, or null when it succeeded (or none was made). */
  lastError: string | null;
  lastTryAt: string | null;
  /** Rejected events by code. */
  rejectedCodes: Record<string, number>;
  /** When the back-off allows the next automatic try, or null. */
  nextTryAt: string | null;
}

/** The last delivery attempt, kept across restarts (back-off and the status bar). */
export interface AttemptNote {
  at: string;
  ok: boolean;
  error: string | null;
  failures: number;
  nextTryAt: string | null;
}

interface Row {
  seq: number;
  id: string;
  type: EventType;
  at: string;
  payload: string;
  jws: string | null;
}

/** Read the outbox's figures through any records handle (read-only included). */
export function outboxSummary(db: ReadableRecordsDB | Database.Database): OutboxSummary {
  const counts = db.prepare("SELECT state, code, COUNT(*) AS n, MIN(at) AS oldest FROM outbox GROUP BY state, code").all() as {
    state: string;
    code: string | null;
    n: number;
    oldest: string;
  }[];
  const status = db.prepare('SELECT last_try_at, last_error, next_try_at FROM outbox_status WHERE id = 1').get() as
    | { last_try_at: string | null; last_error: string | null; next_try_at: string | null }
    | undefined;
  let pending = 0;
  let rejected = 0;
  let oldest: string | null = null;
  const rejectedCodes: Record<string, number> = {};
  for (const c of counts) {
    if (c.state === 'pending') pending += c.n;
    else {
      rejected += c.n;
      rejectedCodes[c.code ?? '?'] = (rejectedCodes[c.code ?? '?'] ?? 0) + c.n;
    }
    if (oldest === null || c.oldest < oldest) oldest = c.oldest;
  }
  return {
    pending,
    rejected,
    oldest,
    lastError: status?.last_error ?? null,
    lastTryAt: status?.last_try_at ?? null,
    rejectedCodes,
    nextTryAt: status?.next_try_at ?? null,
  };
}

/** The outbox over a writable records handle; statements prepared once. */
export class Outbox {
  private readonly nextSeq: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly selectPending: Database.Statement;
  private readonly updateJws: Database.Statement;
  private readonly deleteById: Database.Statement;
  private readonly rejectById: Database.Statement;
  private readonly selectUnsigned: Database.Statement;
  private readonly checkpointPayload: Database.Statement;
  private readonly ackCheckpoint: Database.Statement;
  private known: KioskIdentity | null = null;

  constructor(readonly db: WritableRecordsDB) {
    this.nextSeq = db.prepare('UPDATE kiosk_identity SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq');
    this.insert = db.prepare('INSERT INTO outbox (seq, id, type, at, payload) VALUES (?, ?, ?, ?, ?)');
    this.selectPending = db.prepare("SELECT seq, id, type, at, payload, jws FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?");
    this.updateJws = db.prepare('UPDATE outbox SET jws = ? WHERE seq = ?');
    this.deleteById = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.rejectById = db.prepare("UPDATE outbox SET state = 'rejected', code = ? WHERE id = ? AND state = 'pending'");
    this.selectUnsigned = db.prepare("SELECT seq, id, type, at, payload, jws FROM outbox WHERE state = 'pending' AND jws IS NULL ORDER BY seq LIMIT ?");
    this.checkpointPayload = db.prepare("SELECT payload FROM outbox WHERE id = ? AND type = 'checkpoint'");
    this.ackCheckpoint = db.prepare(
      'UPDATE outbox_status SET acked_checkpoint_seq = ?, acked_checkpoint_hash = ? WHERE id = 1 AND (acked_checkpoint_seq IS NULL OR acked_checkpoint_seq < ?)',
    );
  }

  /** The kiosk identity, made now if absent (with the config's `kioskId` when given). */
  identity(configuredId?: string, now = Date.now()): KioskIdentity {
    // Once made, the identity never changes: read it once per handle.
    this.known ??= readIdentity(this.db) ?? ensureIdentity(this.db, configuredId, now);
    return this.known;
  }

  /**
   * Queue one event: the next seq, a new id, the payload as the JSON text to
   * sign. Call it inside the transaction that writes what the event
   * reports, so the two commit together or not at all.
   */
  add(type: EventType, at: string, fields: Record<string, unknown>): { seq: number; id: string } {
    return this.db.transaction(() => {
      const kiosk = this.identity(undefined, Date.parse(at) || Date.now()).kioskId;
      const { last_seq: seq } = this.nextSeq.get() as { last_seq: number };
      const id = randomUUID();
      const payload = JSON.stringify({ v: 1, id, kiosk, seq, at, type, ...fields });
      this.insert.run(seq, id, type, at, payload);
      return { seq, id };
    })();
  }

  /** Up to `limit` pending events, oldest first. */
  pending(limit: number): OutboxEvent[] {
    return this.selectPending.all(limit) as Row[];
  }

  /** Up to `limit` pending events not yet signed, oldest first (the deliverer signs ahead while a batch is in flight). */
  unsigned(limit: number): OutboxEvent[] {
    return this.selectUnsigned.all(limit) as Row[];
  }

  /** Keep the signed form (signing is deterministic; this only saves signing again). */
  saveJws(events: readonly { seq: number; jws: string }[]): void {
    this.db.transaction(() => {
      for (const e of events) this.updateJws.run(e.jws, e.seq);
    })();
  }

  /**
   * Apply a receiver's answer in one transaction: acknowledged ids are
   * deleted (an acknowledged checkpoint is remembered for the audit purge),
   * rejected ones kept with their code.
   */
  applyResults(acked: readonly string[], rejected: readonly { id: string; code: string }[]): void {
    this.db.transaction(() => {
      for (const id of acked) {
        const cp = this.checkpointPayload.get(id) as { payload: string } | undefined;
        if (cp) {
          const p = JSON.parse(cp.payload) as { auditSeq: number; auditHead: string };
          this.ackCheckpoint.run(p.auditSeq, p.auditHead, p.auditSeq);
        }
        this.deleteById.run(id);
      }
      for (const r of rejected) this.rejectById.run(r.code, r.id);
    })();
  }

  /** Rejected events become pending again (`outbox retry`); returns how many. */
  retry(): number {
    return this.db.prepare("UPDATE outbox SET state = 'pending', code = NULL WHERE state = 'rejected'").run().changes;
  }

  /** Remember the last attempt (status bar, doctor, the back-off across restarts). */
  noteAttempt(note: AttemptNote): void {
    this.db
      .prepare('UPDATE outbox_status SET last_try_at = ?, last_ok = ?, last_error = ?, failures = ?, next_try_at = ? WHERE id = 1')
      .run(note.at, note.ok ? 1 : 0, note.error, note.failures, note.nextTryAt);
  }

  /** Consecutive failed attempts so far (the back-off's exponent). */
  failures(): number {
    return (this.db.prepare('SELECT failures FROM outbox_status WHERE id = 1').get() as { failures: number }).failures;
  }

  summary(): OutboxSummary {
    return outboxSummary(this.db);
  }

  /**
   * Add a `checkpoint` event when the audit chain has grown since the last
   * one (upstream.md): one transaction, so a kill never makes two.
   */
  addCheckpointIfGrown(head: { seq: number; hash: string } | null, at: string): boolean {
    if (!head) return false;
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT checkpoint_seq FROM outbox_status WHERE id = 1').get() as { checkpoint_seq: number | null };
      if (last.checkpoint_seq !== null && last.checkpoint_seq >= head.seq) return false;
      this.add('checkpoint', at, { auditSeq: head.seq, auditHead: head.hash });
      this.db.prepare('UPDATE outbox_status SET checkpoint_seq = ?, checkpoint_hash = ? WHERE id = 1').run(head.seq, head.hash);
      return true;
    })();
  }

  /** The last checkpoint the receiver acknowledged (the audit purge never goes past it), or null. */
  acknowledgedCheckpoint(): { seq: number; hash: string } | null {
    const r = this.db.prepare('SELECT acked_checkpoint_seq AS seq, acked_checkpoint_hash AS hash FROM outbox_status WHERE id = 1').get() as {
      seq: number | null;
      hash: string | null;
    };
    return r.seq === null || r.hash === null ? null : { seq: r.seq, hash: r.hash };
  }
}

const outboxes = new WeakMap<WritableRecordsDB, Outbox>();

/** The outbox of an open records file (one per handle, statements prepared once). */
export function outboxOf(records: Records): Outbox {
  let o = outboxes.get(records.db);
  if (!o) {
    o = new Outbox(records.db);
    outboxes.set(records.db, o);
  }
  return o;
}
