import canonicalize from 'canonicalize';

/**
 * The audit chain's rules (operations.md "Audit chain"), pure: what an
 * entry is, the exact text its hash covers, and the walk that names the
 * first fault. Hashing itself is passed in (core has no crypto of its own
 * that is synchronous), so the scan path hashes with node:crypto at once
 * and a test can recompute the chain with its own SHA-256.
 */

export const AUDIT_ACTORS = ['reception', 'lead', 'admin', 'system'] as const;
export type AuditActor = (typeof AUDIT_ACTORS)[number];

/** What the kiosk records (the `type` column). */
export const AUDIT_TYPES = ['scan', 'session', 'pin', 'role', 'admin', 'sync', 'clock', 'purge'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** A JSON object: the entry's `detail`. Never a PIN, never an unrecognised badge's payload. */
export type AuditDetail = { [key: string]: unknown };

/** The part of an entry its hash covers. */
export interface AuditContent {
  seq: number;
  /** RFC 3339 UTC. */
  at: string;
  type: string;
  actor: string;
  detail: AuditDetail;
}

/** The hash length and the `prev` of the first entry ever. */
export const AUDIT_HASH_BYTES = 32;
export const ZERO_HASH: Uint8Array = new Uint8Array(AUDIT_HASH_BYTES);

/** RFC 8785 (JCS) of a JSON value; throws on what JSON cannot hold (NaN, lone surrogates, cycles). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('not a JSON value');
  return text;
}

/**
 * The text an entry's hash covers: JCS of `{"seq","at","type","actor","detail"}`
 * with `detail` as the object. The hash is SHA-256(prev ‖ UTF-8 of this).
 */
export function auditHashedText(entry: AuditContent): string {
  return canonicalJson({ seq: entry.seq, at: entry.at, type: entry.type, actor: entry.actor, detail: entry.detail });
}

/** SHA-256(prev ‖ UTF-8 of text), supplied by the caller. */
export type ChainHash = (prev: Uint8Array, text: string) => Uint8Array;

/** One stored row, as `audit verify` reads it (`detail` as stored text). */
export interface StoredAuditRow {
  seq: number;
  at: string;
  type: string;
  actor: string;
  detail: string;
  prev: Uint8Array;
  hash: Uint8Array;
}

export type AuditFaultCode = 'EDITED' | 'MISSING' | 'TRUNCATED';

export type ChainVerdict =
  | { ok: true; entries: number; first: number | null; last: number | null; head: Uint8Array }
  | { ok: false; code: AuditFaultCode; seq: number; message: string };

/** Where the chain starts: the purge's anchor (the last purged entry), or nothing purged yet. */
export interface ChainStart {
  seq: number;
  hash: Uint8Array;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** A 64-digit hex hash, or null. */
export function fromHex(hex: string): Uint8Array | null {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const out = new Uint8Array(AUDIT_HASH_BYTES);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function detailObject(text: string): AuditDetail | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as AuditDetail) : null;
  } catch {
    return null;
  }
}

/**
 * Walk the chain in seq order and name the first fault (operations.md):
 * `MISSING` for a seq gap (the first missing seq), `EDITED` for an entry
 * whose hash does not match its content and the previous entry's hash (that
 * entry's seq; a stored `prev` that is not the previous hash is an edit of
 * that entry too), `TRUNCATED` for an anchor held elsewhere that lies past
 * the last entry or whose hash differs.
 */
export function verifyChain(
  rows: Iterable<StoredAuditRow>,
  hash: ChainHash,
  start: ChainStart | null,
  anchor: ChainStart | null = null,
): ChainVerdict {
  let expectedSeq = start ? start.seq + 1 : 1;
  let prev = start ? start.hash : ZERO_HASH;
  let entries = 0;
  let first: number | null = null;
  let anchorSeen = anchor !== null && start !== null && anchor.seq <= start.seq;
  if (anchor && start && anchor.seq === start.seq && !sameBytes(anchor.hash, start.hash)) {
    return truncated(anchor, 'the anchor does not match the purge anchor at that seq');
  }
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      if (row.seq > expectedSeq) {
        return { ok: false, code: 'MISSING', seq: expectedSeq, message: `audit entry ${expectedSeq} is missing (the next entry is ${row.seq})` };
      }
      return { ok: false, code: 'EDITED', seq: row.seq, message: `audit entry ${row.seq} is out of order` };
    }
    const detail = detailObject(row.detail);
    const ok =
      detail !== null &&
      sameBytes(row.prev, prev) &&
      sameBytes(hash(prev, auditHashedText({ seq: row.seq, at: row.at, type: row.type, actor: row.actor, detail })), row.hash);
    if (!ok) {
      return { ok: false, code: 'EDITED', seq: row.seq, message: `audit entry ${row.seq} has been changed: its hash does not match its content and the entry before it` };
    }
    if (anchor && anchor.seq === row.seq) {
      if (!sameBytes(anchor.hash, row.hash)) return truncated(anchor, `entry ${row.seq}'s hash differs from the anchor`);
      anchorSeen = true;
    }
    first ??= row.seq;
    prev = row.hash;
    entries++;
    expectedSeq++;
  }
  if (anchor && !anchorSeen) return truncated(anchor, `the chain ends at ${expectedSeq - 1}, before the anchor`);
  return { ok: true, entries, first, last: first === null ? null : expectedSeq - 1, head: prev };
}

function truncated(anchor: ChainStart, why: string): ChainVerdict {
  return { ok: false, code: 'TRUNCATED', seq: anchor.seq, message: `the audit chain does not reach anchor ${anchor.seq}: ${why}` };
}
