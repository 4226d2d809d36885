import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readVersion } from '../sqlite/migrate';
import { createPrivateFile, tightenSqliteFiles } from '../sqlite/private-file';
import { carryOverScanLog } from './carry-over';
import { LATEST_RECORDS_VERSION, migrateRecords, RECORDS_APPLICATION_ID } from './migrations';
import { RecordsError } from './records-error';

/**
 * SQLite handles for the records file, typed apart as the cache's are
 * (Signal-Desktop `ts/sql/Interface.ts`): code that only lists, exports or
 * checks takes a `ReadableRecordsDB`; only the kiosk's services and the
 * session commands hold a `WritableRecordsDB`. The brands exist only for
 * the type checker (a read-only handle is also opened read-only by SQLite),
 * and they differ from the cache's, so a cache handle can never be passed
 * where records are expected.
 */
export type ReadableRecordsDB = Database.Database & { readonly __recordsReadable: unique symbol };
export type WritableRecordsDB = ReadableRecordsDB & { readonly __recordsWritable: unique symbol };

export { RecordsError };

export interface OpenRecordsOptions {
  /**
   * An older version's `scan-log.sqlite`, carried into the records once
   * (carry-over.ts). Default: `scan-log.sqlite` beside the records file;
   * null: none.
   */
  legacyScanLog?: string | null;
  /** For tests of the POSIX file mode; default `process.platform`. */
  platform?: string;
}

const keep = 'it holds the kiosk\'s records (scan log, sessions, attendance), so do not delete it';

function tableNames(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return rows.map((r) => r.name);
}

/** What a file that is not a records file looks like, for the refusal. */
function looksLike(tables: string[]): string {
  if (tables.includes('passports')) return 'it looks like a passport cache (the "db" setting), not the records file';
  if (tables.includes('scan_log')) return 'it looks like an older version\'s scan log (scan-log.sqlite), which the kiosk carries into the records file by itself';
  return 'it is a SQLite file made by something else';
}

/**
 * Refuse anything that is not a records file this build can use, before
 * anything is written to it: another SQLite file given by mistake (its
 * `application_id` is not the records'), or one written by a newer version.
 * Returns the schema version; 0 for a new, empty file.
 */
function checkIdentity(db: Database.Database, file: string): number {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = readVersion(db);
  if (appId !== RECORDS_APPLICATION_ID) {
    const tables = tableNames(db);
    if (appId === 0 && version === 0 && tables.length === 0) return 0;
    throw new RecordsError(`${file} is not a records file: ${looksLike(tables)}; name the records file (setting "records", or --records FILE) or a new file`);
  }
  if (version > LATEST_RECORDS_VERSION) {
    throw new RecordsError(
      `records file ${file} was written by a newer version of the app (schema ${version}; this build knows up to ${LATEST_RECORDS_VERSION}): update the app; ${keep}`,
    );
  }
  return version;
}

/** SQLite's own complaint, made one line. */
function describe(e: unknown): string {
  return String((e as Error).message ?? e).replace(/\s+/g, ' ');
}

/** A file SQLite cannot read as a database at all (SQLITE_NOTADB) is not a records file either. */
function notADatabase(e: unknown, file: string): RecordsError | null {
  if ((e as { code?: unknown }).code !== 'SQLITE_NOTADB') return null;
  return new RecordsError(`${file} is not a records file: it is not a SQLite database at all; name the records file (setting "records", or --records FILE) or a new file`);
}

/**
 * Open the records file (or ':memory:', for unit tests) for writing, creating it if absent: owner-only on
 * POSIX, WAL, `synchronous = FULL` (an answered scan or check-in survives a
 * power cut), foreign keys on; migrate it to the latest schema; then carry
 * an older version's scan log into it, once (carry-over.ts).
 */
export function openRecords(file: string, options: OpenRecordsOptions = {}): WritableRecordsDB {
  // ':memory:' (unit tests): no file, so no mode to set and nothing beside it to carry over.
  const memory = file === ':memory:';
  const platform = memory ? 'win32' : (options.platform ?? process.platform);
  let db: Database.Database | undefined;
  try {
    createPrivateFile(file, platform);
    db = new Database(file, { fileMustExist: !memory });
    db.pragma('busy_timeout = 5000');
    checkIdentity(db, file);
    tightenSqliteFiles(file, platform);
    db.pragma('journal_mode = WAL');
    // FULL: in WAL mode each commit is synced to disk before it returns, so a
    // scan or arrival the screen has answered is never lost to a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Replaced roster rows (names, passport ids) are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    migrateRecords(db as WritableRecordsDB);
    const legacy = memory ? null : options.legacyScanLog === undefined ? path.join(path.dirname(file), 'scan-log.sqlite') : options.legacyScanLog;
    if (legacy !== null) carryOverScanLog(db as WritableRecordsDB, file, legacy);
    // SQLite made -wal and -shm with the main file's mode; make sure.
    tightenSqliteFiles(file, platform);
  } catch (e) {
    db?.close();
    if (e instanceof RecordsError) throw e;
    throw notADatabase(e, file) ?? new RecordsError(`records file ${file} cannot be opened for writing (${describe(e)}): check the path and that the kiosk's account may write to its folder; ${keep}`);
  }
  return db as WritableRecordsDB;
}

/**
 * Open an existing records file read-only (listing, export, doctor), or
 * return null if there is none yet (absent, or created but never
 * migrated). Never creates or changes the file. A file of an older schema
 * is refused: opening it for writing once (starting the kiosk, or any
 * session command) upgrades it.
 */
export function openRecordsReadonly(file: string): ReadableRecordsDB | null {
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const version = checkIdentity(db, file);
    if (version === 0) {
      db.close();
      return null;
    }
    if (version < LATEST_RECORDS_VERSION) {
      throw new RecordsError(
        `records file ${file} has schema ${version}, older than this build's ${LATEST_RECORDS_VERSION}: start the kiosk (or run any session command) once to upgrade it, then try again`,
      );
    }
  } catch (e) {
    db?.close();
    if (e instanceof RecordsError) throw e;
    throw notADatabase(e, file) ?? new RecordsError(`records file ${file} cannot be read (${describe(e)}): check the path and that this account may read it`);
  }
  return db as ReadableRecordsDB;
}
