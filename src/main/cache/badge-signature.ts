import { hash } from 'node:crypto';

/**
 * A 48-bit digest of a badge set (order and duplicates ignored), stored as
 * `passports.badge_sig`: the writer compares a new revision's badges with
 * it, and the cache's deep check (cache-health.ts) holds the badges table,
 * the column and the stored JWS to the same set.
 */
export function badgeSignature(badges: readonly (readonly [string, string])[]): number {
  const keys = [...new Set(badges.map(([type, value]) => `${type}\u0000${value}`))].sort();
  return hash('sha256', keys.join('\n'), 'buffer').readUIntBE(0, 6);
}
