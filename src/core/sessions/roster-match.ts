import { canonicalUid } from '../scan';
import type { RosterRow } from './model';

/** The person to match: a passport's `id` and the values of its badges (barcode and NFC). */
export interface PassportToMatch {
  id: string;
  badgeValues: readonly string[];
}

/**
 * The roster row that matches a person (sessions.md "Roster"): its
 * `passport` equals the passport's `id`, or its normalised `badge` is one of
 * the passport's badge values. A badge written in an NFC UID form
 * (`04:a2:3b:9c:5d:6e:80`) also matches by its canonical UID, as a scan of
 * the same text would (scan.md step 4). Rows are tried in row order and a
 * passport match is preferred to a badge match; null for a walk-in.
 */
export function matchRosterRow(roster: readonly RosterRow[], passport: PassportToMatch): RosterRow | null {
  const byPassport = roster.find((r) => r.passport === passport.id);
  if (byPassport) return byPassport;
  if (passport.badgeValues.length === 0) return null;
  const badges = new Set(passport.badgeValues);
  return (
    roster.find((r) => {
      if (r.badge === null) return false;
      if (badges.has(r.badge)) return true;
      const uid = canonicalUid(r.badge);
      return uid !== null && badges.has(uid);
    }) ?? null
  );
}
