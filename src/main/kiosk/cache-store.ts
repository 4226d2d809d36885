import type { PassportStore } from '../../core/scan-verdict';
import { CacheDamagedError, describeRebuilt, type CacheRebuilt } from '../cache/cache-health';
import { CacheError } from '../cache/cache-error';
import { EMPTY_STORE, openPassportStore, PassportCache } from '../cache/passport-cache';

/**
 * The passport cache as the app reads it: a PassportStore that follows the
 * cache file through syncs and heals. Before the first sync there is no file
 * (an empty store). A file found damaged — when it is opened, or by a scan
 * that reads a damaged page or row — is closed at once (so the sync can
 * move it aside; Windows cannot rename an open file), the store answers as
 * an empty one ("no data", never a wrong verdict), and `onDamaged` asks for
 * a sync, which rebuilds the cache from the feed (run-sync.ts).
 */
export class CacheStore implements PassportStore {
  private current: { store: PassportStore; close(): void } = { store: EMPTY_STORE, close: () => undefined };
  private damage: { why: string; at: string } | null = null;

  constructor(
    private readonly file: string,
    private readonly onDamaged: () => void = () => undefined,
    private readonly clock: () => number = Date.now,
  ) {
    this.open();
  }

  private open(): void {
    try {
      this.current = openPassportStore(this.file);
      this.damage = null;
    } catch (e) {
      if (!(e instanceof CacheDamagedError)) throw e;
      this.found(e);
    }
  }

  /** Damage found: stop reading the file, say so, ask for the rebuild. */
  private found(e: CacheDamagedError): void {
    this.current.close();
    this.current = { store: EMPTY_STORE, close: () => undefined };
    this.damage = { why: e.why, at: new Date(this.clock()).toISOString() };
    this.onDamaged();
  }

  /** After a sync: the file may be new (first sync, or rebuilt after damage), so open it afresh. */
  refresh(): void {
    this.current.close();
    this.current = { store: EMPTY_STORE, close: () => undefined };
    this.open();
  }

  /** Close the file (before a sync moves a damaged one aside). */
  release(): void {
    this.current.close();
    this.current = { store: EMPTY_STORE, close: () => undefined };
  }

  /** The damage found since the last sync, or null. */
  damaged(): { why: string; at: string } | null {
    return this.damage;
  }

  /**
   * The last sync's stored outcome; while the file is damaged, an outcome
   * that says so (the status bar then says the data is unavailable and
   * being rebuilt, not that the kiosk never synced).
   */
  lastSync(): unknown {
    if (this.damage) {
      return { ok: false, at: this.damage.at, message: `The passport cache was found damaged (${this.damage.why}) and is being rebuilt from the feed` };
    }
    return this.current.store instanceof PassportCache ? this.guard(() => this.current.store instanceof PassportCache ? this.current.store.state().lastSync : null, null) : null;
  }

  snapshot() {
    return this.guard(() => this.current.store.snapshot(), null);
  }

  findByBadges(keys: Parameters<PassportStore['findByBadges']>[0]) {
    return this.guard(() => this.current.store.findByBadges(keys), 'throw');
  }

  findById(id: string) {
    return this.guard(() => this.current.store.findById(id), 'throw');
  }

  close() {
    this.current.close();
  }

  /**
   * A read that finds damage: the store switches to "no data" and the
   * rebuild is asked for. A snapshot then answers null (NO_DATA); a lookup,
   * whose scan already had a snapshot, is refused with a sentence for the
   * desk rather than answered wrongly.
   */
  private guard<T>(read: () => T, onDamage: T | 'throw'): T {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof CacheDamagedError)) throw e;
      this.found(e);
      if (onDamage !== 'throw') return onDamage;
      throw new CacheError('The passport data is unavailable: the cache was found damaged and is being rebuilt from the feed. Scan again in a few minutes, or call IT if this lasts.');
    }
  }
}

/** The status-bar words for a sync that rebuilt a damaged cache (appended to its outcome). */
export const rebuiltWords = (r: CacheRebuilt, ok: boolean): string => {
  const s = describeRebuilt(r, ok);
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
};
