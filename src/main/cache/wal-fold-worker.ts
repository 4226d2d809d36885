import '../workers/compile-cache';
import Database from 'better-sqlite3';
import { serveRequests } from '../workers/thread-pool';

/**
 * Worker thread entry for wal-fold.ts: opens its own connection to the
 * cache (set up with the file's path) and, on request, folds the WAL back
 * into the file (`checkpoint`) or closes (`close`). Its connection reads
 * once on opening, so it holds the file open: the sync's writer can then
 * close without SQLite folding the WAL on the sync's own thread.
 */
serveRequests<string, 'checkpoint' | 'close', unknown>((file) => {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('schema_version');
  return (op) => {
    if (op === 'checkpoint') return db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return null;
  };
});
