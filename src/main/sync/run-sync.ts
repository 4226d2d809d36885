import { CacheError, closeQuietly, openWritable, type WritableDB } from '../cache/db';
import { CacheWriter } from '../cache/cache-writer';
import {
  asDamage,
  CacheDamagedError,
  firstLine,
  isCorruption,
  isDiskFull,
  moveAside,
  stampSynced,
  type CacheRebuilt,
} from '../cache/cache-health';
import type { PinnedKey } from '../../core/jws';
import type { SyncFailureCode } from '../../core/codes';
import { canFoldInBackground, foldInBackground, LARGE_WAL_BYTES, walBytes, whenFolded } from '../cache/wal-fold';
import { FolderTransport } from './folder-transport';
import { HttpTransport, type HttpOptions } from './http-transport';
import { SyncError } from './sync-error';
import { syncFeed, workDirFor, type SyncSummary } from './sync-feed';
import type { FeedTransport } from './transport';

/**
 * How a sync ended, as stored in the cache and printed by `sync --json`.
 * `cacheRebuilt` is there when this sync found the cache damaged and moved
 * it aside (cache-health.ts) before rebuilding it from the feed.
 */
export type SyncOutcome = (SyncSummary | { ok: false; code: SyncFailureCode; message: string }) & { cacheRebuilt?: CacheRebuilt };

/** The transport for a `--feed` value: an http(s) URL, or a folder. */
export function transportFor(feed: string, http: HttpOptions = {}): FeedTransport {
  return /^https?:\/\//i.test(feed) ? new HttpTransport(feed, http) : new FolderTransport(feed);
}

export interface RunSyncOptions {
  db: string;
  transport: FeedTransport;
  hubKeys: readonly PinnedKey[];
  threads?: number;
  onProgress?: (message: string) => void;
  /** Clock for the stored outcome's time. */
  now?: () => number;
  /**
   * Called when the cache is found damaged, before it is moved aside: close
   * every other handle on it (Windows cannot rename an open file), and say
   * the data is unavailable until the rebuild completes.
   */
  onDamaged?: (damage: CacheDamagedError) => void;
}

/**
 * A full disk is not the feed's fault, but the spec's failure codes are all
 * about the feed; FETCH_FAILED ("could not get the feed onto this kiosk",
 * retried at the next sync) is the closest, and the message says plainly
 * what happened. The previous state is whole: the sync rolled back.
 */
function diskFull(file: string, e: unknown): { ok: false; code: SyncFailureCode; message: string } {
  return {
    ok: false,
    code: 'FETCH_FAILED',
    message: `disk full: the cache ${file} could not be written (${firstLine(e)}); the previous data is unchanged and still in use — free space on that disk (a rebuild needs about the cache's size again) and sync again`,
  };
}

/**
 * Open the cache for writing (created and migrated if needed), run one
 * sync, remember its outcome, close. Refusals come back as `{ok: false}`,
 * a full disk as a FETCH_FAILED that says "disk full". A damaged or foreign
 * cache — found on opening, or by SQLite during the sync — is moved aside
 * once (`<db>.damaged`) and rebuilt from the feed in the same run. A cache
 * that cannot be opened for another reason throws CacheError.
 */
export async function runSync(opts: RunSyncOptions): Promise<SyncOutcome> {
  // The last sync's WAL may still be being folded back (wal-fold.ts).
  await whenFolded(opts.db);
  const at = new Date((opts.now ?? Date.now)()).toISOString();
  let rebuilt: CacheRebuilt | undefined;
  const heal = (damage: CacheDamagedError) => {
    if (rebuilt) throw damage;
    opts.onDamaged?.(damage);
    rebuilt = { reason: damage.why, keptAs: moveAside(opts.db) };
    opts.onProgress?.(`Rebuilding the cache from the feed: it was damaged (${rebuilt.reason}); the damaged file is kept as ${rebuilt.keptAs}`);
  };
  for (;;) {
    let db: WritableDB;
    try {
      db = openWritable(opts.db);
    } catch (e) {
      if (e instanceof CacheDamagedError) {
        heal(e);
        continue;
      }
      if (e instanceof CacheError && isDiskFull(e)) return { ...diskFull(opts.db, e), ...(rebuilt && { cacheRebuilt: rebuilt }) };
      throw e;
    }
    const writer = new CacheWriter(db);
    let outcome: SyncOutcome;
    try {
      outcome = await syncFeed(writer, {
        transport: opts.transport,
        hubKeys: opts.hubKeys,
        workDir: workDirFor(opts.db),
        threads: opts.threads,
        onProgress: opts.onProgress,
      });
    } catch (e) {
      if (isCorruption(e)) {
        closeQuietly(db);
        heal(asDamage(opts.db, e) as CacheDamagedError);
        continue;
      }
      if (isDiskFull(e)) outcome = diskFull(opts.db, e);
      else if (e instanceof SyncError) outcome = { ok: false, code: e.code, message: e.message };
      else {
        closeQuietly(db);
        throw e;
      }
    }
    if (rebuilt) outcome = { ...outcome, cacheRebuilt: rebuilt };
    let large = false;
    try {
      writer.recordLastSync({ ...outcome, at });
      // Every sync ends with an empty WAL: frames found there by the next one
      // mean this one was killed (cache-health.ts `endedUncleanly`). A large
      // one (a delta of thousands of records) is folded back on a worker
      // thread after this returns; the data is already committed.
      large = walBytes(opts.db) >= LARGE_WAL_BYTES && canFoldInBackground();
      if (!large) writer.checkpoint();
    } catch (e) {
      // On a full disk the outcome cannot be stored; it is still returned.
      if (!isDiskFull(e)) {
        closeQuietly(db);
        throw asDamage(opts.db, e);
      }
    }
    if (large) {
      foldInBackground(db, opts.db);
      return outcome;
    }
    db.close();
    // What the file looks like as this sync leaves it: a later change by
    // anything else makes the next sync check it through.
    stampSynced(opts.db);
    return outcome;
  }
}
