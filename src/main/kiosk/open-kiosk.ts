import path from 'node:path';
import type { PinnedKey } from '../../core/jws';
import type { PassportStore } from '../../core/scan-verdict';
import type { SitePolicy } from '../../core/schemas/policy';
import { openPassportStore, PassportCache } from '../cache/passport-cache';
import { runSync, transportFor, type SyncOutcome } from '../sync/run-sync';
import type { HttpOptions } from '../sync/http-transport';
import type { SyncOutcomeDto } from '../../shared/kiosk-api';
import { folderPhotoSource } from './feed-photos';
import { KioskService, type Clock, type ReaderSource, type SyncRunner } from './kiosk-service';
import { ScanLog } from './scan-log';

/**
 * Putting the real services together: the SQLite passport cache
 * (src/main/cache), the sync (src/main/sync), the scan log, photos, and
 * readers. Electron's main process and browser mode both start here.
 */

export interface OpenKioskOptions {
  /** The passport cache file (created by the first sync). */
  cacheFile: string;
  /** The scan log file; default `scan-log.sqlite` beside the cache. */
  scanLogFile?: string;
  policy: SitePolicy;
  clock: Clock;
  /** `http`: HTTP client settings (Electron passes its session's fetch, so the OS proxy applies). */
  feed?: { source: string; hubKeys: readonly PinnedKey[]; threads?: number; http?: HttpOptions };
  readers?: ReaderSource;
  site?: string;
  idleSeconds?: number;
  sounds?: boolean;
}

export interface OpenKiosk {
  services: KioskService;
  /** The scan log, for export and `doctor`; the services write to it. */
  scanLog: ScanLog;
  close(): void;
}

/**
 * A PassportStore that follows the cache file: before the first sync there
 * is no file (an empty store); once a sync creates it, it is opened.
 */
class CacheStore implements PassportStore {
  private current: ReturnType<typeof openPassportStore>;
  constructor(private readonly file: string) {
    this.current = openPassportStore(file);
  }
  /** Open the file if it did not exist before. */
  refresh(): void {
    if (!(this.current.store instanceof PassportCache)) {
      this.current.close();
      this.current = openPassportStore(this.file);
    }
  }
  lastSync(): unknown {
    return this.current.store instanceof PassportCache ? this.current.store.state().lastSync : null;
  }
  snapshot() {
    return this.current.store.snapshot();
  }
  findByBadges(keys: Parameters<PassportStore['findByBadges']>[0]) {
    return this.current.store.findByBadges(keys);
  }
  findById(id: string) {
    return this.current.store.findById(id);
  }
  close() {
    this.current.close();
  }
}

/** How a sync outcome reads in the status bar. */
export function toSyncOutcomeDto(outcome: SyncOutcome, at: string): SyncOutcomeDto {
  if (!outcome.ok) return { at, ok: false, code: outcome.code, message: outcome.message };
  const what = outcome.mode === 'none' ? 'already up to date' : `${outcome.applied} passport${outcome.applied === 1 ? '' : 's'} updated`;
  return { at, ok: true, message: `Synced: ${what}`, applied: outcome.applied };
}

function storedOutcome(raw: unknown): SyncOutcomeDto | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as SyncOutcome & { at?: string };
  if (typeof o.at !== 'string' || typeof o.ok !== 'boolean') return null;
  return toSyncOutcomeDto(o, o.at);
}

/** Open the cache and scan log and build the services over them. */
export function openKiosk(options: OpenKioskOptions): OpenKiosk {
  const store = new CacheStore(options.cacheFile);
  const scanLog = new ScanLog(options.scanLogFile ?? path.join(path.dirname(options.cacheFile), 'scan-log.sqlite'));
  const feed = options.feed;
  const sync: SyncRunner | undefined = feed && {
    last: () => storedOutcome(store.lastSync()),
    run: async (onProgress) => {
      const outcome = await runSync({
        db: options.cacheFile,
        transport: transportFor(feed.source, feed.http),
        hubKeys: feed.hubKeys,
        threads: feed.threads,
        now: options.clock,
        onProgress: (message) => onProgress({ phase: 'progress', message }),
      });
      store.refresh();
      return toSyncOutcomeDto(outcome, new Date(options.clock()).toISOString());
    },
  };
  const isFolder = feed && !/^https?:\/\//i.test(feed.source);
  const services = new KioskService({
    store,
    policy: options.policy,
    clock: options.clock,
    scanLog,
    site: options.site,
    idleSeconds: options.idleSeconds,
    sounds: options.sounds,
    sync,
    readers: options.readers,
    photos: isFolder ? folderPhotoSource(feed.source) : undefined,
  });
  return {
    services,
    scanLog,
    close: () => {
      services.dispose();
      scanLog.close();
      store.close();
    },
  };
}
