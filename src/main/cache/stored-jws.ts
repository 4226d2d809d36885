import { crc32 } from 'node:zlib';
import { isCompactJws } from '../../core/jws';

/**
 * How the cache stores a record's compact JWS (schema 4). The feed's lines
 * are base64url text; stored as text, a record's payload takes a third more
 * room than its bytes. So a record is stored as its three parts: the
 * protected header as it came (base64url text, ~100 characters), the
 * payload's bytes (the record's JSON) and the signature's 64 bytes. Joining
 * them back gives the very line that was verified — only a line whose
 * base64url is canonical (what every encoder writes: no padding, zero
 * trailing bits) and whose signature is Ed25519's 64 bytes is split,
 * checked by re-encoding; any other line is kept whole as text, as every
 * line was before schema 4. Readers take either.
 *
 * Each row carries a CRC-32 (`crc`) of its lookup columns (`id`, `iss`,
 * `rev`) and its record's stored bytes, checked on every read: bytes a
 * failing disk changed are damage the sync heals, not a signature that
 * "does not verify" at the desk; and a row whose CRC holds is as the sync
 * wrote it, columns taken from the record it verified, so a scan need not
 * parse the record a second time to hold the columns to it. Rows stored
 * before schema 4 have none (their record is parsed and compared instead).
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A compact JWS in its stored parts. */
export interface PackedJws {
  hdr: string;
  body: Buffer;
  sig: Buffer;
}

/** The row columns that hold a record: whole (`jws`) or in parts, and their CRC-32. */
export interface JwsColumns {
  jws: string | null;
  hdr: string | null;
  body: Buffer | null;
  sig: Buffer | null;
  crc: number | null;
}

/** A row's lookup columns, which its CRC covers too. */
export interface RowKey {
  id: string;
  iss: string;
  rev: number;
}

const NONE: JwsColumns = { jws: null, hdr: null, body: null, sig: null, crc: null };

const keyCrc = (key: RowKey): number => crc32(`${key.id}\n${key.iss}\n${key.rev}\n`);

function partsCrc(key: RowKey, hdr: string, body: Uint8Array, sig: Uint8Array): number {
  return crc32(sig, crc32(body, crc32(hdr, keyCrc(key))));
}

/** Split a verified compact JWS into its parts, or null when it must be kept whole. */
export function packJws(jws: string): PackedJws | null {
  const dot1 = jws.indexOf('.');
  const dot2 = jws.lastIndexOf('.');
  if (dot1 <= 0 || dot2 <= dot1) return null;
  const payload = jws.slice(dot1 + 1, dot2);
  const signature = jws.slice(dot2 + 1);
  const body = Buffer.from(payload, 'base64url');
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64 || body.toString('base64url') !== payload || sig.toString('base64url') !== signature) return null;
  return { hdr: jws.slice(0, dot1), body, sig };
}

/** The columns to store for the record `key` names: its parts, or the whole line; all null for an erased one. */
export function jwsColumns(jws: string | null, key: RowKey): JwsColumns {
  if (jws === null) return NONE;
  const packed = packJws(jws);
  if (!packed) return { ...NONE, jws, crc: crc32(jws, keyCrc(key)) };
  return { jws: null, ...packed, crc: partsCrc(key, packed.hdr, packed.body, packed.sig) };
}

/**
 * A stored row's record as compact JWS text, its payload's bytes, and
 * whether the row's CRC held (`checked`: columns and bytes as the sync wrote
 * them; false for a row from before schema 4) — or why the columns cannot be
 * one (damage); null when the row holds none.
 */
export function storedJws(row: JwsColumns & RowKey): { jws: string; payload: Buffer; checked: boolean } | { problem: string } | null {
  const parts = [row.hdr, row.body, row.sig];
  const changed = { problem: 'has changed since it was stored' };
  if (row.jws !== null) {
    if (parts.some((p) => p !== null)) return { problem: 'holds its record twice' };
    if (row.crc !== null && (typeof row.jws !== 'string' || crc32(row.jws, keyCrc(row)) !== row.crc)) return changed;
    if (!isCompactJws(row.jws)) return { problem: 'is not a JWS' };
    return { jws: row.jws, payload: Buffer.from(row.jws.split('.')[1]!, 'base64url'), checked: row.crc !== null };
  }
  if (parts.every((p) => p === null)) return row.crc === null ? null : { problem: 'has lost its record' };
  const { hdr, body, sig } = row;
  if (typeof hdr !== 'string' || !BASE64URL.test(hdr) || !Buffer.isBuffer(body) || body.length === 0 || !Buffer.isBuffer(sig) || sig.length !== 64) {
    return { problem: 'is not a JWS' };
  }
  if (row.crc === null || partsCrc(row, hdr, body, sig) !== row.crc) return changed;
  return { jws: `${hdr}.${body.toString('base64url')}.${sig.toString('base64url')}`, payload: body, checked: true };
}
