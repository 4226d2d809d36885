/**
 * `PRAGMA application_id` of every records file ("SPKR" in ASCII): set by
 * the first migration, checked on every open (db.ts), so a passport cache
 * or any other SQLite file named as the records by mistake is refused
 * instead of written to.
 */
export const RECORDS_APPLICATION_ID = 0x53504b52;
