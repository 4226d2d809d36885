import type { Migration } from '../migrate';

/**
 * Schema 4: a record may be stored in its parts (`hdr` text, `body` and
 * `sig` bytes; stored-jws.ts) instead of whole in `jws`, which makes the
 * cache about a quarter smaller than the feed's text, and each record's
 * stored bytes carry a CRC-32 (`crc`) checked on read. Rows already stored
 * stay whole (readers take both), and the next snapshot rebuild writes
 * every row in parts: the cache is disposable, so no row is rewritten here.
 */
export const m004PackedJws: Migration = {
  version: 4,
  name: '004-packed-jws',
  up(db) {
    db.exec(`
      ALTER TABLE passports ADD COLUMN hdr TEXT;
      ALTER TABLE passports ADD COLUMN body BLOB;
      ALTER TABLE passports ADD COLUMN sig BLOB;
      ALTER TABLE passports ADD COLUMN crc INTEGER;
    `);
  },
};
