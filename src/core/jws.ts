import { base64url, decodeProtectedHeader, importJWK } from 'jose';
import type { Ed25519PublicJwk } from './schemas/common';
import { parsePassport, type Passport } from './schemas/passport';
import type { TrustList } from './schemas/trust-list';
import { tokenPayloadSchema, type TokenPayload } from './schemas/token';
import { manifestSchema, type Manifest } from './schemas/feed';
import { describeZodError } from './schemas/common';

/**
 * Signature checks for the three kinds of compact JWS the kiosk meets
 * (passport records, QR tokens, feed manifests). Only `EdDSA` with Ed25519
 * keys is accepted; the key always comes from the trust list or the pinned
 * hub keys, never from the JWS itself; `typ` keeps the kinds apart.
 */

// TextDecoder and TextEncoder are web-platform globals in Node, browsers and
// Electron alike; core's tsconfig has no DOM lib, so they are reached through
// globalThis.
type Utf8Decoder = { decode(bytes: Uint8Array): string };
const utf8 = new (globalThis as unknown as { TextDecoder: new (label: string, opts: { fatal: boolean }) => Utf8Decoder })
  .TextDecoder('utf-8', { fatal: true });
const ascii = new (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } }).TextEncoder();

export const JWS_TYP = {
  record: 'passport+jws',
  token: 'passport-token+jws',
  manifest: 'passport-feed+jws',
  /** A kiosk's attendance event (upstream.md). */
  event: 'kiosk-event+jws',
} as const;

/** Members of a protected header that would let a JWS name its own key. */
const SELF_KEYING_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export type JwsFailureCode = 'SIGNATURE_INVALID' | 'KEY_UNTRUSTED';
export interface JwsFailure<C extends string = JwsFailureCode> {
  ok: false;
  code: C;
  detail: string;
}

type KeyLike = Awaited<ReturnType<typeof importJWK>>;
const importedKeys = new Map<string, Promise<KeyLike>>();

/** Import (once per public key) an Ed25519 JWK for verification. */
export function importEd25519(jwk: Ed25519PublicJwk): Promise<KeyLike> {
  let key = importedKeys.get(jwk.x);
  if (!key) {
    key = importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'EdDSA');
    importedKeys.set(jwk.x, key);
    key.catch(() => importedKeys.delete(jwk.x));
  }
  return key;
}

/** A trust-list key with its owner and validity window as instants (ms). */
export interface TrustedKey {
  kid: string;
  iss: string;
  jwk: Ed25519PublicJwk;
  from: number;
  to: number | null;
  status: 'active' | 'retired' | 'compromised';
}

/**
 * The raw Ed25519 check every JWS signature goes through: does `signature`
 * verify `message` under `jwk`? False (never a throw) for a key, signature
 * or message that cannot verify. The default, `verifyEd25519`, is
 * WebCrypto's and runs anywhere; the main process passes a synchronous
 * libsodium one (main/crypto/ed25519.ts) to the trust index it scans
 * with, which saves WebCrypto's promise and thread hop on every scan. Both
 * run the Wycheproof vectors.
 */
export type Ed25519Check = (jwk: Ed25519PublicJwk, message: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

/** The trust list, indexed for lookups at scan time. Build once per trust list. */
export class TrustIndex {
  private readonly keys = new Map<string, TrustedKey>();
  private readonly names = new Map<string, string>();

  /** `check` is the Ed25519 check records and tokens are verified with (default WebCrypto's). */
  constructor(
    readonly list: TrustList,
    readonly check: Ed25519Check = verifyEd25519,
  ) {
    for (const issuer of list.issuers) {
      this.names.set(issuer.iss, issuer.name);
      for (const k of issuer.keys) {
        this.keys.set(k.kid, {
          kid: k.kid,
          iss: issuer.iss,
          jwk: k.jwk,
          from: Date.parse(k.from),
          to: k.to === null ? null : Date.parse(k.to),
          status: k.status,
        });
      }
    }
  }

  key(kid: string): TrustedKey | undefined {
    return this.keys.get(kid);
  }

  /** The issuer's display name, as the trust list gives it. */
  issuerName(iss: string): string | undefined {
    return this.names.get(iss);
  }
}

/** Three non-empty base64url segments separated by dots. */
export function isCompactJws(s: unknown): s is string {
  return typeof s === 'string' && COMPACT_JWS.test(s);
}

/**
 * The header rules every JWS kind shares, before any key is looked up:
 * `alg` exactly EdDSA, `typ` exactly the kind's, no member that would let
 * the JWS name its own key, no critical extensions or unencoded payloads,
 * and a `kid` (its absence names no trusted key: KEY_UNTRUSTED). The sync's
 * fast record verifier applies these same rules through this function.
 */
export function checkProtectedHeader(header: unknown, typ: string): { ok: true; kid: string } | JwsFailure {
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: 'protected header is not a JSON object' };
  }
  const h = header as Record<string, unknown>;
  if (h.alg !== 'EdDSA') {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: `alg ${JSON.stringify(h.alg)} is refused; only EdDSA (Ed25519)` };
  }
  if (h.typ !== typ) {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: `typ ${JSON.stringify(h.typ)} where ${typ} was expected` };
  }
  for (const name of SELF_KEYING_HEADERS) {
    if (name in h) return { ok: false, code: 'SIGNATURE_INVALID', detail: `header member "${name}" tries to supply its own key` };
  }
  if ('crit' in h || ('b64' in h && h.b64 !== true)) {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: 'critical header extensions and unencoded payloads are refused' };
  }
  if (typeof h.kid !== 'string' || h.kid === '') return { ok: false, code: 'KEY_UNTRUSTED', detail: 'header has no kid' };
  return { ok: true, kid: h.kid };
}

/** Distinct protected headers whose check is remembered at once (a feed has one per issuer key). */
const MAX_HEADERS = 1024;
const headerChecks = new Map<string, { ok: true; kid: string } | JwsFailure>();

/**
 * The protected header of a compact JWS, decoded and checked for `typ`
 * (`checkProtectedHeader`). Records share a few headers (one per issuer
 * key), so each answer is remembered per header text and kind; the memory
 * is emptied if it ever holds unusually many.
 */
function checkedHeader(jws: string, typ: string): { ok: true; kid: string } | JwsFailure {
  const key = `${typ} ${jws.slice(0, jws.indexOf('.'))}`;
  let checked = headerChecks.get(key);
  if (checked === undefined) {
    let header: unknown;
    try {
      header = decodeProtectedHeader(jws);
      checked = checkProtectedHeader(header, typ);
    } catch {
      checked = { ok: false, code: 'SIGNATURE_INVALID', detail: 'protected header is not base64url JSON' };
    }
    if (headerChecks.size >= MAX_HEADERS) headerChecks.clear();
    // Shared by every JWS with this header: nobody may change it.
    headerChecks.set(key, Object.freeze(checked));
  }
  return checked;
}

/** A compact JWS whose header and signature checked out: its payload bytes and `kid`. */
export interface Verified {
  ok: true;
  payload: Uint8Array;
  kid: string;
}

/**
 * Structural and header checks, then the signature (RFC 7515: over the
 * ASCII of `header.payload`), with the key chosen by `resolve(kid)` and
 * checked by `check`. Unknown `kid` → KEY_UNTRUSTED; anything malformed, any
 * other `alg` or `typ`, a self-keying header, or a bad signature →
 * SIGNATURE_INVALID.
 */
export async function verifyCompact(
  jws: string,
  typ: string,
  resolve: (kid: string) => Ed25519PublicJwk | undefined,
  check: Ed25519Check = verifyEd25519,
): Promise<Verified | JwsFailure> {
  if (!isCompactJws(jws)) {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: 'not a compact JWS' };
  }
  const checked = checkedHeader(jws, typ);
  if (!checked.ok) return checked;
  const kid = checked.kid;
  const jwk = resolve(kid);
  if (!jwk) return { ok: false, code: 'KEY_UNTRUSTED', detail: `kid ${kid} is not trusted` };
  const dot1 = jws.indexOf('.');
  const dot2 = jws.lastIndexOf('.');
  const bad = (): JwsFailure => ({ ok: false, code: 'SIGNATURE_INVALID', detail: `signature does not verify with key ${kid}` });
  let signature: Uint8Array;
  let payload: Uint8Array;
  try {
    signature = base64url.decode(jws.slice(dot2 + 1));
    payload = base64url.decode(jws.slice(dot1 + 1, dot2));
  } catch {
    return bad();
  }
  // The compact form is ASCII (the regex above), so its UTF-8 is its ASCII.
  const good = await check(jwk, ascii.encode(jws.slice(0, dot2)), signature);
  return good === true ? { ok: true, payload, kid } : bad();
}

/** Was `key` allowed to sign, for `iss`, at instant `at` (ms)? (passport.md, conditions 2–4) */
export function keyAllows(key: TrustedKey, iss: string, at: number): JwsFailure | null {
  if (key.iss !== iss) return { ok: false, code: 'KEY_UNTRUSTED', detail: `key ${key.kid} belongs to ${key.iss}, not ${iss}` };
  if (key.status === 'compromised') return { ok: false, code: 'KEY_UNTRUSTED', detail: `key ${key.kid} is marked compromised` };
  if (!(key.from <= at) || (key.to !== null && !(at <= key.to))) {
    return { ok: false, code: 'KEY_UNTRUSTED', detail: `key ${key.kid} was not valid when this was signed` };
  }
  return null;
}

function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(utf8.decode(bytes));
}

export type RecordCheck =
  | { ok: true; record: Passport; kid: string }
  | JwsFailure<JwsFailureCode | 'RECORD_INVALID'>;

/** Verify a passport record's compact JWS against the trust list (passport.md, "trusted"). */
export async function verifyRecordJws(jws: string, trust: TrustIndex): Promise<RecordCheck> {
  const v = await verifyCompact(jws, JWS_TYP.record, (kid) => trust.key(kid)?.jwk, trust.check);
  if (!v.ok) return v;
  let data: unknown;
  try {
    data = decodeJson(v.payload);
  } catch {
    return { ok: false, code: 'RECORD_INVALID', detail: 'payload is not UTF-8 JSON' };
  }
  const parsed = parsePassport(data);
  if (!parsed.ok) return { ok: false, code: 'RECORD_INVALID', detail: parsed.error };
  const record = parsed.value;
  const refusal = keyAllows(trust.key(v.kid)!, record.iss, Date.parse(record.issuedAt));
  return refusal ?? { ok: true, record, kid: v.kid };
}

export type TokenCheck = { ok: true; token: TokenPayload } | JwsFailure<JwsFailureCode | 'TOKEN_EXPIRED'>;

/** Verify a QR token (scan.md) at instant `now` (ms). */
export async function verifyTokenJws(jws: string, trust: TrustIndex, now: number): Promise<TokenCheck> {
  const v = await verifyCompact(jws, JWS_TYP.token, (kid) => trust.key(kid)?.jwk, trust.check);
  if (!v.ok) return v;
  let data: unknown;
  try {
    data = decodeJson(v.payload);
  } catch {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: 'token payload is not UTF-8 JSON' };
  }
  const parsed = tokenPayloadSchema.safeParse(data);
  if (!parsed.success) return { ok: false, code: 'SIGNATURE_INVALID', detail: describeZodError('token', parsed.error) };
  const token = parsed.data;
  const refusal = keyAllows(trust.key(v.kid)!, token.iss, token.iat * 1000);
  if (refusal) return refusal;
  if (now >= token.exp * 1000) return { ok: false, code: 'TOKEN_EXPIRED', detail: `token expired at ${new Date(token.exp * 1000).toISOString()}` };
  return { ok: true, token };
}

/** A hub key pinned in the kiosk's configuration: a public Ed25519 JWK that carries its kid. */
export type PinnedKey = Ed25519PublicJwk & { kid: string };

export type ManifestCheck =
  | { ok: true; manifest: Manifest; kid: string }
  | JwsFailure<'MANIFEST_UNTRUSTED' | 'FEED_INVALID'>;

/** Verify `manifest.jws` with the pinned hub keys (feed.md, sync step 1). */
export async function verifyManifestJws(jws: string, pinned: readonly PinnedKey[]): Promise<ManifestCheck> {
  const v = await verifyCompact(jws.trim(), JWS_TYP.manifest, (kid) => pinned.find((k) => k.kid === kid));
  if (!v.ok) return { ok: false, code: 'MANIFEST_UNTRUSTED', detail: `manifest.jws: ${v.detail}` };
  let data: unknown;
  try {
    data = decodeJson(v.payload);
  } catch {
    return { ok: false, code: 'FEED_INVALID', detail: 'manifest.jws: payload is not UTF-8 JSON' };
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) return { ok: false, code: 'FEED_INVALID', detail: describeZodError('manifest', parsed.error) };
  return { ok: true, manifest: parsed.data, kid: v.kid };
}

interface SubtleLike {
  verify(alg: { name: string }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/**
 * The default `Ed25519Check`: WebCrypto's `subtle.verify` with the key
 * imported once. Exported so the Wycheproof vectors can exercise it with
 * arbitrary messages, which a JWS cannot carry.
 */
export async function verifyEd25519(jwk: Ed25519PublicJwk, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const subtle = (globalThis as unknown as { crypto: { subtle: SubtleLike } }).crypto.subtle;
  try {
    // Inside the try: a key that cannot be imported verifies nothing (as in the JWS path).
    const key = await importEd25519(jwk);
    return await subtle.verify({ name: 'Ed25519' }, key, signature, message);
  } catch {
    return false;
  }
}
