import { statSync } from 'node:fs';
import path from 'node:path';
import { compiledWorker, ThreadPool } from '../workers/thread-pool';
import { stampSynced } from './cache-health';
import { closeQuietly, type WritableDB } from './db';

/**
 * Folding a large WAL back into the cache file off the sync's thread.
 *
 * Every sync ends with an empty WAL (frames found there later mean a sync
 * was killed: cache-health.ts `endedUncleanly`). For a delta of thousands of
 * records, folding the WAL back costs two fsyncs of tens of MB: ~0.35 s at
 * 10,000 records, measured. The new data is committed and visible before
 * that, so a sync with a large WAL returns its outcome at once and folds the
 * WAL back on a worker thread with its own connection; `whenFolded` says
 * when that is done. The next sync on the file waits for it, and so do the
 * CLI's `sync` before it exits and the kiosk when it closes. A kill meanwhile
 * leaves frames in the WAL, as a kill during the sync itself would: the next
 * sync checks the file before trusting it.
 */

/**
 * A WAL this large (128 pages: a delta of a few hundred records) is folded
 * back on a worker; a smaller one, as after a sync with nothing new, on the
 * sync's thread, where it costs less than starting a worker.
 */
export const LARGE_WAL_BYTES = 1024 * 1024;

/** The size of the cache's WAL, 0 when there is none. */
export function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

const folding = new Map<string, Promise<void>>();

/** Resolves when no fold started by this process is running on `file` (never rejects). */
export function whenFolded(file: string): Promise<void> {
  return folding.get(path.resolve(file)) ?? Promise.resolve();
}

const foldWorker = (): string | null => compiledWorker(__dirname, 'wal-fold-worker.js');

/** False when the compiled worker is absent (running from TypeScript sources): the sync folds on its own thread. */
export const canFoldInBackground = (): boolean => foldWorker() !== null;

/**
 * Hand a sync's writer over: fold the WAL back on a worker thread, close the
 * writer, then stamp the file as this sync left it (only where
 * `canFoldInBackground`). Returns at once; see
 * `whenFolded`. A fold that fails (a full disk, a locked file) leaves the
 * committed data in the WAL, where readers see it and the next sync checks
 * the file first.
 */
export function foldInBackground(db: WritableDB, file: string): void {
  const key = path.resolve(file);
  const done = fold(db, file).finally(() => {
    if (folding.get(key) === done) folding.delete(key);
  });
  folding.set(key, done);
}

async function fold(db: WritableDB, file: string): Promise<void> {
  const pool = new ThreadPool<'checkpoint' | 'close', unknown>(foldWorker()!, 1, path.resolve(file));
  try {
    // The worker's connection holds the file open, so closing the writer
    // below does not make SQLite fold the WAL on this thread after all.
    await pool.run('checkpoint');
  } catch {
    // See above: the next sync finds the frames and checks the file.
  } finally {
    closeQuietly(db);
    await pool.run('close').catch(() => undefined);
    await pool.close();
    stampSynced(file);
  }
}
