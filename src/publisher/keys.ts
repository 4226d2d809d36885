import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeZodError } from '../core/schemas/common';

/**
 * Ed25519 key pairs as JWKs (RFC 8037) carrying their `kid`. Issuer keys
 * sign passport records and QR tokens; the hub key signs the manifest.
 */

/** A private Ed25519 key with its key id. Keep it out of any served folder. */
export interface PrivateKeyJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
  kid: string;
}

/** The public half, as a trust list or a kiosk's pinned hub keys hold it. */
export interface PublicKeyJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
}

const b64key = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes of base64url');

export const privateKeyJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: b64key,
  d: b64key,
  kid: z.string().min(1).max(128),
});

export const publicKeyJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: b64key,
  kid: z.string().min(1).max(128),
});

/** Make a new Ed25519 key pair named `kid`. */
export async function generateKeyPair(kid: string): Promise<{ privateJwk: PrivateKeyJwk; publicJwk: PublicKeyJwk }> {
  if (!kid) throw new Error('a key id (kid) is required');
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as { x: string; d: string };
  const privateJwk: PrivateKeyJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d, kid };
  return { privateJwk, publicJwk: publicKeyOf(privateJwk) };
}

// PKCS#8 DER prefix for a raw 32-byte Ed25519 private key (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The Ed25519 key pair whose 32-byte private key is `seed`. For the demo and
 * fixtures only, where the same seed must give the same feed; real keys come
 * from `generateKeyPair`.
 */
export function keyPairFromSeed(kid: string, seed: Uint8Array): { privateJwk: PrivateKeyJwk; publicJwk: PublicKeyJwk } {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const jwk = key.export({ format: 'jwk' }) as { x: string; d: string };
  const privateJwk: PrivateKeyJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d, kid };
  return { privateJwk, publicJwk: publicKeyOf(privateJwk) };
}

/** The public JWK of a private one (drops `d`). */
export function publicKeyOf(key: PrivateKeyJwk): PublicKeyJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: key.kid };
}

/** Thrown when a key file is missing or not a key; the message names the file. */
export class KeyFileError extends Error {}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new KeyFileError(`${what} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new KeyFileError(`${what} ${file} is not valid JSON (${(e as Error).message})`);
  }
}

/** Read a private key file written by `passport-feed keygen`. */
export async function readPrivateKeyFile(file: string): Promise<PrivateKeyJwk> {
  const parsed = privateKeyJwkSchema.safeParse(await readJson(file, 'key file'));
  if (!parsed.success) {
    throw new KeyFileError(describeZodError(`key file ${file} (expected a private Ed25519 JWK with kid)`, parsed.error));
  }
  return parsed.data;
}

/** Read a public key file (a JWK with kid). */
export async function readPublicKeyFile(file: string): Promise<PublicKeyJwk> {
  const parsed = publicKeyJwkSchema.safeParse(await readJson(file, 'key file'));
  if (!parsed.success) {
    throw new KeyFileError(describeZodError(`key file ${file} (expected a public Ed25519 JWK with kid)`, parsed.error));
  }
  return parsed.data;
}
