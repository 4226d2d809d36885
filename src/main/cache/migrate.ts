import type { WritableDB } from './db';
import { MIGRATIONS } from './migrations';
import { runMigrations, type Migration as SqliteMigration } from '../sqlite/migrate';

/**
 * The cache's schema versions, run by the kiosk's one migration runner
 * (src/main/sqlite/migrate.ts): `PRAGMA user_version`, versions only rise,
 * one file per version under `migrations/`, each in its own transaction.
 */

export { readVersion } from '../sqlite/migrate';

/** A numbered cache schema step. `up` runs inside a transaction. */
export type Migration = SqliteMigration<WritableDB>;

export const LATEST_VERSION = MIGRATIONS.length;

/** Apply every migration above the current version, up to `target` (default: latest). */
export function migrate(db: WritableDB, target = LATEST_VERSION): void {
  runMigrations(db, MIGRATIONS, target);
}
