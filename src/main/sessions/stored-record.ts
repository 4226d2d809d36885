import { normalizePayload } from '../../core/scan';
import type { PassportStore } from '../../core/scan-verdict';

/**
 * The badge values of a passport the cache holds, for matching a roster's
 * `badge` column (sessions.md: "its normalised badge is one of that
 * passport's badge values"). Read from the stored record's payload without
 * re-verifying: callers use it only for a passport the same scan has just
 * verified and found trusted. Values are normalised as scan.md step 1, like
 * the roster's.
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
