/**
 * Scan payloads (spec/scan.md): normalise what a reader, camera or person
 * produced, then classify it as a signed token, an NFC UID or a badge number.
 */

export const MAX_PAYLOAD_CHARS = 4096;

export type BadgeType = 'barcode' | 'nfc';
export interface BadgeKey {
  type: BadgeType;
  value: string;
}

export type Classified =
  | { kind: 'token'; payload: string }
  /** An NFC UID form; also looked up as a badge number (scan.md step 4). */
  | { kind: 'nfc'; payload: string; uid: string }
  | { kind: 'badge'; payload: string }
  | { kind: 'rejected'; reason: 'EMPTY' | 'TOO_LONG' };

export type PayloadKind = 'token' | 'nfc' | 'badge';

// eslint-disable-next-line no-control-regex -- control characters are exactly what step 1 strips
const EDGES = /^[\s\x00-\x1f\x7f]+|[\s\x00-\x1f\x7f]+$/g;
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const HEX_PLAIN = /^[0-9A-Fa-f]+$/;
const HEX_SEPARATED = /^[0-9A-Fa-f]{2}(?:([:\- ])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2})*$/;
const UID_HEX_LENGTHS = new Set([8, 14, 20]);

/** Step 1: strip leading and trailing whitespace and ASCII control characters. */
export function normalizePayload(raw: string): string {
  return raw.replace(EDGES, '');
}

function codePointLength(s: string): number {
  if (s.length <= MAX_PAYLOAD_CHARS) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * The canonical NFC UID (uppercase hex, no separators) if `s` is an NFC UID
 * form: 8, 14 or 20 hex digits, optionally with one kind of `:`, `-` or space
 * between every byte pair. Otherwise null.
 */
export function canonicalUid(s: string): string | null {
  let hex: string;
  if (HEX_PLAIN.test(s)) hex = s;
  else if (HEX_SEPARATED.test(s)) hex = s.replace(/[:\- ]/g, '');
  else return null;
  return UID_HEX_LENGTHS.has(hex.length) ? hex.toUpperCase() : null;
}

/** Steps 1–3 of scan.md. */
export function classifyPayload(raw: string): Classified {
  const payload = normalizePayload(raw);
  if (payload === '') return { kind: 'rejected', reason: 'EMPTY' };
  if (codePointLength(payload) > MAX_PAYLOAD_CHARS) return { kind: 'rejected', reason: 'TOO_LONG' };
  if (TOKEN.test(payload)) return { kind: 'token', payload };
  const uid = canonicalUid(payload);
  if (uid !== null) return { kind: 'nfc', payload, uid };
  return { kind: 'badge', payload };
}

/** The badge index keys to look a classified payload up under (scan.md step 4, "Lookup"). */
export function lookupKeys(c: Classified): BadgeKey[] {
  switch (c.kind) {
    case 'nfc':
      return [
        { type: 'nfc', value: c.uid },
        { type: 'barcode', value: c.payload },
      ];
    case 'badge':
      return [{ type: 'barcode', value: c.payload }];
    case 'token':
    case 'rejected':
      return [];
  }
}
