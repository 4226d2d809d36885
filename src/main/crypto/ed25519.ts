import { crypto_sign_verify_detached as verifyDetached } from 'sodium-native';
import type { Ed25519Check } from '../../core/jws';
import type { Ed25519PublicJwk } from '../../core/schemas/common';

/**
 * The core's `Ed25519Check` on libsodium (sodium-native), for the main
 * process's hot paths: every scan, every record of a sync, `verify --batch`.
 * Synchronous (no promise and no hop to libuv's threads per signature, as
 * WebCrypto takes) and about twice as fast as OpenSSL's Ed25519 on the same
 * machine (`BENCH=core`). libsodium is the stricter verifier (canonical
 * encodings, no small-order keys); the Wycheproof vectors run through it and
 * through WebCrypto with the same answers.
 */

/** Raw 32-byte public keys by their JWK `x`; keys come only from trust lists and pinned hub keys. */
const rawKeys = new Map<string, Buffer>();

function rawKey(jwk: Ed25519PublicJwk): Buffer {
  let key = rawKeys.get(jwk.x);
  if (!key) {
    key = Buffer.from(jwk.x, 'base64url');
    rawKeys.set(jwk.x, key);
  }
  return key;
}

export const sodiumEd25519: Ed25519Check = (jwk, message, signature) => {
  const key = rawKey(jwk);
  if (key.length !== 32 || signature.length !== 64) return false;
  try {
    return verifyDetached(signature, message, key);
  } catch {
    return false;
  }
};
