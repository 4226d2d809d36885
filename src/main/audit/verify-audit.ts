import { fromHex, toHex, verifyChain, type ChainStart, type ChainVerdict } from '../../core/audit/chain';
import type { AuditReads } from '../records/audit-repo';
import { chainHash } from '../records/audit-repo';

/**
 * `audit verify` (operations.md): walk the records' chain from its purge
 * anchor (or the zero hash) and name the first fault; with an anchor held
 * elsewhere (a checkpoint, upstream.md), also check the chain reaches it.
 */

/** cli.md's JSON for `audit verify`. */
export type AuditVerifyJson =
  | { ok: true; entries: number; first: number | null; last: number | null; head: string }
  | { ok: false; code: 'EDITED' | 'MISSING' | 'TRUNCATED'; seq: number; message: string };

export function verifyAudit(audit: AuditReads, anchor: ChainStart | null = null): AuditVerifyJson {
  const v: ChainVerdict = verifyChain(audit.rows(), chainHash, audit.anchor(), anchor);
  if (!v.ok) return v;
  return { ok: true, entries: v.entries, first: v.first, last: v.last, head: toHex(v.head) };
}

/** Parse `SEQ:HEX` (a checkpoint's `auditSeq` and `auditHead`), or null when it is not one. */
export function parseAnchor(text: string): ChainStart | null {
  const m = /^([1-9][0-9]{0,15}):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!m) return null;
  return { seq: Number(m[1]), hash: fromHex(m[2]!)! };
}
