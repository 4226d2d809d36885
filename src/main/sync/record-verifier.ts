import { checkProtectedHeader, isCompactJws, JWS_TYP, keyAllows, TrustIndex } from '../../core/jws';
import type { SkipCode } from '../../core/codes';
import { isErased, parsePassport } from '../../core/schemas/passport';
import type { TrustList } from '../../core/schemas/trust-list';
import type { RecordMeta } from '../cache/cache-writer';
import { sodiumEd25519 } from '../crypto/ed25519';

/**
 * Record verification for sync, on the hot path (1.5 M records): the same
 * rules, in the same order, as the core's `verifyRecordJws` (passport.md,
 * "trusted"), but synchronous: libsodium's Ed25519 (`sodiumEd25519`, which
 * the cache's scans also use) without a promise per record. Scans still use
 * the core's function; a unit test holds the two to the same answers.
 */

/** Lines longer than this are refused unread (feed.md). */
export const MAX_LINE_BYTES = 64 * 1024;

/** One line's verdict: the record's lookup columns, or why it is skipped. */
export type LineResult = RecordMeta | SkipCode;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Verifies record lines against one trust list. */
export class RecordVerifier {
  readonly index: TrustIndex;

  constructor(trust: TrustList) {
    this.index = new TrustIndex(trust, sodiumEd25519);
  }

  /** Verify one compact JWS line (feed.md step 4). */
  verify(line: string): LineResult {
    if (line.length > MAX_LINE_BYTES) return 'RECORD_INVALID';
    if (!isCompactJws(line)) return 'SIGNATURE_INVALID';
    const dot1 = line.indexOf('.');
    const dot2 = line.indexOf('.', dot1 + 1);
    let header: unknown;
    try {
      header = JSON.parse(utf8.decode(Buffer.from(line.slice(0, dot1), 'base64url')));
    } catch {
      return 'SIGNATURE_INVALID';
    }
    const checked = checkProtectedHeader(header, JWS_TYP.record);
    if (!checked.ok) return checked.code;
    const kid = checked.kid;
    const key = this.index.key(kid);
    if (!key) return 'KEY_UNTRUSTED';
    const signature = Buffer.from(line.slice(dot2 + 1), 'base64url');
    if (!sodiumEd25519(key.jwk, Buffer.from(line.slice(0, dot2), 'latin1'), signature)) return 'SIGNATURE_INVALID';
    let data: unknown;
    try {
      data = JSON.parse(utf8.decode(Buffer.from(line.slice(dot1 + 1, dot2), 'base64url')));
    } catch {
      return 'RECORD_INVALID';
    }
    const parsed = parsePassport(data);
    if (!parsed.ok) return 'RECORD_INVALID';
    const record = parsed.value;
    if (keyAllows(key, record.iss, Date.parse(record.issuedAt))) return 'KEY_UNTRUSTED';
    return {
      id: record.id,
      iss: record.iss,
      rev: record.rev,
      status: record.status,
      badges: isErased(record) ? [] : record.badges.map((b) => [b.type, b.value]),
    };
  }
}
