/**
 * Badge types as the cache stores them (schema 3): small integers instead of
 * the words, in the badges table and its (type, value) index — about 24 bytes
 * less per badge, some 36 MB at 1.5 M passports. The words are the record's
 * (passport.md); only the cache uses the numbers.
 */
export const BADGE_TYPE_CODES = { barcode: 1, nfc: 2 } as const;
export type StoredBadgeType = keyof typeof BADGE_TYPE_CODES;

const NAMES = new Map<number, string>(Object.entries(BADGE_TYPE_CODES).map(([name, code]) => [code, name]));

/** The stored code of a badge type; throws for a type the cache cannot hold (a verified record never has one). */
export function badgeTypeCode(type: string): number {
  const code = (BADGE_TYPE_CODES as Record<string, number>)[type];
  if (code === undefined) throw new Error(`badge type "${type}" has no stored code`);
  return code;
}

/** The badge type word for a stored code (or the word itself, from a schema before 3); null for neither. */
export function badgeTypeName(stored: unknown): string | null {
  if (typeof stored === 'number') return NAMES.get(stored) ?? null;
  return typeof stored === 'string' && stored in BADGE_TYPE_CODES ? stored : null;
}

/** The SQL CASE that turns a stored word into its code (for the migration). */
export const TYPE_CODE_SQL = `CASE type ${Object.entries(BADGE_TYPE_CODES)
  .map(([name, code]) => `WHEN '${name}' THEN ${code}`)
  .join(' ')} END`;
