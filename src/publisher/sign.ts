import { CompactSign, importJWK } from 'jose';
import { JWS_TYP } from '../core/jws';
import type { TokenPayload } from '../core/schemas/token';
import type { Manifest } from '../core/schemas/feed';
import type { PrivateKeyJwk } from './keys';

/**
 * Compact JWS signing with jose, for the three kinds the kiosk verifies
 * (src/core/jws.ts): records, QR tokens and manifests, kept apart by `typ`.
 */

type SigningKey = Awaited<ReturnType<typeof importJWK>>;
// Importing a key costs more than signing with it; the demo and tests sign
// thousands of records with a handful of keys.
const imported = new Map<string, Promise<SigningKey>>();

function signingKey(jwk: PrivateKeyJwk): Promise<SigningKey> {
  const cacheKey = `${jwk.x}.${jwk.d}`;
  let key = imported.get(cacheKey);
  if (!key) {
    key = importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, 'EdDSA');
    imported.set(cacheKey, key);
    key.catch(() => imported.delete(cacheKey));
  }
  return key;
}

/** Sign `payload` bytes as a compact JWS with header `{alg:'EdDSA', kid, typ}`. */
export async function signCompact(payload: Uint8Array, typ: string, key: PrivateKeyJwk): Promise<string> {
  return new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ }).sign(await signingKey(key));
}

const utf8 = new TextEncoder();

/**
 * Sign a passport record: the payload is `JSON.stringify(record)` exactly as
 * given — nothing is validated here, so tests can sign deliberately bad
 * records (the CLI's `sign` validates first).
 */
export function signRecord(record: unknown, issuerKey: PrivateKeyJwk): Promise<string> {
  return signCompact(utf8.encode(JSON.stringify(record)), JWS_TYP.record, issuerKey);
}

/** Sign a QR token payload (scan.md), `typ` `passport-token+jws`. */
export function signToken(payload: TokenPayload, issuerKey: PrivateKeyJwk): Promise<string> {
  return signCompact(utf8.encode(JSON.stringify(payload)), JWS_TYP.token, issuerKey);
}

/** Sign a feed manifest with the hub key, `typ` `passport-feed+jws`. */
export function signManifest(manifest: Manifest, hubKey: PrivateKeyJwk): Promise<string> {
  return signCompact(utf8.encode(JSON.stringify(manifest)), JWS_TYP.manifest, hubKey);
}

/** The payload of a compact JWS as JSON, without checking the signature. */
export function decodePayloadUnverified(jws: string): unknown {
  const part = jws.split('.')[1];
  if (part === undefined) throw new Error('not a compact JWS');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}
