import type Database from 'better-sqlite3';
import type { BadgeKey } from '../../core/scan';
import type { PassportStore, StoredPassport } from '../../core/scan-verdict';
import { TrustIndex } from '../../core/jws';
import { trustListSchema } from '../../core/schemas/trust-list';
import { asDamage, CacheDamagedError, noteDamage, storedRecordJws } from './cache-health';
import { BADGE_TYPE_CODES } from './badge-types';
import { sodiumEd25519 } from '../crypto/ed25519';
import { openReadable, type ReadableDB } from './db';
import type { JwsColumns } from './stored-jws';
import { readVersion } from './migrate';

/** What the cache knows about the last completed sync (feed.md, "The kiosk keeps"). */
export interface CacheState {
  feed: string | null;
  /** The cursor: `seq` of the last manifest applied, or null before the first sync. */
  seq: number | null;
  published: string | null;
  expires: string | null;
  trustSha256: string | null;
  etag: string | null;
  generation: number;
  /** The last sync's outcome as JSON (written by the sync runner), or null. */
  lastSync: unknown;
}

interface StateRow {
  feed: string | null;
  seq: number | null;
  published: string | null;
  expires: string | null;
  trust_sha256: string | null;
  etag: string | null;
  generation: number;
  last_sync: string | null;
}

interface PassportRow extends JwsColumns {
  id: string;
  iss: string;
  rev: number;
  erased: number;
}

/**
 * A row as the core sees it. A row whose columns and JWS disagree is damage
 * (the sync stores only records it verified), not a forged passport: it is
 * refused as such, rather than shown as "signature not valid".
 */
function toStored(file: string, r: PassportRow): StoredPassport {
  const stored = storedRecordJws(r);
  if ('problem' in stored) throw new CacheDamagedError(file, stored.problem);
  return { id: r.id, iss: r.iss, rev: r.rev, erased: r.erased === 1, jws: stored.jws };
}

/** Read the state row through a prepared statement. */
export function rowToState(row: StateRow | undefined): CacheState {
  let lastSync: unknown = null;
  try {
    lastSync = row?.last_sync ? JSON.parse(row.last_sync) : null;
  } catch {
    lastSync = null;
  }
  return {
    feed: row?.feed ?? null,
    seq: row?.seq ?? null,
    published: row?.published ?? null,
    expires: row?.expires ?? null,
    trustSha256: row?.trust_sha256 ?? null,
    etag: row?.etag ?? null,
    generation: row?.generation ?? 0,
    lastSync,
  };
}

export const STATE_SQL = 'SELECT feed, seq, published, expires, trust_sha256, etag, generation, last_sync FROM state WHERE one = 1';

/**
 * The cache as scans see it: implements the core's `PassportStore` over a
 * read-only handle. Statements are prepared once; the TrustIndex is rebuilt
 * only when the stored trust list's hash changes, so a trust list that marks
 * a key compromised takes effect at the very next scan. A read that finds
 * the file damaged throws CacheDamagedError (never a wrong answer): the
 * caller says the data is unavailable and a sync rebuilds the file.
 */
export class PassportCache implements PassportStore {
  private readonly stateStmt: Database.Statement<[], StateRow>;
  private readonly trustStmt: Database.Statement<[], { trust_json: string | null }>;
  /** The reads below, for the schema version they were written for (`prepareReads`). */
  private reads!: {
    version: number;
    byBadge: Database.Statement<[string | number, string], PassportRow>;
    byTwoBadges: Database.Statement<[string | number, string, string | number, string], PassportRow>;
    byId: Database.Statement<[string], PassportRow>;
  };
  private readonly versionStmt: Database.Statement<[], number>;
  private trust: { sha: string; index: TrustIndex } | null = null;
  /** Held open for the store's life (`held`): the one state every read sees. */
  private readonly held: boolean;
  private heldSnapshot: ReturnType<PassportStore['snapshot']> | undefined;

  /**
   * `held`: read the cache as it is now for the store's whole life, through
   * one read transaction held open until `close`, instead of one per read —
   * for `verify --batch`, whose verdicts are then all against one state of
   * the cache (a sync that commits meanwhile is not seen) and whose reads
   * skip WAL's per-statement locking. A kiosk's scan store never holds one
   * (it must see each sync, and would keep the WAL from being checkpointed).
   */
  constructor(
    private readonly db: ReadableDB,
    opts: { held?: boolean } = {},
  ) {
    this.held = opts.held === true;
    this.stateStmt = db.prepare(STATE_SQL);
    this.trustStmt = db.prepare('SELECT trust_json FROM state WHERE one = 1');
    this.versionStmt = db.prepare<[], number>('PRAGMA user_version').pluck();
    this.prepareReads(readVersion(db));
    if (this.held) {
      db.exec('BEGIN');
      this.state(); // A read transaction starts at its first read.
    }
  }

  /**
   * Older schemas stay readable until the next sync migrates the file:
   * schema 3 stores badge types as codes (badge-types.ts), schema 4 may
   * store a record in parts (stored-jws.ts).
   */
  private prepareReads(version: number): void {
    const parts = version >= 4 ? 'p.hdr, p.body, p.sig, p.crc' : 'NULL AS hdr, NULL AS body, NULL AS sig, NULL AS crc';
    this.reads = {
      version,
      // The same rows as a join of badges and passports, but measured 2.3×
      // faster on a 1.5 M-passport cache (16 µs against 37 µs a lookup).
      byBadge: this.db.prepare(
        `SELECT p.id, p.iss, p.rev, p.erased, p.jws, ${parts} FROM passports p
         WHERE p.pid IN (SELECT pid FROM badges WHERE type = ? AND value = ?) AND p.erased = 0`,
      ),
      // An NFC scan's two keys (scan.md) in one statement: ~3 µs less a scan than two.
      byTwoBadges: this.db.prepare(
        `SELECT p.id, p.iss, p.rev, p.erased, p.jws, ${parts} FROM passports p
         WHERE p.pid IN (SELECT pid FROM badges WHERE type = ? AND value = ? UNION ALL SELECT pid FROM badges WHERE type = ? AND value = ?)
         AND p.erased = 0`,
      ),
      byId: this.db.prepare(`SELECT p.id, p.iss, p.rev, p.erased, p.jws, ${parts} FROM passports p WHERE p.id = ?`),
    };
  }

  /**
   * A sync (the app's, or the command's while the app runs) may migrate the
   * file under an open store: reads written for the old schema would then
   * miss badges stored as codes, or take a record stored in parts for a
   * lost one. Checked at each scan's first read (a held store's schema
   * cannot change) and before a row is called damaged.
   */
  private followSchema(): boolean {
    if (this.held) return false;
    const version = this.versionStmt.get()!;
    if (version === this.reads.version) return false;
    this.prepareReads(version);
    return true;
  }

  /** The sync state (cursor, times, last outcome). */
  state(): CacheState {
    return this.guard(() => rowToState(this.stateStmt.get()));
  }

  snapshot(): { trust: TrustIndex; published: string; expires: string } | null {
    if (this.heldSnapshot !== undefined) return this.heldSnapshot;
    this.guard(() => this.followSchema());
    const current = this.readSnapshot();
    if (this.held) this.heldSnapshot = current;
    return current;
  }

  private readSnapshot(): { trust: TrustIndex; published: string; expires: string } | null {
    return this.guard(() => {
      const s = this.stateStmt.get();
      // The state row is checked when the file is opened; losing it now means damage.
      if (!s) throw new CacheDamagedError(this.db.name, 'its sync state is missing');
      if (s.seq === null || !s.published || !s.expires || !s.trust_sha256) return null;
      if (this.trust?.sha !== s.trust_sha256) {
        // The trust list was checked against its hash and schema before it was
        // stored; failing here means the file was altered outside the app.
        const json = this.trustStmt.get()?.trust_json;
        let parsed;
        try {
          parsed = trustListSchema.safeParse(json ? JSON.parse(json) : null);
        } catch {
          parsed = null;
        }
        if (!parsed?.success) throw new CacheDamagedError(this.db.name, 'its stored trust list is not valid');
        this.trust = { sha: s.trust_sha256, index: new TrustIndex(parsed.data, sodiumEd25519) };
      }
      return { trust: this.trust.index, published: s.published, expires: s.expires };
    });
  }

  findByBadges(keys: readonly BadgeKey[]): StoredPassport[] {
    return this.read(() => {
      const wanted: [string | number, string][] = [];
      for (const k of keys) {
        const type = this.reads.version >= 3 ? (BADGE_TYPE_CODES as Record<string, number>)[k.type] : k.type;
        if (type !== undefined) wanted.push([type, k.value]);
      }
      const rows =
        wanted.length === 2
          ? this.reads.byTwoBadges.all(...wanted[0]!, ...wanted[1]!)
          : wanted.flatMap(([type, value]) => this.reads.byBadge.all(type, value));
      const seen = new Map<string, StoredPassport>();
      for (const row of rows) {
        if (!seen.has(row.id)) seen.set(row.id, toStored(this.db.name, row));
      }
      return [...seen.values()];
    });
  }

  findById(id: string): StoredPassport | null {
    return this.read(() => {
      const row = this.reads.byId.get(id);
      return row ? toStored(this.db.name, row) : null;
    });
  }

  /** A row read: a row that looks damaged is read again if the schema moved under this store. */
  private read<T>(rows: () => T): T {
    return this.guard(() => {
      try {
        return rows();
      } catch (e) {
        if (e instanceof CacheDamagedError && this.followSchema()) return rows();
        throw e;
      }
    });
  }

  /** Run a read, turning SQLite's corruption errors into CacheDamagedError. */
  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (e) {
      const damage = asDamage(this.db.name, e);
      if (damage instanceof CacheDamagedError) noteDamage(this.db.name, damage.why);
      throw damage;
    }
  }

  close(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.close();
  }
}

/** A store with nothing in it: what a kiosk has before its cache file exists. */
export const EMPTY_STORE: PassportStore = {
  snapshot: () => null,
  findByBadges: () => [],
  findById: () => null,
};

/** Open `file` for scans; a missing file is an empty cache (never created here). `held`: see PassportCache. */
export function openPassportStore(file: string, opts: { held?: boolean } = {}): { store: PassportStore; close(): void } {
  const db = openReadable(file);
  if (!db) return { store: EMPTY_STORE, close: () => undefined };
  const cache = new PassportCache(db, opts);
  return { store: cache, close: () => cache.close() };
}
