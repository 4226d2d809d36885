import type Database from 'better-sqlite3';
import type { WritableDB } from './db';
import { MIGRATIONS } from './migrations';

/**
 * The strict migration runner: `PRAGMA user_version` is the schema version;
 * versions only rise, one file per version, each applied in its own
 * transaction together with the version bump (so a kill leaves either the
 * old or the new version, never half of one).
 */

/** A numbered schema step. `up` runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: WritableDB): void;
}

export const LATEST_VERSION = MIGRATIONS.length;

export function readVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply every migration above the current version, up to `target` (default: latest). */
export function migrate(db: WritableDB, target = LATEST_VERSION): void {
  MIGRATIONS.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  for (const m of MIGRATIONS) {
    if (m.version > target) break;
    if (m.version <= readVersion(db)) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
