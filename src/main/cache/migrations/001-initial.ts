import type { Migration } from '../migrate';

/**
 * Schema 1. `passports` holds each record's compact JWS exactly as received
 * plus the columns lookups need; an erased passport keeps only id, iss, rev
 * and status (jws NULL) so an older revision can never come back. `badges`
 * is keyed by (pid, type, value) so a passport's badges are found by pid,
 * and indexed by (type, value) for scans. Index names carry a generation
 * suffix because a snapshot rebuild builds a second set of tables beside
 * these and renames them in (see cache-writer.ts).
 */
export const m001Initial: Migration = {
  version: 1,
  name: '001-initial',
  up(db) {
    db.exec(`
      CREATE TABLE state (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        feed TEXT,
        seq INTEGER,
        published TEXT,
        expires TEXT,
        trust_sha256 TEXT,
        trust_json TEXT,
        etag TEXT,
        generation INTEGER NOT NULL DEFAULT 0,
        last_sync TEXT
      );
      INSERT INTO state (one) VALUES (1);
      CREATE TABLE passports (
        pid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        iss TEXT NOT NULL,
        rev INTEGER NOT NULL,
        status TEXT NOT NULL,
        erased INTEGER NOT NULL,
        jws TEXT
      );
      CREATE UNIQUE INDEX passports_id_g0 ON passports (id);
      CREATE TABLE badges (
        pid INTEGER NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (pid, type, value)
      ) WITHOUT ROWID;
      CREATE INDEX badges_value_g0 ON badges (type, value);
    `);
  },
};
