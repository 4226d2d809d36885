import type Database from 'better-sqlite3';

/**
 * The one strict migration runner for every SQLite file the kiosk owns (the
 * passport cache, the records): `PRAGMA user_version` is the schema
 * version; versions only rise, one file per version, each applied in its own
 * IMMEDIATE transaction together with the version bump, so a kill leaves
 * either the old or the new version, never half of one (ARCHITECTURE.md
 * habit 6, after Signal-Desktop `ts/sql/migrations/`).
 *
 * Generic over the handle type, so a file's migrations take that file's
 * branded writable handle (the cache's `WritableDB`, the records'
 * `WritableRecordsDB`) and cannot be run on the other by mistake.
 */

/** A numbered schema step. `up` runs inside a transaction. */
export interface Migration<DB extends Database.Database = Database.Database> {
  version: number;
  name: string;
  up(db: DB): void;
}

/** The schema version SQLite holds in the file header (0 for a new file). */
export function readVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throw unless the list is numbered 1, 2, 3, … in order (a programming error, not a user's). */
export function checkNumbering<DB extends Database.Database>(migrations: readonly Migration<DB>[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
}

/**
 * Apply every migration above the file's version, up to `target` (default:
 * the last). The version is read again inside each transaction, so two
 * processes opening the same new file never run a step twice.
 */
export function runMigrations<DB extends Database.Database>(db: DB, migrations: readonly Migration<DB>[], target = migrations.length): void {
  checkNumbering(migrations);
  for (const m of migrations) {
    if (m.version > target) break;
    if (m.version <= readVersion(db)) continue;
    db.transaction(() => {
      if (m.version <= readVersion(db)) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
