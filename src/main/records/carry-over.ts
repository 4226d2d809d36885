import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { readVersion } from '../sqlite/migrate';
import { RECORDS_APPLICATION_ID } from './application-id';
import type { ReadableRecordsDB, WritableRecordsDB } from './db';
import { RecordsError } from './records-error';

/**
 * Carrying an older version's scan log (`scan-log.sqlite`, its own SQLite
 * file) into the records, once (operations.md "The records file").
 *
 * Entry by entry: each legacy row is inserted into `scan_log` with the same
 * time, source, reader, passport id, outcome and reasons, in the legacy
 * order (ids are the records' own). All rows and the `meta` flag that says
 * it was done are written in one IMMEDIATE transaction, and the flag is
 * read again inside it: a kill part-way leaves nothing, so the next open
 * does it again cleanly, and it is never done twice (not even by two
 * processes opening the file at once).
 *
 * Afterwards the legacy file is renamed `scan-log.sqlite.carried-over`, not
 * deleted: a file still called scan-log.sqlite beside the records would
 * look like a log the kiosk still writes, but the old rows stay on disk
 * for IT to check and remove. The rename comes after the commit; if the
 * process dies between the two, the next open sees the flag, copies
 * nothing and renames it then.
 */

export const CARRIED_OVER_KEY = 'scan_log_carried_over';
export const CARRIED_OVER_SUFFIX = '.carried-over';

/** What the `meta` flag records. */
export interface CarriedOver {
  /** The legacy file's path when it was carried. */
  from: string;
  rows: number;
}

/** The carry-over flag, or null when no older scan log has been carried into this file. */
export function carriedOver(db: ReadableRecordsDB): CarriedOver | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(CARRIED_OVER_KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as CarriedOver) : null;
}

const LEGACY_COLUMNS = 'at, source, reader_id, passport_id, outcome, reasons';

/**
 * Rename the legacy file aside, unless something already has that name
 * (never overwrite). Best effort: the flag already prevents a second copy,
 * so a folder the kiosk may not rename in must not stop it from starting.
 */
function setAside(legacy: string): void {
  const target = legacy + CARRIED_OVER_SUFFIX;
  if (!existsSync(legacy) || existsSync(target)) return;
  try {
    renameSync(legacy, target);
  } catch {
    // Left in place; never copied again (the flag), and doctor's records check counts what was carried.
  }
}

/** Open the legacy log; null when it holds no scan log yet (created, never migrated). */
function openLegacy(legacy: string): Database.Database | null {
  // Read-write, so that rows still in its -wal (an old kiosk that was killed)
  // are read, and closing checkpoints them into the main file before the rename.
  const old = new Database(legacy, { fileMustExist: true });
  try {
    old.pragma('busy_timeout = 5000');
    if ((old.pragma('application_id', { simple: true }) as number) === RECORDS_APPLICATION_ID) {
      throw new RecordsError(`older scan log ${legacy} is a records file, not a scan log: name the old scan-log.sqlite, or move ${legacy} aside`);
    }
    const version = readVersion(old);
    if (version > 1) {
      throw new RecordsError(`older scan log ${legacy} has schema ${version}, which no version of scan-log.sqlite had: move it aside so the kiosk can start, and keep it for IT`);
    }
    const hasLog = old.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scan_log'").get() !== undefined;
    if (!hasLog) {
      if (version === 0) {
        old.close();
        return null;
      }
      throw new RecordsError(`older scan log ${legacy} has no scan_log table: move it aside so the kiosk can start, and keep it for IT`);
    }
    return old;
  } catch (e) {
    old.close();
    throw e;
  }
}

/**
 * Carry `legacy` into the records `db` (the file `recordsFile`) if it exists
 * and nothing has been carried yet. Returns what was carried by this call,
 * or null when there was nothing to do.
 */
export function carryOverScanLog(db: WritableRecordsDB, recordsFile: string, legacy: string): CarriedOver | null {
  if (path.resolve(legacy) === path.resolve(recordsFile)) return null;
  if (carriedOver(db)) {
    setAside(legacy);
    return null;
  }
  if (!existsSync(legacy)) return null;
  let old: Database.Database | null;
  try {
    old = openLegacy(legacy);
  } catch (e) {
    if (e instanceof RecordsError) throw e;
    throw new RecordsError(`older scan log ${legacy} cannot be read to carry it into ${recordsFile} (${(e as Error).message}): move it aside so the kiosk can start, and keep it for IT`);
  }
  let done: CarriedOver | null = null;
  try {
    const insert = db.prepare(`INSERT INTO scan_log (${LEGACY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`);
    const flag = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    const rows = old ? old.prepare(`SELECT ${LEGACY_COLUMNS} FROM scan_log ORDER BY id`).raw() : null;
    db.transaction(() => {
      if (carriedOver(db)) return;
      let n = 0;
      if (rows) {
        for (const row of rows.iterate() as IterableIterator<unknown[]>) {
          insert.run(...row);
          n++;
        }
      }
      done = { from: path.resolve(legacy), rows: n };
      flag.run(CARRIED_OVER_KEY, JSON.stringify(done));
    }).immediate();
  } catch (e) {
    throw new RecordsError(
      `older scan log ${legacy} could not be carried into ${recordsFile} (${(e as Error).message}); nothing was carried, and the next start tries again: if it keeps failing, move ${legacy} aside so the kiosk can start, and keep it for IT`,
    );
  } finally {
    old?.close();
  }
  setAside(legacy);
  return done;
}
