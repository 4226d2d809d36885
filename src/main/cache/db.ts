import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { CacheError } from './cache-error';
import {
  asDamage,
  CacheDamagedError,
  changedOutsideSync,
  checkMagic,
  checkNotForeign,
  checkStructure,
  deepCheck,
  endedUncleanly,
  firstLine,
  notedDamage,
  noteDamage,
  quickCheck,
} from './cache-health';
import { LATEST_VERSION, migrate, readVersion } from './migrate';

export { CacheError } from './cache-error';

/**
 * SQLite handles for the passport cache, typed apart as Signal-Desktop does
 * (`ts/sql/Interface.ts`): code that only reads takes a `ReadableDB`; only
 * the sync path holds a `WritableDB`. The brands exist only for the type
 * checker — a read-only handle is also opened read-only by SQLite.
 */
export type ReadableDB = Database.Database & { readonly __readable: unique symbol };
export type WritableDB = ReadableDB & { readonly __writable: unique symbol };

/** Schema versions above this are not a newer app's: the header itself is damaged. */
const PLAUSIBLE_VERSION = 1000;

function applyPragmas(db: Database.Database, writable: boolean): void {
  // secure_delete: deleted and replaced rows (an erased person's data) are
  // overwritten with zeros in the file, not merely unlinked.
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  if (writable) {
    // 8 KiB pages. A record is stored in ~1.6 KB (schema 4, stored-jws.ts):
    // 8 KiB holds four or five with little left over (the file is the same
    // size as with 16 KiB, measured at 1.5 M records), while 4 KiB holds two
    // (the file 23 % larger); and a delta rewrites one page per record, so
    // smaller pages are less to write through the WAL. Takes effect only
    // when the file is new (before WAL is set); older files keep theirs.
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable to the last checkpoint and never corrupt;
    // a power cut can at worst lose the very last sync, which simply reruns.
    db.pragma('synchronous = NORMAL');
    // Checkpoint every 10,000 pages (80 MB of WAL) rather than SQLite's 1,000:
    // a rebuild commits every 10,000 records, and each checkpoint costs two
    // fsyncs on the writer's thread; a tenth as many took a bulk insert of
    // 300,000 such rows from 3.1–3.7 s to 2.7–3.1 s (measured). Every sync
    // still ends with a full checkpoint (cache-writer.ts), so the WAL is
    // that large only while a sync runs.
    db.pragma('wal_autocheckpoint = 10000');
    // 16 MB: a rebuild appends, and a delta's pages are each written once,
    // so a bigger cache buys no speed (measured), only the sync's peak RSS.
    db.pragma('cache_size = -16384');
  } else {
    db.pragma('cache_size = -16384');
  }
}

/** The schema version, refusing a newer app's file and recognising a damaged header. */
function checkedVersion(db: Database.Database, file: string): number {
  const version = readVersion(db);
  if (version < 0 || version > PLAUSIBLE_VERSION) throw new CacheDamagedError(file, `its schema version ${version} is not one any app writes`);
  if (version > LATEST_VERSION) {
    throw new CacheError(
      `cache ${file} was written by a newer version of the app (schema ${version}; this build knows up to ${LATEST_VERSION}): update the app, or delete the file to resync`,
    );
  }
  return version;
}

/** Close a handle after a failure (or at an end where nothing more can be done): the first error is the one to report. */
export function closeQuietly(db: Database.Database | undefined): void {
  try {
    db?.close();
  } catch {
    // Already failing: the first error is the one to report.
  }
}

/**
 * Open (creating if absent) and migrate the cache for writing. A damaged or
 * foreign file throws CacheDamagedError (the sync then moves it aside and
 * rebuilds): damage a reader noted, SQLite's errors, the structure check,
 * SQLite's quick check after an unclean end, and the deep check after a
 * change made outside a sync (cache-health.ts).
 */
export function openWritable(file: string): WritableDB {
  const noted = existsSync(file) ? notedDamage(file) : null;
  if (noted) throw new CacheDamagedError(file, noted.damaged);
  // A killed sync cannot damage the file (SQLite is crash-safe), so after an
  // unclean end SQLite's quick check is enough; a change made outside a sync
  // can be anything, so it gets the full deep check.
  const unclean = endedUncleanly(file);
  const changed = changedOutsideSync(file);
  let db: Database.Database | undefined;
  try {
    checkMagic(file);
    db = new Database(file);
    applyPragmas(db, true);
    const version = checkedVersion(db, file);
    if (version === 0) checkNotForeign(db, file);
    else {
      checkStructure(db, file);
      const damage = changed ? deepCheck(db) : unclean || endedUncleanly(file, db) ? quickCheck(db) : null;
      if (damage) throw new CacheDamagedError(file, damage);
    }
    migrate(db as WritableDB);
  } catch (e) {
    closeQuietly(db);
    if (e instanceof CacheError) throw e;
    const damage = asDamage(file, e);
    if (damage instanceof CacheDamagedError) throw damage;
    throw new CacheError(`cache ${file} cannot be opened for writing: ${firstLine(e)}`);
  }
  return db as WritableDB;
}

/**
 * Open an existing cache read-only, or return null if `file` does not exist
 * or holds nothing yet (an empty cache: every verdict NO_DATA). Never
 * creates the file. A damaged or foreign file throws CacheDamagedError
 * (and is noted in `<cache>.health`, so the next sync rebuilds it, unless
 * `noteDamage` is false: doctor changes nothing).
 */
export function openReadable(file: string, opts: { noteDamage?: boolean } = {}): ReadableDB | null {
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    checkMagic(file);
    db = new Database(file, { readonly: true, fileMustExist: true });
    applyPragmas(db, false);
    const version = checkedVersion(db, file);
    // Older schemas (≥ 1) are readable as they are: the reader's queries use
    // only schema 1's columns, and the next sync migrates the file.
    if (version === 0) {
      checkNotForeign(db, file);
      db.close();
      return null;
    }
    checkStructure(db, file);
  } catch (e) {
    closeQuietly(db);
    const damage = asDamage(file, e);
    if (damage instanceof CacheDamagedError) {
      if (opts.noteDamage !== false) noteDamage(file, damage.why);
      throw damage;
    }
    if (e instanceof CacheError) throw e;
    throw new CacheError(`cache ${file} cannot be read: ${firstLine(e)} (expected a passport cache made by "passport-kiosk sync")`);
  }
  return db as ReadableDB;
}
