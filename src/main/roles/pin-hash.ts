import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * PIN hashes as IT puts them in the machine config (operations.md "Roles
 * and PINs"): `scrypt$<log2 N>$<r>$<p>$<salt>$<key>`, salt 16 bytes and key
 * 32 bytes in base64url, key = scrypt(the PIN's ASCII digits, salt, N, r, p,
 * 32). Parameters below the floor (N < 2^17, r < 8, p < 1) are refused when
 * the config loads; so are ones so large that checking a PIN would take the
 * kiosk's memory or minutes (log2 N > 20, r > 32, p > 16).
 */

export interface PinHash {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** The floor, and the parameters `pin hash` uses (the floor itself: about 0.1–0.3 s per check on a desk PC). */
export const PIN_HASH_FLOOR = { log2N: 17, r: 8, p: 1 } as const;
const CEILING = { log2N: 20, r: 32, p: 16 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** A parse failure, one line naming what is wrong. */
export class PinHashError extends Error {}

const B64URL = /^[A-Za-z0-9_-]+$/;

function b64url(text: string, bytes: number, what: string): Buffer {
  if (!B64URL.test(text)) throw new PinHashError(`its ${what} is not base64url`);
  const b = Buffer.from(text, 'base64url');
  if (b.length !== bytes || b.toString('base64url') !== text) throw new PinHashError(`its ${what} must be ${bytes} bytes of base64url (no padding)`);
  return b;
}

function whole(text: string, what: string): number {
  if (!/^[0-9]{1,3}$/.test(text)) throw new PinHashError(`its ${what} is not a whole number`);
  return Number(text);
}

/** Parse and check a HASH; throws PinHashError saying what is wrong. */
export function parsePinHash(text: string): PinHash {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    throw new PinHashError('it is not scrypt$<log2 N>$<r>$<p>$<salt>$<key> (make one with "passport-kiosk pin hash")');
  }
  const log2N = whole(parts[1]!, 'log2 N');
  const r = whole(parts[2]!, 'r');
  const p = whole(parts[3]!, 'p');
  if (log2N < PIN_HASH_FLOOR.log2N) throw new PinHashError(`N = 2^${log2N} is below the floor 2^17: make a new hash with "passport-kiosk pin hash"`);
  if (r < PIN_HASH_FLOOR.r) throw new PinHashError(`r = ${r} is below the floor 8: make a new hash with "passport-kiosk pin hash"`);
  if (p < PIN_HASH_FLOOR.p) throw new PinHashError(`p = ${p} is below the floor 1`);
  if (log2N > CEILING.log2N || r > CEILING.r || p > CEILING.p) {
    throw new PinHashError(`its parameters (2^${log2N}, ${r}, ${p}) are too costly for a kiosk (at most 2^20, 32, 16)`);
  }
  return { log2N, r, p, salt: b64url(parts[4]!, SALT_BYTES, 'salt'), key: b64url(parts[5]!, KEY_BYTES, 'key') };
}

export function formatPinHash(h: PinHash): string {
  return `scrypt$${h.log2N}$${h.r}$${h.p}$${h.salt.toString('base64url')}$${h.key.toString('base64url')}`;
}

/** scrypt with `maxmem` raised to what these parameters need (Node's default, 32 MiB, is below the floor's 128 MiB). */
export function scryptKey(pin: string, salt: Buffer, params: Pick<PinHash, 'log2N' | 'r' | 'p'>): Buffer {
  const N = 2 ** params.log2N;
  const maxmem = 128 * params.r * (N + 2 + params.p) + 16 * 1024 * 1024;
  return scryptSync(Buffer.from(pin, 'ascii'), salt, KEY_BYTES, { N, r: params.r, p: params.p, maxmem });
}

/** Make a HASH for a PIN (already checked to be 6–12 digits). */
export function hashPin(pin: string, params: Pick<PinHash, 'log2N' | 'r' | 'p'> = PIN_HASH_FLOOR, salt: Buffer = randomBytes(SALT_BYTES)): string {
  return formatPinHash({ ...params, salt, key: scryptKey(pin, salt, params) });
}

/** Whether `pin` matches `hash` (constant-time comparison of the keys). */
export function pinMatches(pin: string, hash: PinHash): boolean {
  return timingSafeEqual(scryptKey(pin, hash.salt, hash), hash.key);
}
