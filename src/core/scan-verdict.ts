import { classifyPayload, lookupKeys, type BadgeKey } from './scan';
import { verifyRecordJws, verifyTokenJws, type TrustIndex } from './jws';
import { reachVerdict, type Identification, type Verdict, type VerdictContext } from './verdict';
import type { SitePolicy } from './schemas/policy';
import { isErased, type LivePassport } from './schemas/passport';

/** A passport as the cache holds it: the compact JWS exactly as received (null once erased), plus lookup columns. */
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
  /**
   * The trusted record the verdict is about (verdict step 2 passed), for
   * callers that need more than the verdict shows: a session's roster is
   * matched by the passport's badge values (sessions.md). Absent otherwise.
   */
  record?: LivePassport;
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
  clock: ClockFloor = {},
): Promise<ScanResult> {
  const data = store.snapshot();
  const ctx = contextFor(data, policy, now, clock);
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
  return { ...(await verdictForStored(stored, data, ctx, tokenRev)), kind };
}

type Snapshot = NonNullable<ReturnType<PassportStore['snapshot']>>;

/** Step 2 onwards for a stored record: re-verify against the current trust list, then decide. */
async function verdictForStored(
  stored: StoredPassport,
  data: Snapshot,
  ctx: VerdictContext,
  tokenRev: number | undefined,
): Promise<Omit<ScanResult, 'kind'>> {
  const check = stored.jws === null ? null : await verifyRecordJws(stored.jws, data.trust);
  if (!check || !check.ok || isErased(check.record) || check.record.id !== stored.id) {
    const code = check && !check.ok && check.code === 'KEY_UNTRUSTED' ? 'KEY_UNTRUSTED' : 'SIGNATURE_INVALID';
    return { verdict: reachVerdict({ kind: 'untrusted', code, rev: stored.rev, ...(tokenRev !== undefined && { tokenRev }) }, ctx) };
  }
  const record = check.record;
  return { verdict: reachVerdict({ kind: 'passport', record, ...(tokenRev !== undefined && { tokenRev }) }, ctx), record };
}

/**
 * The verdict for a passport named by its id rather than scanned (a
 * session's pre-check of a roster row that gives a `passport` id): the same
 * steps as a scan that found this record. `PASSPORT_NOT_IN_CACHE` when the
 * cache does not hold it (or holds it erased).
 */
export async function verdictForPassportId(
  id: string,
  store: PassportStore,
  policy: SitePolicy,
  now: number,
  clock: ClockFloor = {},
): Promise<Omit<ScanResult, 'kind'>> {
  const data = store.snapshot();
  const ctx = contextFor(data, policy, now, clock);
  if (!data) return { verdict: reachVerdict({ kind: 'unidentified', code: 'NO_DATA' }, ctx) };
  const found = store.findById(id);
  if (!found || found.erased || found.jws === null) {
    return { verdict: reachVerdict({ kind: 'unidentified', code: 'PASSPORT_NOT_IN_CACHE' }, ctx) };
  }
  return verdictForStored(found, data, ctx, undefined);
}

/**
 * What else the clock check needs: when *now* comes from the real clock,
 * the latest `at` in the kiosk's audit chain (ms), which joins the last
 * manifest's `published` in the trusted floor (operations.md "The clock").
 */
export interface ClockFloor {
  auditFloor?: number | null;
}

function contextFor(data: Snapshot | null, policy: SitePolicy, now: number, clock: ClockFloor): VerdictContext {
  return {
    policy,
    now,
    dataPublished: data?.published ?? null,
    dataExpires: data?.expires ?? null,
    auditFloor: clock.auditFloor ?? null,
    issuerName: (iss: string) => data?.trust.issuerName(iss),
  };
}
