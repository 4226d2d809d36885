import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { RECORDS_APPLICATION_ID } from '../records/application-id';
import { CARRIED_OVER_KEY } from '../records/carry-over';
import { LATEST_RECORDS_VERSION } from '../records/migrations';
import { readVersion } from '../sqlite/migrate';
import { fail, ok, oneLine, warn, type Finding } from './findings';
import { quickCheck } from './quick-check';

/**
 * The records file (operations.md "The records file"): there and readable,
 * a records file (its application id), sound (`PRAGMA quick_check`), a
 * schema this build knows, and owner-only (0600) on POSIX. Opened read-only
 * and never created: unlike the cache, the records cannot be rebuilt, so
 * no fix here ever says to delete them.
 */

export interface RecordsCheckOptions {
  /** For the POSIX mode check; default `process.platform`. */
  platform?: string;
}

const keep = 'Do not delete it: the records cannot be rebuilt from the feed.';

function count(db: Database.Database, table: string): number | null {
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } catch {
    return null;
  }
}

export function checkRecords(file: string, opts: RecordsCheckOptions = {}): Finding {
  const platform = opts.platform ?? process.platform;
  if (!existsSync(file)) {
    return warn(
      'records',
      `There is no records file at ${file} yet: the kiosk creates it (scan log, sessions, attendance) when it first starts.`,
      'If this kiosk has run before, its records are missing: check the "records" setting in the machine config and the data folder, and restore the file from backup; otherwise start the kiosk once.',
    );
  }
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    return fail('records', `The records file ${file} cannot be read by this account (${oneLine(e)}).`, `Run doctor as the account the kiosk runs as, or give that account access to ${file}.`);
  }

  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    return fail('records', `The records file ${file} cannot be opened (${oneLine(e)}).`, `Check the file and its folder. ${keep}`);
  }
  let summary: string;
  let version: number;
  try {
    let appId: number;
    try {
      appId = db.pragma('application_id', { simple: true }) as number;
      version = readVersion(db);
    } catch (e) {
      return fail('records', `The records file ${file} is not a SQLite database, or is damaged (${oneLine(e)}).`, `Restore it from backup, and keep the damaged file for IT. ${keep}`);
    }
    if (appId !== RECORDS_APPLICATION_ID) {
      if (appId === 0 && version === 0) {
        return warn('records', `The records file ${file} is empty: the kiosk has not finished creating it.`, 'Start the kiosk once; it creates the tables.');
      }
      return fail(
        'records',
        `${file} is not a records file (it is some other SQLite file, perhaps the passport cache), so the kiosk will refuse to start.`,
        'Point "records" in the machine config at the records file, or remove the setting to use records.sqlite beside the cache.',
      );
    }
    if (version > LATEST_RECORDS_VERSION) {
      return fail(
        'records',
        `The records file ${file} was written by a newer version of the app (schema ${version}; this app knows up to schema ${LATEST_RECORDS_VERSION}), so this app refuses to use it.`,
        `Update the app on this kiosk to the version that wrote it. ${keep}`,
      );
    }
    const damage = quickCheck(db);
    if (damage) {
      const more = damage.more ? ` (and ${damage.more} more problem${damage.more === 1 ? '' : 's'})` : '';
      return fail('records', `The records file ${file} is damaged: SQLite's integrity check (PRAGMA quick_check) says "${damage.first}"${more}.`, `Restore it from backup, and keep the damaged file for IT. ${keep}`);
    }
    const scans = count(db, 'scan_log');
    const sessions = count(db, 'sessions');
    const carried = db.prepare('SELECT value FROM meta WHERE key = ?').get(CARRIED_OVER_KEY) as { value: string } | undefined;
    const carriedRows = carried ? (JSON.parse(carried.value) as { rows?: number }).rows : undefined;
    summary = [
      scans !== null && `${scans} scan${scans === 1 ? '' : 's'} logged`,
      sessions !== null && `${sessions} session${sessions === 1 ? '' : 's'}`,
      carriedRows !== undefined && `${carriedRows} carried over from an older scan-log.sqlite`,
    ]
      .filter(Boolean)
      .join(', ');
  } finally {
    db.close();
  }

  const upgrade = version < LATEST_RECORDS_VERSION ? ` Its schema ${version} is older than this app's ${LATEST_RECORDS_VERSION}; the kiosk upgrades it when it next starts.` : '';
  if (platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if (mode !== 0o600) {
      return warn(
        'records',
        `The records file ${file} is sound (quick_check ok, schema ${version}), but other accounts on this machine may read it (mode ${mode.toString(8).padStart(4, '0')}, not 0600): it holds names and attendance.${upgrade}`,
        `Run chmod 600 ${file} (the kiosk also tightens it, and its -wal and -shm files, when it next starts).`,
      );
    }
  }
  return ok('records', `The records file ${file} is sound (quick_check ok, schema ${version}${platform !== 'win32' ? ', mode 0600' : ''}): ${summary || 'empty'}.${upgrade}`);
}
