import type { LivePassport } from '../../core/schemas/passport';
import { normalizePayload } from '../../core/scan';
import type { PassportStore } from '../../core/scan-verdict';

/**
 * A passport's badge values for matching a roster's `badge` column
 * (sessions.md: "its normalised badge is one of that passport's badge
 * values"), normalised as scan.md step 1, like the roster's.
 */
export function recordBadgeValues(record: Pick<LivePassport, 'badges'>): string[] {
  return record.badges.map((b) => normalizePayload(b.value));
}

/**
 * The same, read from the cache's stored record without re-verifying, for a
 * caller that has only the verdict: used only for a passport the same scan
 * has just verified and found trusted.
 */
export function badgeValuesOf(store: PassportStore, passportId: string): string[] {
  const stored = store.findById(passportId);
  if (!stored?.jws) return [];
  try {
    const payload = JSON.parse(Buffer.from(stored.jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      badges?: { value?: unknown }[];
    };
    return (payload.badges ?? []).flatMap((b) => (typeof b.value === 'string' ? [normalizePayload(b.value)] : []));
  } catch {
    return [];
  }
}
