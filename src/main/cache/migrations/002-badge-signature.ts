import type { Migration } from '../migrate';

/**
 * Schema 2: `passports.badge_sig`, a 48-bit digest of the passport's sorted
 * badges, so a new revision's badges can be compared without reading the
 * badges table (a delta then touches about one page per record). NULL for
 * rows stored before this version: the writer compares those the slow way.
 */
export const m002BadgeSignature: Migration = {
  version: 2,
  name: '002-badge-signature',
  up(db) {
    db.exec('ALTER TABLE passports ADD COLUMN badge_sig INTEGER');
  },
};
