import { classifyPayload, lookupKeys, type BadgeKey } from './scan';
import { verifyRecordJws, verifyTokenJws, type TrustIndex } from './jws';
import { reachVerdict, type Identification, type Verdict } from './verdict';
import type { SitePolicy } from './schemas/policy';
import { isErased } from './schemas/passport';

/** A passport as the cache holds it: the compact JWS exactly as received, plus lookup columns. */
export interface StoredPassport {
  id: string;
  iss: string;
  rev: number;
  erased: boolean;
  jws: string | null;
}

/**
 * What the verdict flow needs from the cache. Implemented by main/cache over
 * SQLite and by in-memory stores in tests.
 */
export interface PassportStore {
  /** The trust list and manifest times of the last completed sync, or null before the first. */
  snapshot(): { trust: TrustIndex; published: string; expires: string } | null;
  /** Non-erased passports carrying any of these badges, one per distinct id. */
  findByBadges(keys: readonly BadgeKey[]): StoredPassport[];
  /** The passport with this id, erased or not, or null. */
  findById(id: string): StoredPassport | null;
}

export interface ScanResult {
  verdict: Verdict;
  /** The class scan.md gave the payload, or null when it was rejected before lookup. */
  kind: 'token' | 'nfc' | 'badge' | null;
}

/**
 * The whole path from a raw payload to a verdict: classify (scan.md), look
 * up, re-verify the stored record against the current trust list, decide
 * (verdict.md). `now` is ms since the epoch.
 */
export async function verdictForPayload(
  raw: string,
  store: PassportStore,
  policy: SitePolicy,
  now: number,
): Promise<ScanResult> {
  const data = store.snapshot();
  const ctx = {
    policy,
    now,
    dataPublished: data?.published ?? null,
    dataExpires: data?.expires ?? null,
    issuerName: (iss: string) => data?.trust.issuerName(iss),
  };
  const c = classifyPayload(raw);
  const kind = c.kind === 'rejected' ? null : c.kind;
  const done = (id: Identification): ScanResult => ({ verdict: reachVerdict(id, ctx), kind });

  if (!data) return done({ kind: 'unidentified', code: 'NO_DATA' });
  if (c.kind === 'rejected') return done({ kind: 'unidentified', code: 'BADGE_UNKNOWN' });

  let stored: StoredPassport;
  let tokenRev: number | undefined;
  if (c.kind === 'token') {
    const t = await verifyTokenJws(c.payload, data.trust, now);
    if (!t.ok) return done({ kind: 'token-refused', code: t.code });
    const found = store.findById(t.token.pid);
    if (!found || found.erased || found.jws === null) return done({ kind: 'unidentified', code: 'PASSPORT_NOT_IN_CACHE' });
    if (found.iss !== t.token.iss) return done({ kind: 'token-refused', code: 'KEY_UNTRUSTED' });
    stored = found;
    tokenRev = t.token.rev;
  } else {
    const hits = store.findByBadges(lookupKeys(c));
    if (hits.length === 0) return done({ kind: 'unidentified', code: 'BADGE_UNKNOWN' });
    if (hits.length > 1) return done({ kind: 'unidentified', code: 'BADGE_AMBIGUOUS' });
    stored = hits[0]!;
  }

  const check = stored.jws === null ? null : await verifyRecordJws(stored.jws, data.trust);
  if (!check || !check.ok || isErased(check.record) || check.record.id !== stored.id) {
    const code = check && !check.ok && check.code === 'KEY_UNTRUSTED' ? 'KEY_UNTRUSTED' : 'SIGNATURE_INVALID';
    return done({ kind: 'untrusted', code, rev: stored.rev, ...(tokenRev !== undefined && { tokenRev }) });
  }
  return done({ kind: 'passport', record: check.record, ...(tokenRev !== undefined && { tokenRev }) });
}
