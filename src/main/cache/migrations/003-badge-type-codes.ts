import { CacheDamagedError } from '../cache-health';
import { BADGE_TYPE_CODES, TYPE_CODE_SQL } from '../badge-types';
import type { Migration } from '../migrate';

/**
 * Schema 3: `badges.type` holds a small integer (badge-types.ts) instead of
 * the word, in the table and in its (type, value) index. SQLite cannot
 * change a column's type, so the table is rebuilt (one pass, in this
 * migration's transaction) and the index made again under its own name —
 * the generation number in it must stay what the file has (cache-writer.ts).
 */
export const m003BadgeTypeCodes: Migration = {
  version: 3,
  name: '003-badge-type-codes',
  up(db) {
    const words = Object.keys(BADGE_TYPE_CODES)
      .map((w) => `'${w}'`)
      .join(', ');
    const foreign = db.prepare(`SELECT count(*) AS n FROM badges WHERE type NOT IN (${words})`).get() as { n: number };
    // A sync stores only these types: anything else was not written by the app.
    if (foreign.n > 0) throw new CacheDamagedError(db.name, `${foreign.n} badge rows of a type no record has`);
    const index =
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'badges' AND name GLOB 'badges_value_g[0-9]*'").get() as { name: string } | undefined)?.name ??
      'badges_value_g0';
    db.exec(`
      CREATE TABLE badges_codes (pid INTEGER NOT NULL, type INTEGER NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (pid, type, value)) WITHOUT ROWID;
      INSERT INTO badges_codes (pid, type, value) SELECT pid, ${TYPE_CODE_SQL}, value FROM badges ORDER BY pid;
      DROP TABLE badges;
      ALTER TABLE badges_codes RENAME TO badges;
      CREATE INDEX ${index} ON badges (type, value);
    `);
  },
};
