import { openWritable } from '../cache/db';
import { CacheWriter } from '../cache/cache-writer';
import type { PinnedKey } from '../../core/jws';
import type { SyncFailureCode } from '../../core/codes';
import { FolderTransport } from './folder-transport';
import { HttpTransport, type HttpOptions } from './http-transport';
import { SyncError } from './sync-error';
import { syncFeed, workDirFor, type SyncSummary } from './sync-feed';
import type { FeedTransport } from './transport';

/** How a sync ended, as stored in the cache and printed by `sync --json` on refusal. */
export type SyncOutcome = SyncSummary | { ok: false; code: SyncFailureCode; message: string };

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
}

/**
 * Open the cache for writing (created and migrated if needed), run one
 * sync, remember its outcome, close. Refusals come back as `{ok: false}`;
 * a cache that cannot be opened throws CacheError.
 */
export async function runSync(opts: RunSyncOptions): Promise<SyncOutcome> {
  const db = openWritable(opts.db);
  const writer = new CacheWriter(db);
  const at = new Date((opts.now ?? Date.now)()).toISOString();
  try {
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
      if (!(e instanceof SyncError)) throw e;
      outcome = { ok: false, code: e.code, message: e.message };
    }
    writer.recordLastSync({ ...outcome, at });
    return outcome;
  } finally {
    db.close();
  }
}
