import { canonicalUid } from '../scan';
import type { UidFormat } from './profile';

/**
 * NFC readers in keyboard mode type the card UID in one of four forms
 * (readers.md, "NFC readers in keyboard mode"). This turns each into the
 * canonical UID of scan.md: uppercase hex, bytes in transmitted order.
 */

const UID_BYTES = [4, 7, 10] as const;
// 10 bytes is 2^80 ≈ 1.2e24: 25 digits. Longer input cannot be a UID, and
// refusing it early keeps BigInt away from 4096-digit garbage.
const MAX_DECIMAL_DIGITS = 25;

function reverseBytes(hex: string): string {
  const out: string[] = [];
  for (let i = hex.length - 2; i >= 0; i -= 2) out.push(hex.slice(i, i + 2));
  return out.join('');
}

function toBytes(value: bigint, n: number, littleEndian: boolean): string {
  const bytes: string[] = [];
  let v = value;
  for (let i = 0; i < n; i++) {
    bytes.push(Number(v & 0xffn).toString(16).padStart(2, '0'));
    v >>= 8n;
  }
  // Built least-significant first; big-endian wants the reverse.
  return (littleEndian ? bytes : bytes.reverse()).join('').toUpperCase();
}

/**
 * The canonical UID for what an NFC reader typed, or null when it cannot be
 * one (a broken scan): hex that is not 4, 7 or 10 bytes, a decimal too big
 * for 10 bytes, or characters that fit neither form.
 */
export function convertUid(typed: string, format: UidFormat): string | null {
  switch (format) {
    case 'hex':
      return canonicalUid(typed);
    case 'hex-reversed': {
      const hex = canonicalUid(typed);
      return hex === null ? null : reverseBytes(hex);
    }
    case 'decimal':
    case 'decimal-reversed': {
      if (!/^[0-9]+$/.test(typed)) return null;
      const digits = typed.replace(/^0+(?=.)/, '');
      if (digits.length > MAX_DECIMAL_DIGITS) return null;
      const value = BigInt(digits);
      // The shortest UID length that holds the value: a 7- or 10-byte UID
      // starts with a non-zero manufacturer code, so no byte is lost.
      const n = UID_BYTES.find((len) => value < 1n << BigInt(8 * len));
      return n === undefined ? null : toBytes(value, n, format === 'decimal-reversed');
    }
  }
}

/** The inverse, for the simulated reader and tests: how a reader set to `format` types `uid`. */
export function typeUid(uid: string, format: UidFormat): string {
  switch (format) {
    case 'hex':
      return uid;
    case 'hex-reversed':
      return reverseBytes(uid);
    case 'decimal':
      return BigInt(`0x${uid}`).toString(10);
    case 'decimal-reversed':
      return BigInt(`0x${reverseBytes(uid)}`).toString(10);
  }
}
