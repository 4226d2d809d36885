import type Database from 'better-sqlite3';
import { hash as oneShotHash } from 'node:crypto';
import {
  auditHashedText,
  canonicalJson,
  toHex,
  ZERO_HASH,
  type AuditActor,
  type AuditDetail,
  type AuditType,
  type ChainStart,
  type StoredAuditRow,
} from '../../core/audit/chain';
import type { ReadableRecordsDB, WritableRecordsDB } from './db';

/**
 * The audit chain in the records (operations.md "Audit chain"): appending
 * (hash = SHA-256(prev ‖ JCS of the entry), computed here with node:crypto
 * so the scan path stays synchronous and fast) and reading it back for
 * `audit verify`, `audit export`, the clock's floor and the checkpoints.
 *
 * An append belongs in the same records transaction as what it records:
 * call it inside `records.transaction`. (Called outside one, it makes its
 * own, so the read of the head and the insert are still one step.)
 */

/** SHA-256(prev ‖ UTF-8 of text). */
export function chainHash(prev: Uint8Array, text: string): Uint8Array {
  // One-shot hashing of one buffer is about twice as fast as a Hash object for inputs this small (audit verify walks millions).
  return oneShotHash('sha256', Buffer.concat([prev, Buffer.from(text, 'utf8')]), 'buffer');
}

/** What the caller records; `seq`, `prev` and `hash` are the chain's. */
export interface NewAuditEntry {
  /** RFC 3339 UTC (normalised to `toISOString` form, so entries sort by text). */
  at: string | number;
  type: AuditType;
  actor: AuditActor;
  /** Never a PIN, never the payload of a badge the kiosk did not recognise. */
  detail: AuditDetail;
}

/** The chain's head: what a `checkpoint` event carries (upstream.md). */
export interface AuditHead {
  seq: number;
  /** Lower-case hex of the entry's hash. */
  hash: string;
}

/** One entry as read back, detail parsed. */
export interface AuditEntry {
  seq: number;
  at: string;
  type: string;
  actor: string;
  detail: AuditDetail;
  hash: string;
}

interface RawRow {
  seq: number;
  at: string;
  type: string;
  actor: string;
  detail: string;
  prev: Buffer;
  hash: Buffer;
}

/** Reading the chain (verify, export, doctor, the clock floor). */
export interface AuditReads {
  /** The last entry's seq and hash, or null when the chain is empty. */
  head(): AuditHead | null;
  /** The latest `at` in the chain (by time, not seq), or null. */
  latestAt(): string | null;
  /** Where the chain starts after a purge (the last purged entry), or null. */
  anchor(): ChainStart | null;
  /** Every stored row in seq order, streamed. */
  rows(): IterableIterator<StoredAuditRow>;
  /** Entries with `from` ≤ at < `to` (either optional), in seq order, streamed. */
  entries(range?: { from?: string; to?: string }): IterableIterator<AuditEntry>;
  count(): number;
}

/** Appending: what the services need. */
export interface AuditRepo extends AuditReads {
  append(entry: NewAuditEntry): AuditHead;
}

const iso = (at: string | number): string => {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) throw new Error(`audit: ${String(at)} is not a time`);
  return new Date(ms).toISOString();
};

/** The chain over a read-only (or writable) records handle. */
export class AuditReader implements AuditReads {
  private readonly headStmt: Database.Statement<[], { seq: number; hash: Buffer }>;
  private readonly latestStmt: Database.Statement<[], { at: string | null }>;
  private readonly anchorStmt: Database.Statement<[], { seq: number; hash: Buffer }>;
  private readonly pageStmt: Database.Statement<[number, number], unknown[]>;
  private readonly countStmt: Database.Statement<[], { n: number }>;

  constructor(protected readonly db: ReadableRecordsDB) {
    this.headStmt = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.latestStmt = db.prepare('SELECT MAX(at) AS at FROM audit');
    this.anchorStmt = db.prepare('SELECT seq, hash FROM audit_anchor ORDER BY seq DESC LIMIT 1');
    // Paged, raw rows: several times faster than stepping a cursor row by row over a million entries.
    this.pageStmt = db.prepare('SELECT seq, at, type, actor, detail, prev, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?').raw(true) as unknown as Database.Statement<
      [number, number],
      unknown[]
    >;
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM audit');
  }

  head(): AuditHead | null {
    const r = this.headStmt.get();
    return r ? { seq: r.seq, hash: toHex(r.hash) } : null;
  }

  latestAt(): string | null {
    return this.latestStmt.get()?.at ?? null;
  }

  anchor(): ChainStart | null {
    const r = this.anchorStmt.get();
    return r ? { seq: r.seq, hash: new Uint8Array(r.hash) } : null;
  }

  *rows(): IterableIterator<StoredAuditRow> {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = this.pageStmt.all(after, 5000) as [number, string, string, string, string, Buffer, Buffer][];
      for (const [seq, at, type, actor, detail, prev, hash] of page) yield { seq, at, type, actor, detail, prev, hash };
      if (page.length < 5000) return;
      after = page[page.length - 1]![0];
    }
  }

  *entries(range: { from?: string; to?: string } = {}): IterableIterator<AuditEntry> {
    const where: string[] = [];
    const args: string[] = [];
    if (range.from !== undefined) {
      where.push('at >= ?');
      args.push(range.from);
    }
    if (range.to !== undefined) {
      where.push('at < ?');
      args.push(range.to);
    }
    const sql = `SELECT seq, at, type, actor, detail, hash FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    for (const r of this.db.prepare(sql).iterate(...args) as IterableIterator<Omit<RawRow, 'prev'>>) {
      yield { seq: r.seq, at: r.at, type: r.type, actor: r.actor, detail: JSON.parse(r.detail) as AuditDetail, hash: toHex(r.hash) };
    }
  }

  count(): number {
    return this.countStmt.get()!.n;
  }
}

/** The chain over a writable records handle. */
export class AuditWriter extends AuditReader implements AuditRepo {
  private readonly insert: Database.Statement<[number, string, string, string, string, Buffer, Buffer]>;
  private readonly lastStmt: Database.Statement<[], { seq: number; hash: Buffer }>;
  private readonly appendTx: Database.Transaction<(entry: NewAuditEntry) => AuditHead>;

  constructor(db: WritableRecordsDB) {
    super(db);
    this.insert = db.prepare('INSERT INTO audit (seq, at, type, actor, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // The head after a purge that left nothing but its anchor: the anchor.
    this.lastStmt = db.prepare(
      'SELECT seq, hash FROM (SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1) UNION ALL SELECT seq, hash FROM audit_anchor ORDER BY seq DESC LIMIT 1',
    );
    this.appendTx = db.transaction((entry: NewAuditEntry) => this.appendNow(entry));
  }

  append(entry: NewAuditEntry): AuditHead {
    return this.db.inTransaction ? this.appendNow(entry) : this.appendTx.immediate(entry);
  }

  private appendNow(entry: NewAuditEntry): AuditHead {
    const last = this.lastStmt.get();
    const seq = (last?.seq ?? 0) + 1;
    const prev = last ? last.hash : Buffer.from(ZERO_HASH);
    const at = iso(entry.at);
    const detail = canonicalJson(entry.detail);
    const hash = Buffer.from(chainHash(prev, auditHashedText({ seq, at, type: entry.type, actor: entry.actor, detail: entry.detail })));
    this.insert.run(seq, at, entry.type, entry.actor, detail, prev, hash);
    return { seq, hash: toHex(hash) };
  }
}
