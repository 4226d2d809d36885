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

/** Distinct protected headers remembered at once (a real feed has one per issuer key). */
const MAX_HEADERS = 1024;

/** A record's protected header (base64url text), checked by the rules every JWS kind shares. */
function headerVerdict(b64: string): { kid: string } | SkipCode {
  let header: unknown;
  try {
    header = JSON.parse(utf8.decode(Buffer.from(b64, 'base64url')));
  } catch {
    return 'SIGNATURE_INVALID';
  }
  const checked = checkProtectedHeader(header, JWS_TYP.record);
  return checked.ok ? { kid: checked.kid } : checked.code;
}

/** Verifies record lines against one trust list. */
export class RecordVerifier {
  readonly index: TrustIndex;

  private scratch = Buffer.alloc(0);
  private readonly headers = new Map<string, { kid: string } | SkipCode>();

  constructor(trust: TrustList) {
    this.index = new TrustIndex(trust, sodiumEd25519);
  }

  /** The reused buffer, at least `bytes` long (a line is at most 64 KiB). */
  private scratchFor(bytes: number): Buffer {
    if (this.scratch.length < bytes) this.scratch = Buffer.allocUnsafe(Math.max(bytes, 4096));
    return this.scratch;
  }

  /**
   * The protected header's verdict: its `kid`, or why the line is refused.
   * A feed's lines share a few headers (one per issuer key), so the answer is
   * kept per header text; the map is emptied if a feed has unusually many.
   */
  private checkHeader(b64: string): { kid: string } | SkipCode {
    let known = this.headers.get(b64);
    if (known === undefined) {
      known = headerVerdict(b64);
      if (this.headers.size >= MAX_HEADERS) this.headers.clear();
      this.headers.set(b64, known);
    }
    return known;
  }

  /** Verify one compact JWS line (feed.md step 4). */
  verify(line: string): LineResult {
    if (line.length > MAX_LINE_BYTES) return 'RECORD_INVALID';
    if (!isCompactJws(line)) return 'SIGNATURE_INVALID';
    const dot1 = line.indexOf('.');
    const dot2 = line.indexOf('.', dot1 + 1);
    const checked = this.checkHeader(line.slice(0, dot1));
    if (typeof checked !== 'object') return checked;
    const kid = checked.kid;
    const key = this.index.key(kid);
    if (!key) return 'KEY_UNTRUSTED';
    const signature = Buffer.from(line.slice(dot2 + 1), 'base64url');
    // The signing input and the payload's bytes are written into one reused
    // buffer: two fewer allocations of a record's size each.
    const scratch = this.scratchFor(dot2);
    scratch.write(line, 0, dot2, 'latin1');
    if (!sodiumEd25519(key.jwk, scratch.subarray(0, dot2), signature)) return 'SIGNATURE_INVALID';
    let data: unknown;
    try {
      const n = scratch.write(line.slice(dot1 + 1, dot2), 0, 'base64url');
      data = JSON.parse(utf8.decode(scratch.subarray(0, n)));
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
