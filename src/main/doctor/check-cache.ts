import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { CacheDamagedError, damagedPath, describeRebuilt, notedDamage, type CacheRebuilt } from '../cache/cache-health';
import { CacheError, openReadable } from '../cache/db';
import { LATEST_VERSION, readVersion } from '../cache/migrate';
import { rowToState, STATE_SQL, type CacheState } from '../cache/passport-cache';
import { fail, ok, oneLine, warn, type Finding } from './findings';
import { quickCheck } from './quick-check';

/** The passport cache as doctor found it. */
export interface CacheInspection {
  finding: Finding;
  /** The sync state when the cache could be read (its cursor, for the feed check), else null. */
  state: CacheState | null;
}

export interface CacheCheckOptions {
  /** Now, ms since the epoch (freshness is judged against it). */
  now: number;
  /** How to sync this cache, for the fixes: `passport-kiosk sync --db … --feed …`. */
  syncHint?: string;
}

const rebuild = (file: string, syncIt: string) =>
  `Run ${syncIt}: the sync moves the damaged file aside (kept as ${damagedPath(file)}, for IT) to rebuild it from the feed; nothing is lost, the feed holds everything. The kiosk does the same at its next sync. Delete ${file} (with its -wal and -shm files) by hand only if the sync says it cannot move it.`;

/** The schema version, read on a throw-away read-only handle; throws the SQLite error for a damaged file. */
function schemaVersion(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return readVersion(db);
  } finally {
    db.close();
  }
}

/** SQLite's own integrity check on a throw-away read-only handle (before the cache's structure checks, which stop at the first problem). */
function integrity(file: string): { first: string; more: number } | null {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return quickCheck(db);
  } finally {
    db.close();
  }
}

const describeLast = (raw: unknown): { at: string; ok: boolean; code?: string; message?: string } | null => {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as { at?: unknown; ok?: unknown; code?: unknown; message?: unknown };
  if (typeof o.at !== 'string' || typeof o.ok !== 'boolean') return null;
  return { at: o.at, ok: o.ok, code: typeof o.code === 'string' ? o.code : undefined, message: typeof o.message === 'string' ? o.message : undefined };
};

/** The heal the last sync did (run-sync.ts `cacheRebuilt`), if it did one. */
function rebuiltBy(raw: unknown): CacheRebuilt | null {
  const r = raw && typeof raw === 'object' ? (raw as { cacheRebuilt?: Partial<CacheRebuilt> }).cacheRebuilt : undefined;
  return r && typeof r.reason === 'string' && typeof r.keptAs === 'string' ? { reason: r.reason, keptAs: r.keptAs } : null;
}

/**
 * Check the cache file without changing it: it is opened read-only, the way
 * the kiosk opens it (src/main/cache/db.ts `openReadable`), and never created.
 * Integrity (`PRAGMA quick_check`, the cache's own structure checks, damage
 * a scan noted), schema version, last sync (and whether it rebuilt a damaged
 * cache), freshness.
 */
export function checkCache(file: string, opts: CacheCheckOptions): CacheInspection {
  const syncIt = opts.syncHint ?? `passport-kiosk sync --db ${file} --feed FEED --hub-key FILE`;
  const noData = (why: string): CacheInspection => ({
    finding: warn('cache', `No data yet: ${why}, so every scan says "no data" until the first sync.`, `Run ${syncIt}, or start the kiosk, which syncs when it starts.`),
    state: null,
  });
  if (!existsSync(file)) return noData(`there is no cache at ${file}`);

  let version: number;
  try {
    version = schemaVersion(file);
  } catch (e) {
    return { finding: fail('cache', `The cache ${file} cannot be read: it is damaged or not a passport cache (${oneLine(e)}).`, rebuild(file, syncIt)), state: null };
  }
  if (version > LATEST_VERSION) {
    return {
      finding: fail(
        'cache',
        `The cache ${file} was written by a newer version of the app (schema ${version}; this app knows up to schema ${LATEST_VERSION}), so this app refuses to use it.`,
        `Update the app on this kiosk to the version that wrote the cache, or delete ${file} and sync again with this version.`,
      ),
      state: null,
    };
  }
  if (version === 0) return noData(`the cache ${file} is empty (no sync has completed)`);
  if (version > 0) {
    const damage = integrity(file);
    if (damage) {
      const more = damage.more ? ` (and ${damage.more} more problem${damage.more === 1 ? '' : 's'})` : '';
      return { finding: fail('cache', `The cache ${file} is damaged: SQLite's integrity check (PRAGMA quick_check) says "${damage.first}"${more}.`, rebuild(file, syncIt)), state: null };
    }
  }
  const noted = notedDamage(file);
  if (noted) {
    return {
      finding: fail('cache', `The cache ${file} is damaged: a scan at ${noted.at} found that ${noted.damaged}, so scans say the data is unavailable.`, rebuild(file, syncIt)),
      state: null,
    };
  }
  let db;
  try {
    // Read-only, and doctor changes nothing: damage is reported, not noted.
    db = openReadable(file, { noteDamage: false });
  } catch (e) {
    if (e instanceof CacheDamagedError) return { finding: fail('cache', `The cache ${file} is damaged (${e.why}).`, rebuild(file, syncIt)), state: null };
    const why = e instanceof CacheError ? oneLine(e) : `cache ${file} cannot be read: ${oneLine(e)}`;
    return { finding: fail('cache', `The ${why}.`.replace(/\.\.$/, '.'), rebuild(file, syncIt)), state: null };
  }
  if (!db) return noData(`the cache ${file} is empty (no sync has completed)`);
  let state: CacheState;
  try {
    state = rowToState(db.prepare(STATE_SQL).get() as Parameters<typeof rowToState>[0]);
  } catch (e) {
    return { finding: fail('cache', `The cache ${file} is not a usable passport cache: its sync state cannot be read (${oneLine(e)}).`, rebuild(file, syncIt)), state: null };
  } finally {
    db.close();
  }

  const healed = rebuiltBy(state.lastSync);
  if (state.seq === null || !state.expires) {
    if (!healed) return { ...noData(`the cache ${file} has never completed a sync`), state };
    const last = describeLast(state.lastSync);
    return {
      finding: fail(
        'cache',
        `The passport data is unavailable: ${describeRebuilt(healed, false)}, and the rebuild has not completed${last && !last.ok ? ` (the last sync, at ${last.at}, was refused: ${last.code ?? 'failed'}: ${last.message ?? 'no reason recorded'})` : ''}; every scan says "no data" until it does.`,
        `Fix what the refusal names (see the feed finding), then run ${syncIt}.`,
      ),
      state,
    };
  }
  const last = describeLast(state.lastSync);
  const lastWords = last ? ` The last sync ran at ${last.at}${last.ok ? ' and succeeded' : ` and was refused (${last.code ?? 'failed'}: ${last.message ?? 'no reason recorded'})`}.` : '';
  const what = `feed "${state.feed}" at seq ${state.seq}, published ${state.published}`;
  if (opts.now > Date.parse(state.expires)) {
    return {
      finding: fail(
        'cache',
        `The cached data is out of date: it expired at ${state.expires} (${what}), so every scan is marked DATA_STALE.${lastWords}`,
        `Run ${syncIt} now, and check that the scheduled sync reaches the feed (see the feed finding); if the feed itself has expired, contact the hub that publishes it.`,
      ),
      state,
    };
  }
  if (last && !last.ok) {
    return {
      finding: warn('cache', `The cache ${file} is sound and current until ${state.expires} (${what}), but the last sync failed.${lastWords}`, `Fix what the refusal names (see the feed finding), then run ${syncIt}.`),
      state,
    };
  }
  if (healed) {
    return {
      finding: warn(
        'cache',
        `The cache ${file} is sound now (${what}, valid until ${state.expires}), but ${describeRebuilt(healed, true)}.${lastWords}`,
        `Nothing to do for the kiosk. IT may inspect ${healed.keptAs} and then delete it; if caches keep being damaged, check the disk and the power supply of this machine.`,
      ),
      state,
    };
  }
  const upgrade = version < LATEST_VERSION ? ` Its schema ${version} is older than this app's ${LATEST_VERSION}; the kiosk reads it as it is, and the next sync upgrades it.` : '';
  return { finding: ok('cache', `The cache ${file} is sound (quick_check ok, schema ${version}): ${what}, valid until ${state.expires}.${lastWords}${upgrade}`), state };
}
