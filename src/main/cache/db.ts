import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { LATEST_VERSION, migrate, readVersion } from './migrate';

/**
 * SQLite handles for the passport cache, typed apart as Signal-Desktop does
 * (`ts/sql/Interface.ts`): code that only reads takes a `ReadableDB`; only
 * the sync path holds a `WritableDB`. The brands exist only for the type
 * checker — a read-only handle is also opened read-only by SQLite.
 */
export type ReadableDB = Database.Database & { readonly __readable: unique symbol };
export type WritableDB = ReadableDB & { readonly __writable: unique symbol };

/** The cache cannot be opened or is not usable; the message names the file and what to do. */
export class CacheError extends Error {}

function applyPragmas(db: Database.Database, writable: boolean): void {
  // secure_delete: deleted and replaced rows (an erased person's data) are
  // overwritten with zeros in the file, not merely unlinked.
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  if (writable) {
    // 16 KiB pages: a record's JWS is ~1.7–2 KB, and with the default 4 KiB
    // page only one fits per page, so the file would be almost twice the
    // feed. Takes effect only when the file is new (before WAL is set).
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable to the last checkpoint and never corrupt;
    // a power cut can at worst lose the very last sync, which simply reruns.
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
  } else {
    db.pragma('cache_size = -16384');
  }
}

function refuseNewer(file: string, version: number): void {
  if (version > LATEST_VERSION) {
    throw new CacheError(
      `cache ${file} was written by a newer version of the app (schema ${version}; this build knows up to ${LATEST_VERSION}): update the app, or delete the file to resync`,
    );
  }
}

/** Open (creating if absent) and migrate the cache for writing. */
export function openWritable(file: string): WritableDB {
  let db: Database.Database;
  try {
    db = new Database(file);
    applyPragmas(db, true);
    refuseNewer(file, readVersion(db));
    migrate(db as WritableDB);
  } catch (e) {
    if (e instanceof CacheError) throw e;
    throw new CacheError(`cache ${file} cannot be opened for writing: ${(e as Error).message}`);
  }
  return db as WritableDB;
}

/**
 * Open an existing cache read-only, or return null if `file` does not exist
 * (an empty cache: every verdict NO_DATA). Never creates the file.
 */
export function openReadable(file: string): ReadableDB | null {
  if (!existsSync(file)) return null;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    applyPragmas(db, false);
    const version = readVersion(db);
    refuseNewer(file, version);
    // Older schemas (≥ 1) are readable as they are: the reader's queries use
    // only schema 1's columns, and the next sync migrates the file.
    if (version === 0) {
      db.close();
      return null;
    }
  } catch (e) {
    if (e instanceof CacheError) throw e;
    throw new CacheError(`cache ${file} cannot be read: ${(e as Error).message} (expected a passport cache made by "passport-kiosk sync")`);
  }
  return db as ReadableDB;
}
