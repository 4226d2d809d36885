import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { isoInstant } from '../../core/schemas/common';
import { badgeSignature } from './badge-signature';
import { badgeTypeName } from './badge-types';
import { CacheError } from './cache-error';
import { storedJws, type JwsColumns } from './stored-jws';

/**
 * Recognising a damaged or foreign cache file, and moving it aside so a sync
 * can rebuild it from the feed. The cache is disposable (the feed holds
 * everything), so a damaged file is never repaired in place: it is renamed
 * to `<cache>.damaged` (with its -wal/-shm/-journal) for IT, and a fresh
 * cache is built. Only the cache file and its siblings are touched, by
 * exact name — never anything else beside it (the records file lives there).
 *
 * How damage is found:
 * - on every open (cheap): SQLite's own errors (SQLITE_CORRUPT, SQLITE_NOTADB),
 *   a file of another kind, missing tables or state row, a stored trust list
 *   that no longer has its hash (`checkStructure`);
 * - on every read: SQLite's errors, and a stored record whose columns and
 *   JWS disagree (`storedRecordProblem`) — a reader that finds damage
 *   notes it in `<cache>.health`, so the next sync rebuilds;
 * - when a sync opens the file after an unclean end (a killed sync, a power
 *   cut): SQLite's `quick_check`;
 * - when a sync opens the file after it was changed outside a sync (its size
 *   or time differ from what the last sync left in `<cache>.health`): the
 *   deep check, `PRAGMA integrity_check` plus every row's JWS, columns and
 *   badges held to each other (`deepCheck`).
 */

/** The cache file is damaged or is not a passport cache; the message says what to do (one line). */
export class CacheDamagedError extends CacheError {
  constructor(
    readonly file: string,
    /** Short: what is wrong ("database disk image is malformed", "its sync state is missing"). */
    readonly why: string,
  ) {
    super(`cache ${file} is damaged (${why}): run \`passport-kiosk sync\` to rebuild it from the feed`);
  }
}

/** What a heal did, for the sync outcome, the status bar and `doctor`. */
export interface CacheRebuilt {
  /** What was wrong with the old file. */
  reason: string;
  /** Where the damaged file was kept. */
  keptAs: string;
}

const CORRUPT_CODES = /^SQLITE_(CORRUPT|NOTADB)/;
const CORRUPT_WORDS = /database disk image is malformed|file is not a database|malformed database schema|database corrupt/i;

/** True for an error SQLite raises on a damaged or non-database file (not for locks, I/O or a full disk). */
export function isCorruption(e: unknown): boolean {
  if (e instanceof CacheDamagedError) return true;
  const { code, message } = errorParts(e);
  return (code !== undefined && CORRUPT_CODES.test(code)) || CORRUPT_WORDS.test(message);
}

/**
 * An error's code and message, by shape rather than `instanceof Error`: an
 * error made in another realm (a worker, a test sandbox) is not an instance
 * of this realm's Error.
 */
function errorParts(e: unknown): { code: string | undefined; message: string } {
  if (typeof e !== 'object' || e === null) return { code: undefined, message: String(e) };
  const { code, message } = e as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : undefined, message: typeof message === 'string' ? message : String(e) };
}

/** True for a full disk: SQLite's SQLITE_FULL or the file system's ENOSPC/EDQUOT. */
export function isDiskFull(e: unknown): boolean {
  const { code, message } = errorParts(e);
  return (code !== undefined && /^(SQLITE_FULL|ENOSPC|EDQUOT)$/.test(code)) || /database or disk is full|no space left on device/i.test(message);
}

/** The first line of an error's message. */
export const firstLine = (e: unknown): string => errorParts(e).message.split('\n')[0]!.trim();

/** Turn a SQLite corruption error into a CacheDamagedError naming `file`; anything else is returned as it is. */
export function asDamage(file: string, e: unknown): unknown {
  if (e instanceof CacheDamagedError || !isCorruption(e)) return e;
  return new CacheDamagedError(file, firstLine(e));
}

const TABLES = ['state', 'passports', 'badges'];
const DEBRIS = ['passports_next', 'badges_next', 'passports_old', 'badges_old'];

/**
 * Check that an open cache of schema ≥ 1 is a passport cache in one piece,
 * cheaply (no full scan): its tables exist, its one state row is there, and
 * the stored trust list still has the hash it was stored under. Throws
 * CacheDamagedError (SQLite's own corruption errors included).
 */
export function checkStructure(db: Database.Database, file: string): void {
  try {
    const names = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = TABLES.filter((t) => !names.has(t));
    if (missing.length) throw new CacheDamagedError(file, `it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}`);
    const row = db.prepare('SELECT feed, seq, published, expires, trust_sha256, trust_json, last_sync FROM state WHERE one = 1').get() as
      | { feed: unknown; seq: unknown; published: unknown; expires: unknown; trust_sha256: string | null; trust_json: string | null; last_sync: unknown }
      | undefined;
    if (!row) throw new CacheDamagedError(file, 'its sync state is missing');
    if (row.seq !== null) {
      // What the manifest schema let in (feed.md): anything else was not written by a sync.
      const instant = (v: unknown) => typeof v === 'string' && isoInstant.safeParse(v).success;
      const feedId = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 128 && !v.includes('\u0000');
      const sound = Number.isSafeInteger(row.seq) && feedId(row.feed) && instant(row.published) && instant(row.expires);
      if (!sound) throw new CacheDamagedError(file, 'its sync state is not readable');
    }
    if (row.last_sync !== null) {
      try {
        JSON.parse(String(row.last_sync));
      } catch {
        throw new CacheDamagedError(file, 'its last sync outcome is not readable');
      }
    }
    if (row.trust_sha256 !== null) {
      const sha = row.trust_json === null ? null : createHash('sha256').update(row.trust_json, 'utf8').digest('hex');
      if (sha !== row.trust_sha256) throw new CacheDamagedError(file, 'its stored trust list does not match its hash');
    }
  } catch (e) {
    throw asDamage(file, e);
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Recognise a file that is not SQLite at all before SQLite opens it: SQLite
 * would otherwise also reset a -wal beside it, which IT may want to see.
 * An empty file is an empty database.
 */
export function checkMagic(file: string): void {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(SQLITE_MAGIC.length);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return; // Not readable: SQLite's open says why.
  }
  if (head.length > 0 && !head.equals(SQLITE_MAGIC)) throw new CacheDamagedError(file, 'file is not a database');
}

/** A file of schema 0 that already holds tables was made by something else. */
export function checkNotForeign(db: Database.Database, file: string): void {
  let tables: string[];
  try {
    tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' LIMIT 3").all() as { name: string }[]).map((r) => r.name);
  } catch (e) {
    throw asDamage(file, e);
  }
  if (tables.length) throw new CacheDamagedError(file, `it is not a passport cache: it holds tables ${tables.join(', ')}`);
}

/**
 * Did the last writer stop without finishing? Every sync, refused or not,
 * ends by truncating the WAL; a WAL with frames in it, or tables a rebuild
 * leaves behind, means a sync was killed (or the machine lost power). Then
 * the file gets SQLite's quick check before it is trusted again.
 */
export function endedUncleanly(file: string, db?: Database.Database): boolean {
  try {
    if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) return true;
  } catch {
    return true;
  }
  if (!db) return false;
  const debris = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN (${DEBRIS.map(() => '?').join(', ')})`).get(...DEBRIS) as {
    n: number;
  };
  return debris.n > 0;
}

/** The sidecar where the last sync leaves the file's size and time, and a reader notes damage it found. */
export const healthPath = (file: string): string => `${file}.health`;

type Health = { size: number; mtimeMs: number } | { damaged: string; at: string };

function readHealth(file: string): Health | null {
  try {
    return JSON.parse(readFileSync(healthPath(file), 'utf8')) as Health;
  } catch {
    return null;
  }
}

/** After a sync has closed the file: remember its size and time, to see later whether anything else changed it. */
export function stampSynced(file: string): void {
  try {
    const st = statSync(file);
    writeFileSync(healthPath(file), JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs }));
  } catch {
    // Best effort: without a stamp the next sync only misses one reason to look closer.
  }
}

/** A reader found the file damaged: note it, so the next sync moves it aside even if SQLite's checks pass. */
export function noteDamage(file: string, why: string, at = new Date()): void {
  try {
    if (existsSync(file)) writeFileSync(healthPath(file), JSON.stringify({ damaged: why, at: at.toISOString() }));
  } catch {
    // Best effort (a read-only folder): the sync's own checks still run.
  }
}

/** Damage a reader noted since the last sync, or null. */
export function notedDamage(file: string): { damaged: string; at: string } | null {
  const h = readHealth(file);
  return h && 'damaged' in h && typeof h.damaged === 'string' ? h : null;
}

/** Was the file changed since the last sync closed it (by anything but a sync)? False when no sync has stamped it. */
export function changedOutsideSync(file: string): boolean {
  const h = readHealth(file);
  if (!h || !('size' in h)) return false;
  try {
    const st = statSync(file);
    // To the millisecond: what every file system and copy tool keeps (and
    // setting a time can come back a hair off).
    return st.size !== h.size || Math.abs(st.mtimeMs - h.mtimeMs) >= 1;
  } catch {
    return false;
  }
}

type StoredRow = { id: string; iss: string; rev: number; erased: number } & JwsColumns;
type DecodedRecord = { id?: unknown; iss?: unknown; rev?: unknown; badges?: { type: string; value: string }[] };

/**
 * A stored row's JWS text and payload, or why the row and its JWS disagree.
 * `parse: false` (the scan path) skips parsing the record when the row's CRC
 * held: the sync wrote the columns from the record it verified.
 */
function decodeStored(row: StoredRow, parse = true): { problem: string } | { jws: string | null; record: DecodedRecord | null } {
  const stored = storedJws(row);
  if (stored === null) return row.erased === 1 ? { jws: null, record: null } : { problem: `passport ${row.id} has lost its record` };
  if ('problem' in stored) return { problem: `passport ${row.id}'s stored record ${stored.problem}` };
  if (row.erased === 1) return { problem: `erased passport ${row.id} still holds a record` };
  if (!parse && stored.checked) return { jws: stored.jws, record: null };
  let record: DecodedRecord;
  try {
    record = JSON.parse(stored.payload.toString('utf8')) as DecodedRecord;
  } catch {
    return { problem: `passport ${row.id}'s stored record is not readable` };
  }
  if (record.id !== row.id || record.iss !== row.iss || record.rev !== row.rev) return { problem: `passport ${row.id}'s stored record does not match its columns` };
  return { jws: stored.jws, record };
}

/**
 * A stored passport row's record as compact JWS text (null for an erased
 * passport), or `problem`: why the row and its JWS disagree — damage the
 * signature check would misreport as a forgery.
 */
export function storedRecordJws(row: StoredRow): { jws: string | null } | { problem: string } {
  const d = decodeStored(row, false);
  return 'problem' in d ? d : { jws: d.jws };
}

/** SQLite's `PRAGMA quick_check` (pages and free list, not index contents): null when sound, else its first complaint. */
export function quickCheck(db: Database.Database): string | null {
  const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
  const problems = rows
    .flatMap((r) => String(r.quick_check).split('\n'))
    .map((l) => l.trim())
    .filter((l) => l && l !== 'ok' && !/^\*\*\* in database/.test(l));
  return problems.length ? `integrity check: ${problems[0]!.slice(0, 160)}` : null;
}

/**
 * The deep check: SQLite's `integrity_check` (pages, free list, every index
 * against its table), then every passport's columns against its JWS, and
 * the badges table against both (through `badge_sig`). A full read of the
 * file, so it runs only when there is a reason to doubt it. Null when sound.
 */
export function deepCheck(db: Database.Database): string | null {
  const rows = db.pragma('integrity_check(5)') as { integrity_check: string }[];
  // One row may hold several lines, the first naming the database.
  const problems = rows
    .flatMap((r) => String(r.integrity_check).split('\n'))
    .map((l) => l.trim())
    .filter((l) => l && l !== 'ok' && !/^\*\*\* in database/.test(l));
  if (problems.length) return `integrity check: ${problems[0]!.slice(0, 160)}`;
  const passports = db
    .prepare('SELECT pid, id, iss, rev, erased, jws, hdr, body, sig, crc, badge_sig FROM passports ORDER BY pid')
    .iterate() as IterableIterator<StoredRow & { pid: number; badge_sig: number | null }>;
  const badges = db.prepare('SELECT pid, type, value FROM badges ORDER BY pid').iterate() as IterableIterator<{ pid: number; type: unknown; value: string }>;
  let b = badges.next();
  try {
    for (const p of passports) {
      const decoded = decodeStored(p);
      if ('problem' in decoded) return decoded.problem;
      const stored: [string, string][] = [];
      if (!b.done && b.value.pid < p.pid) return `badge rows for a passport that does not exist (pid ${b.value.pid})`;
      while (!b.done && b.value.pid === p.pid) {
        const type = badgeTypeName(b.value.type);
        if (type === null) return `a badge row of passport ${p.id} has no known type`;
        stored.push([type, b.value.value]);
        b = badges.next();
      }
      const sig = badgeSignature((decoded.record?.badges ?? []).map((x) => [x.type, x.value] as const));
      if (badgeSignature(stored) !== sig || (p.badge_sig !== null && p.badge_sig !== sig)) return `passport ${p.id}'s badges do not match its record`;
    }
    if (!b.done) return `badge rows for a passport that does not exist (pid ${b.value.pid})`;
  } finally {
    passports.return?.();
    badges.return?.();
  }
  return null;
}

/** The files that make up a SQLite database at `file` (the database and its journals), by exact name. */
export const SIBLING_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

/** Where the last damaged cache is kept: `<cache>.damaged`. */
export const damagedPath = (file: string): string => `${file}.damaged`;

/**
 * Move a damaged cache aside: `<cache>` → `<cache>.damaged`, and each of its
 * -wal, -shm and -journal files likewise (`<cache>.damaged-wal`, which is
 * where SQLite looks for the kept copy's WAL). Only the last damaged copy is
 * kept. Every handle on the file must be closed first (Windows refuses to
 * rename an open file). Throws CacheError when the file cannot be moved.
 */
export function moveAside(file: string): string {
  const kept = damagedPath(file);
  try {
    rmSync(healthPath(file), { force: true });
    for (const s of SIBLING_SUFFIXES) rmSync(`${kept}${s}`, { force: true });
    for (const s of SIBLING_SUFFIXES) {
      if (existsSync(`${file}${s}`)) renameSync(`${file}${s}`, `${kept}${s}`);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CacheError(
      `cache ${file} is damaged and cannot be moved aside to ${kept} (${err.code ?? err.message}): close any program that has it open, or delete it, then sync again`,
    );
  }
  return kept;
}

/** The one sentence the status bar, `sync` and `doctor` use for a heal. */
export function describeRebuilt(r: CacheRebuilt, rebuilt: boolean): string {
  return rebuilt
    ? `the cache was damaged (${r.reason}) and has been rebuilt from the feed (the damaged file is kept as ${r.keptAs})`
    : `the cache was damaged (${r.reason}) and has been moved aside (kept as ${r.keptAs}); it is rebuilt from the feed at the next successful sync`;
}
