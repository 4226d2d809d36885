import { createHash, generateKeyPairSync } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ReadableRecordsDB, WritableRecordsDB } from '../records/db';

/**
 * The kiosk's identity (upstream.md "The kiosk's identity"): an Ed25519
 * key pair kept in the records file, made on first use, and the kiosk id,
 * fixed when the pair is made — the machine config's `kioskId` if given
 * then, else `k-` and 12 hex digits of the SHA-256 of the raw public key.
 * The private key never leaves the records file.
 */

/** The public half, as IT enrols it at the receiver (`passport-kiosk device`). */
export interface KioskPublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

export interface KioskIdentity {
  kioskId: string;
  publicJwk: KioskPublicJwk;
  /** The private key as a JWK (with `d`); only the signer reads it. */
  privateJwk: KioskPublicJwk & { d: string };
  createdAt: string;
}

interface IdentityRow {
  kiosk_id: string;
  public_jwk: string;
  private_jwk: string;
  created_at: string;
}

/** `k-` + the first 12 hex digits of SHA-256(raw 32-byte public key). */
export function derivedKioskId(x: string): string {
  return `k-${createHash('sha256').update(Buffer.from(x, 'base64url')).digest('hex').slice(0, 12)}`;
}

/** The identity, or null when none has been made yet (read-only handles too). */
export function readIdentity(db: ReadableRecordsDB | Database.Database): KioskIdentity | null {
  const row = db.prepare('SELECT kiosk_id, public_jwk, private_jwk, created_at FROM kiosk_identity WHERE id = 1').get() as IdentityRow | undefined;
  if (!row) return null;
  return {
    kioskId: row.kiosk_id,
    publicJwk: JSON.parse(row.public_jwk) as KioskPublicJwk,
    privateJwk: JSON.parse(row.private_jwk) as KioskIdentity['privateJwk'],
    createdAt: row.created_at,
  };
}

/**
 * The identity, made now if absent. `configuredId` (the machine config's
 * `kioskId`) is used only when the pair is made: an existing kiosk keeps
 * its id. Runs in its own (nested-safe) transaction.
 */
export function ensureIdentity(db: WritableRecordsDB, configuredId: string | undefined, now: number): KioskIdentity {
  return db.transaction(() => {
    const existing = readIdentity(db);
    if (existing) return existing;
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' }) as { x: string; d: string };
    const kioskId = configuredId ?? derivedKioskId(jwk.x);
    const publicJwk: KioskPublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: kioskId };
    const privateJwk = { ...publicJwk, d: jwk.d };
    const createdAt = new Date(now).toISOString();
    db.prepare('INSERT INTO kiosk_identity (id, kiosk_id, public_jwk, private_jwk, created_at) VALUES (1, ?, ?, ?, ?)').run(
      kioskId,
      JSON.stringify(publicJwk),
      JSON.stringify(privateJwk),
      createdAt,
    );
    return { kioskId, publicJwk, privateJwk, createdAt };
  })();
}
