import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { CacheError, openReadable } from '../cache/db';
import { LATEST_VERSION, readVersion } from '../cache/migrate';
import { rowToState, STATE_SQL, type CacheState } from '../cache/passport-cache';
import { fail, ok, oneLine, warn, type Finding } from './findings';

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

const rebuild = (file: string) =>
  `Delete ${file} (with its -wal and -shm files, if any) and run passport-kiosk sync to rebuild it from the feed; nothing is lost, the feed holds everything.`;

/** The schema version, read on a throw-away read-only handle; throws the SQLite error for a damaged file. */
function schemaVersion(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return readVersion(db);
  } finally {
    db.close();
  }
}

/** Run `PRAGMA quick_check`; null when sound, else SQLite's first complaint (and how many more). */
function quickCheck(db: Database.Database): { first: string; more: number } | null {
  let rows: { quick_check: string }[];
  try {
    rows = db.pragma('quick_check') as { quick_check: string }[];
  } catch (e) {
    return { first: oneLine(e), more: 0 };
  }
  const problems = rows
    .flatMap((r) => String(r.quick_check).split('\n'))
    .map((l) => l.trim())
    .filter((l) => l && !/^\*\*\* in database/.test(l));
  if (problems.length === 1 && problems[0] === 'ok') return null;
  return { first: (problems[0] ?? 'no answer').slice(0, 160), more: Math.max(0, problems.length - 1) };
}

const describeLast = (raw: unknown): { at: string; ok: boolean; code?: string; message?: string } | null => {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as { at?: unknown; ok?: unknown; code?: unknown; message?: unknown };
  if (typeof o.at !== 'string' || typeof o.ok !== 'boolean') return null;
  return { at: o.at, ok: o.ok, code: typeof o.code === 'string' ? o.code : undefined, message: typeof o.message === 'string' ? o.message : undefined };
};

/**
 * Check the cache file without changing it: it is opened read-only, the way
 * the kiosk opens it (src/main/cache/db.ts `openReadable`), and never created.
 * Integrity (`PRAGMA quick_check`), schema version, last sync, freshness.
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
    return { finding: fail('cache', `The cache ${file} cannot be read: it is damaged or not a passport cache (${oneLine(e)}).`, rebuild(file)), state: null };
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
  let db;
  try {
    db = openReadable(file);
  } catch (e) {
    const why = e instanceof CacheError ? oneLine(e) : `cache ${file} cannot be read: ${oneLine(e)}`;
    return { finding: fail('cache', `The ${why}.`.replace(/\.\.$/, '.'), rebuild(file)), state: null };
  }
  if (!db) return noData(`the cache ${file} is empty (no sync has completed)`);
  let state: CacheState;
  try {
    const damage = quickCheck(db);
    if (damage) {
      const more = damage.more ? ` (and ${damage.more} more problem${damage.more === 1 ? '' : 's'})` : '';
      return { finding: fail('cache', `The cache ${file} is damaged: SQLite's integrity check (PRAGMA quick_check) says "${damage.first}"${more}.`, rebuild(file)), state: null };
    }
    try {
      state = rowToState(db.prepare(STATE_SQL).get() as Parameters<typeof rowToState>[0]);
    } catch (e) {
      return { finding: fail('cache', `The cache ${file} is not a usable passport cache: its sync state cannot be read (${oneLine(e)}).`, rebuild(file)), state: null };
    }
  } finally {
    db.close();
  }

  if (state.seq === null || !state.expires) return { ...noData(`the cache ${file} has never completed a sync`), state };
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
  const upgrade = version < LATEST_VERSION ? ` Its schema ${version} is older than this app's ${LATEST_VERSION}; the kiosk reads it as it is, and the next sync upgrades it.` : '';
  return { finding: ok('cache', `The cache ${file} is sound (quick_check ok, schema ${version}): ${what}, valid until ${state.expires}.${lastWords}${upgrade}`), state };
}
