import type Database from 'better-sqlite3';
import { badgeSignature } from './badge-signature';
import { badgeTypeCode, badgeTypeName } from './badge-types';
import type { WritableDB } from './db';
import { jwsColumns, type JwsColumns } from './stored-jws';
import { rowToState, STATE_SQL, type CacheState } from './passport-cache';

export { badgeSignature } from './badge-signature';

/**
 * The sync's write side of the cache. Two ways to change the passports:
 *
 * - **Delta** (`startDelta`): one SQLite transaction over the live tables;
 *   the new passports, trust list, cursor and manifest times commit
 *   together or not at all.
 * - **Rebuild** (`startRebuild`): a second set of tables (`*_next`) is
 *   filled beside the live ones in batches of 10,000 rows, each batch its
 *   own short transaction, so readers (WAL mode) keep answering scans from
 *   the live tables the whole time and the writer's memory stays flat. The
 *   badge index is built once at the end (a sort, much cheaper than random
 *   inserts). Then one short transaction renames the live tables away and
 *   the new ones in, with the new state row. A kill at any instant leaves
 *   either the old tables live (plus `*_next` debris, dropped by the next
 *   sync) or the new ones (plus `*_old` debris).
 */

/** A verified record's lookup columns, as the sync hands them to the cache. */
export interface RecordMeta {
  id: string;
  iss: string;
  rev: number;
  status: string;
  /** [type, value] pairs; empty for an erased record. */
  badges: [string, string][];
}

/** What storing one record did: changed the cache, lost to a stored rev ≥ its own, or refused. */
export type ApplyResult = 'applied' | 'ignored' | 'ISSUER_MISMATCH';

/** The state row a completed sync writes. `trustJson` null keeps the stored trust list. */
export interface StateUpdate {
  feed: string;
  seq: number;
  published: string;
  expires: string;
  trustSha256: string;
  trustJson: string | null;
  etag: string | null;
}

/** An open change set; exactly one of commit/abort ends it. */
export interface CacheChange {
  apply(meta: RecordMeta, jws: string): ApplyResult;
  commit(update: StateUpdate): void;
  abort(): void;
}

interface IdRow {
  pid: number;
  iss: string;
  rev: number;
  badge_sig: number | null;
}

const BATCH_ROWS = 10_000;

function tableStatements(db: Database.Database, suffix: string) {
  return {
    byId: db.prepare<[string], IdRow>(`SELECT pid, iss, rev, badge_sig FROM passports${suffix} WHERE id = ?`),
    insert: db.prepare<[{ id: string; iss: string; rev: number; status: string; erased: number; sig_badges: number } & JwsColumns]>(
      `INSERT INTO passports${suffix} (id, iss, rev, status, erased, jws, hdr, body, sig, crc, badge_sig)
       VALUES (@id, @iss, @rev, @status, @erased, @jws, @hdr, @body, @sig, @crc, @sig_badges)`,
    ),
    update: db.prepare<[{ pid: number; rev: number; status: string; erased: number; sig_badges: number } & JwsColumns]>(
      `UPDATE passports${suffix} SET rev = @rev, status = @status, erased = @erased, jws = @jws, hdr = @hdr, body = @body, sig = @sig,
       crc = @crc, badge_sig = @sig_badges WHERE pid = @pid`,
    ),
    badgesOf: db.prepare<[number], { type: number; value: string }>(`SELECT type, value FROM badges${suffix} WHERE pid = ?`),
    removeBadges: db.prepare<[number]>(`DELETE FROM badges${suffix} WHERE pid = ?`),
    insertBadge: db.prepare<[number | bigint, number, string]>(`INSERT OR IGNORE INTO badges${suffix} (pid, type, value) VALUES (?, ?, ?)`),
  };
}
type TableStatements = ReturnType<typeof tableStatements>;


/** Do the stored badges of `cur` differ from `badges`? (Usually not: a new revision rarely changes badges.) */
function badgesChanged(s: TableStatements, cur: IdRow, badges: [string, string][], sig: number): boolean {
  if (cur.badge_sig !== null) return cur.badge_sig !== sig;
  // A row from before schema 2: compare with the badges table.
  const stored = s.badgesOf
    .all(cur.pid)
    .map((b) => `${badgeTypeName(b.type)}\u0000${b.value}`)
    .sort();
  const wanted = [...new Set(badges.map(([type, value]) => `${type}\u0000${value}`))].sort();
  return stored.length !== wanted.length || stored.some((k, i) => k !== wanted[i]);
}

/** Store one record in a table set, honouring issuer ownership and rev order (feed.md step 4). */
function storeRecord(s: TableStatements, meta: RecordMeta, jws: string): ApplyResult {
  const cur = s.byId.get(meta.id);
  if (cur && cur.iss !== meta.iss) return 'ISSUER_MISMATCH';
  if (cur && meta.rev <= cur.rev) return 'ignored';
  const erased = meta.status === 'erased';
  // An erased passport keeps no JWS at all: only the tombstone columns.
  const columns = jwsColumns(erased ? null : jws, meta);
  const sig = badgeSignature(erased ? [] : meta.badges);
  const row = { rev: meta.rev, status: meta.status, erased: erased ? 1 : 0, sig_badges: sig, ...columns };
  if (cur) {
    // Updated in place: secure_delete zeroes whatever the old revision's
    // cell leaves behind (and any overflow pages it frees). Badges are
    // rewritten only when they changed, which keeps a delta's random writes
    // to about one page per record.
    s.update.run({ ...row, pid: cur.pid });
    if (erased || badgesChanged(s, cur, meta.badges, sig)) {
      s.removeBadges.run(cur.pid);
      if (!erased) for (const [type, value] of meta.badges) s.insertBadge.run(cur.pid, badgeTypeCode(type), value);
    }
    return 'applied';
  }
  const pid = s.insert.run({ ...row, id: meta.id, iss: meta.iss }).lastInsertRowid;
  if (!erased) for (const [type, value] of meta.badges) s.insertBadge.run(pid, badgeTypeCode(type), value);
  return 'applied';
}

/**
 * Roll back whatever is open, best effort: after SQLITE_FULL or a damaged
 * page SQLite may already have rolled back, and the error that got us here
 * is the one to report.
 */
function rollbackQuietly(db: Database.Database): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // See above.
  }
}

/** The cache's writer: owns the writable handle during a sync. */
export class CacheWriter {
  private readonly live: TableStatements;
  private readonly stateStmt: Database.Statement<[], Parameters<typeof rowToState>[0] & object>;
  private readonly updateState: Database.Statement<[StateUpdate & { generation: number }]>;
  private readonly keepTrust: Database.Statement<[StateUpdate & { generation: number }]>;
  private readonly setLast: Database.Statement<[string]>;
  private readonly trustStmt: Database.Statement<[], { trust_json: string | null }>;
  private readonly countLive: Database.Statement<[], { n: number }>;

  constructor(readonly db: WritableDB) {
    this.live = tableStatements(db, '');
    this.stateStmt = db.prepare(STATE_SQL);
    const set = 'feed = @feed, seq = @seq, published = @published, expires = @expires, trust_sha256 = @trustSha256, etag = @etag, generation = @generation';
    this.updateState = db.prepare(`UPDATE state SET ${set}, trust_json = @trustJson WHERE one = 1`);
    this.keepTrust = db.prepare(`UPDATE state SET ${set} WHERE one = 1`);
    this.setLast = db.prepare('UPDATE state SET last_sync = ? WHERE one = 1');
    this.trustStmt = db.prepare('SELECT trust_json FROM state WHERE one = 1');
    this.countLive = db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM passports LIMIT 1)');
  }

  state(): CacheState {
    return rowToState(this.stateStmt.get());
  }

  /** The trust list JSON of the last completed sync, or null. */
  storedTrustJson(): string | null {
    return this.trustStmt.get()?.trust_json ?? null;
  }

  /** Remember how the last sync went (shown by the app and `doctor`); not part of the passport state. */
  recordLastSync(outcome: unknown): void {
    this.setLast.run(JSON.stringify(outcome));
  }

  /**
   * The highest generation number in any index name in the file. A rebuild
   * names its indexes one above both this and the stored generation: the
   * stored number alone can be behind the file's indexes (a state row lost
   * to damage read as generation 0, and the rebuild then failed on every
   * sync with "index passports_id_g1 already exists").
   */
  private highestIndexGeneration(): number {
    const rows = this.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB '*_g[0-9]*'").all();
    return rows.reduce((max, r) => Math.max(max, Number(/_g(\d+)$/.exec(r.name)?.[1] ?? 0)), 0);
  }

  /** Drop what a killed rebuild left behind. */
  dropLeftovers(): void {
    for (const t of ['passports_next', 'badges_next', 'passports_old', 'badges_old']) this.db.exec(`DROP TABLE IF EXISTS ${t}`);
  }

  private writeState(update: StateUpdate, generation: number): void {
    const row = { ...update, generation };
    if (update.trustJson === null) this.keepTrust.run(row);
    else this.updateState.run(row);
  }

  /** Fold the WAL back into the file and truncate it, so replaced bytes do not linger there. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * Begin a delta: every change until `commit` is one transaction on the
   * live tables. The WAL is not folded back at the commit: the sync does
   * that once it has stored its outcome, off its own thread when the WAL is
   * large (run-sync.ts, wal-fold.ts), so SQLite's automatic fold is off for
   * the rest of this connection.
   */
  startDelta(): CacheChange {
    const db = this.db;
    const generation = this.state().generation;
    db.pragma('wal_autocheckpoint = 0');
    db.exec('BEGIN IMMEDIATE');
    let open = true;
    return {
      apply: (meta, jws) => storeRecord(this.live, meta, jws),
      commit: (update) => {
        this.writeState(update, generation);
        db.exec('COMMIT');
        open = false;
      },
      abort: () => {
        if (open) rollbackQuietly(db);
        open = false;
      },
    };
  }

  /** Begin a rebuild into `*_next` tables beside the live ones (see the file comment). */
  startRebuild(): CacheChange {
    const db = this.db;
    this.dropLeftovers();
    const generation = Math.max(this.state().generation, this.highestIndexGeneration()) + 1;
    db.exec(`
      CREATE TABLE passports_next (pid INTEGER PRIMARY KEY, id TEXT NOT NULL, iss TEXT NOT NULL, rev INTEGER NOT NULL,
        status TEXT NOT NULL, erased INTEGER NOT NULL, jws TEXT, badge_sig INTEGER, hdr TEXT, body BLOB, sig BLOB, crc INTEGER);
      CREATE UNIQUE INDEX passports_id_g${generation} ON passports_next (id);
      CREATE TABLE badges_next (pid INTEGER NOT NULL, type INTEGER NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (pid, type, value)) WITHOUT ROWID;
    `);
    const next = tableStatements(db, '_next');
    // Ownership (ISSUER_MISMATCH) is also checked against what the kiosk holds now.
    const liveHasRows = this.countLive.get()!.n > 0;
    let rows = 0;
    let open = true;
    db.exec('BEGIN');
    const abort = () => {
      if (!open) return;
      open = false;
      rollbackQuietly(db);
      try {
        this.dropLeftovers();
      } catch {
        // E.g. the disk is full: the next sync drops the debris first.
      }
    };
    return {
      apply: (meta, jws) => {
        if (liveHasRows) {
          const held = this.live.byId.get(meta.id);
          if (held && held.iss !== meta.iss) return 'ISSUER_MISMATCH';
        }
        const r = storeRecord(next, meta, jws);
        if (r === 'applied' && ++rows % BATCH_ROWS === 0) {
          db.exec('COMMIT');
          db.exec('BEGIN');
        }
        return r;
      },
      commit: (update) => {
        db.exec('COMMIT');
        // The index build's sorter uses up to cache_size of memory (16 MB,
        // db.ts) and spills the rest to temp files.
        db.exec(`CREATE INDEX badges_value_g${generation} ON badges_next (type, value)`);
        db.transaction(() => {
          db.exec(`
            ALTER TABLE passports RENAME TO passports_old;
            ALTER TABLE badges RENAME TO badges_old;
            ALTER TABLE passports_next RENAME TO passports;
            ALTER TABLE badges_next RENAME TO badges;
          `);
          this.writeState(update, generation);
        }).immediate();
        open = false;
        // The old tables go after the swap, outside it, so the swap stays short;
        // secure_delete zeroes their pages (an erased person's old revision).
        // The new state is committed by now: if this fails (a full disk), the
        // next sync drops the old tables first, so it must not fail the sync.
        try {
          this.dropLeftovers();
          this.checkpoint();
        } catch {
          rollbackQuietly(db);
        }
      },
      abort,
    };
  }
}
