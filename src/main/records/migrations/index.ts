import type { WritableRecordsDB } from '../db';
import { runMigrations, type Migration } from '../../sqlite/migrate';
import { m001ScanLog } from './001-scan-log';
import { m002Sessions } from './002-sessions';
import { m003Outbox } from './003-outbox';
import { m004Audit } from './004-audit';

export { RECORDS_APPLICATION_ID } from '../application-id';

/** A numbered records schema step, run by the kiosk's one runner (src/main/sqlite/migrate.ts). */
export type RecordsMigration = Migration<WritableRecordsDB>;

/** Every schema version, in order. Append only; never edit a released one. */
export const RECORDS_MIGRATIONS: readonly RecordsMigration[] = [m001ScanLog, m002Sessions, m003Outbox, m004Audit];

export const LATEST_RECORDS_VERSION = RECORDS_MIGRATIONS.length;

/** Apply every records migration above the file's version, up to `target` (default: latest). */
export function migrateRecords(db: WritableRecordsDB, target = LATEST_RECORDS_VERSION): void {
  runMigrations(db, RECORDS_MIGRATIONS, target);
}
