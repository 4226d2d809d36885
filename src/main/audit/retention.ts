import { toHex, type AuditActor } from '../../core/audit/chain';
import type { Records } from '../records/records';
import { outboxOf } from '../upstream/outbox';

/**
 * The retention purge (operations.md "Retention"), one records transaction:
 *
 * - audit entries older than `retentionDays` go, as a prefix of the chain
 *   (the chain is ordered by seq, so the purge stops at the first entry that
 *   is not old enough), never past the last checkpoint the receiver has
 *   acknowledged when an upstream is in use; `audit_anchor` keeps the seq
 *   and hash of the last entry removed;
 * - scan-log rows older than `retentionDays` go, except those an arrival
 *   still points at (the register keeps them until it goes itself);
 * - registers of sessions closed more than `registerDays` ago go whole
 *   (session, roster, arrivals, close-time pre-check, marks);
 * - the purge itself is an entry.
 *
 * The triggers refuse these deletes except within what `purge_guard` names
 * (migrations/004-audit.ts); the guard is set and cleared inside this
 * transaction, so it never stays open.
 */

/** The checkpoints the receiver acknowledged (upstream.md): the outbox, or a stand-in in tests. */
export interface CheckpointAcks {
  /** The audit seq of the last acknowledged checkpoint, or null when none has been. */
  lastAcknowledgedCheckpoint(): number | null;
}

export { REGISTER_DAYS_DEFAULT, RETENTION_DAYS } from './retention-days';

export interface PurgeOptions {
  now: number;
  retentionDays: number;
  registerDays: number;
  /** Null when no upstream is in use; else the purge never passes its last acknowledged checkpoint. */
  upstream: CheckpointAcks | null;
  actor?: AuditActor;
}

export interface PurgeResult {
  ok: true;
  /** Audit entries removed. */
  purged: number;
  /** Where the chain now starts (the last entry ever removed), or null when none ever has been. */
  anchor: { seq: number; hash: string } | null;
  scanLog: number;
  sessions: number;
  /** True when the acknowledged checkpoint stopped the audit purge short of what retention allows. */
  heldByCheckpoint: boolean;
}

const DAY = 86_400_000;

/**
 * The receiver's acknowledgements from the outbox (upstream.md), or null
 * when no upstream is in use: one is when the machine config names one
 * (`configured`), or once a checkpoint has gone out (`audit purge` is given
 * only the records file, so the file itself must then say).
 */
export function outboxCheckpoints(records: Records, configured: boolean): CheckpointAcks | null {
  const row = records.db.prepare('SELECT checkpoint_seq FROM outbox_status WHERE id = 1').get() as { checkpoint_seq: number | null } | undefined;
  if (!configured && (row?.checkpoint_seq ?? null) === null) return null;
  const outbox = outboxOf(records);
  return { lastAcknowledgedCheckpoint: () => outbox.acknowledgedCheckpoint()?.seq ?? null };
}

export function purgeRetention(records: Records, options: PurgeOptions): PurgeResult {
  const { db } = records;
  const auditCutoff = new Date(options.now - options.retentionDays * DAY).toISOString();
  const registerCutoff = new Date(options.now - options.registerDays * DAY).toISOString();
  return records.transaction((): PurgeResult => {
    // The chain's prefix older than the cutoff: up to the entry before the first that is not.
    const firstKept = db.prepare('SELECT MIN(seq) AS seq FROM audit WHERE at >= ?').get(auditCutoff) as { seq: number | null };
    const last = db.prepare('SELECT MAX(seq) AS seq FROM audit').get() as { seq: number | null };
    let upto = firstKept.seq !== null ? firstKept.seq - 1 : (last.seq ?? 0);
    let heldByCheckpoint = false;
    if (options.upstream) {
      const acked = options.upstream.lastAcknowledgedCheckpoint() ?? 0;
      if (acked < upto) {
        upto = acked;
        heldByCheckpoint = true;
      }
    }
    const before = records.audit.anchor();
    let purged = 0;
    if (upto > (before?.seq ?? 0)) {
      const edge = db.prepare('SELECT seq, hash FROM audit WHERE seq = ?').get(upto) as { seq: number; hash: Buffer } | undefined;
      if (edge) {
        db.prepare('UPDATE purge_guard SET audit_upto = ? WHERE id = 1').run(upto);
        db.prepare('DELETE FROM audit_anchor').run();
        db.prepare('INSERT INTO audit_anchor (seq, hash) VALUES (?, ?)').run(edge.seq, edge.hash);
        purged = db.prepare('DELETE FROM audit WHERE seq <= ?').run(upto).changes;
        db.prepare('UPDATE purge_guard SET audit_upto = 0 WHERE id = 1').run();
      }
    }

    // Registers of sessions closed more than registerDays ago.
    const old = db.prepare("SELECT id FROM sessions WHERE state = 'closed' AND closed_at < ?").all(registerCutoff) as { id: string }[];
    if (old.length > 0) {
      db.prepare('UPDATE purge_guard SET registers_before = ? WHERE id = 1').run(registerCutoff);
      for (const { id } of old) {
        db.prepare('DELETE FROM marks WHERE session_id = ?').run(id);
        db.prepare('DELETE FROM arrivals WHERE session_id = ?').run(id);
        db.prepare('DELETE FROM precheck_lines WHERE session_id = ?').run(id);
        db.prepare('DELETE FROM roster_rows WHERE session_id = ?').run(id);
        db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
      }
      db.prepare('UPDATE purge_guard SET registers_before = NULL WHERE id = 1').run();
    }

    // Scan-log rows past retention, except those an arrival (a register still kept) points at.
    const scanLog = db
      .prepare('DELETE FROM scan_log WHERE at < ? AND NOT EXISTS (SELECT 1 FROM arrivals a WHERE a.scan_id = scan_log.id)')
      .run(auditCutoff).changes;

    const after = records.audit.anchor();
    const anchor = after ? { seq: after.seq, hash: toHex(after.hash) } : null;
    records.audit.append({
      at: options.now,
      type: 'purge',
      actor: options.actor ?? 'system',
      detail: {
        retentionDays: options.retentionDays,
        registerDays: options.registerDays,
        audit: purged,
        anchor,
        scanLog,
        sessions: old.length,
        heldByCheckpoint,
      },
    });
    return { ok: true, purged, anchor, scanLog, sessions: old.length, heldByCheckpoint };
  });
}
