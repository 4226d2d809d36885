import Database from 'better-sqlite3';
import { runMigrations, type Migration } from '../main/sqlite/migrate';

/**
 * The receiver's store: one SQLite file that survives restarts, migrated by
 * the project's one runner (src/main/sqlite/migrate.ts). `synchronous =
 * FULL`: an answer is sent only after its events are on disk, so whatever
 * the receiver acknowledged survives a crash or a kill.
 *
 * - `events`: every accepted event, unique per kiosk and id (a re-send is a
 *   duplicate, never a second record); `session_id` for the register. A
 *   rowid table: its rows (payload and JWS, a kilobyte or two) are too big
 *   for WITHOUT ROWID to pay.
 * - `kiosks`: per kiosk, when it was last heard from, the last accepted
 *   checkpoint and its alarm.
 */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: '001-events',
    up(db) {
      db.exec(`
        CREATE TABLE events (
          kiosk TEXT NOT NULL,
          id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          type TEXT NOT NULL,
          at TEXT NOT NULL,
          session_id TEXT,
          payload TEXT NOT NULL,
          jws TEXT NOT NULL,
          received_at TEXT NOT NULL,
          UNIQUE (kiosk, id)
        );
        CREATE INDEX events_by_seq ON events (kiosk, seq);
        CREATE INDEX events_by_session ON events (session_id) WHERE session_id IS NOT NULL;
        CREATE TABLE kiosks (
          kiosk TEXT PRIMARY KEY,
          last_seen TEXT,
          checkpoint_seq INTEGER,
          checkpoint_head TEXT,
          alarm TEXT
        ) WITHOUT ROWID;
      `);
    },
  },
];

/** A stored event as the store gives it back. */
export interface StoredEvent {
  kiosk: string;
  id: string;
  seq: number;
  type: string;
  at: string;
  payload: string;
}

export interface KioskRow {
  kiosk: string;
  lastSeen: string | null;
  checkpoint: { auditSeq: number; auditHead: string } | null;
  alarm: string | null;
}

export class ReceiverStore {
  readonly db: Database.Database;
  private readonly has: Database.Statement;
  private readonly put: Database.Statement;
  private readonly seen: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    runMigrations(this.db, MIGRATIONS);
    this.has = this.db.prepare('SELECT 1 FROM events WHERE kiosk = ? AND id = ?');
    // OR IGNORE: an event already stored (kiosk, id) is a duplicate, found by the insert itself.
    this.put = this.db.prepare('INSERT OR IGNORE INTO events (kiosk, id, seq, type, at, session_id, payload, jws, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.seen = this.db.prepare(
      'INSERT INTO kiosks (kiosk, last_seen) VALUES (?, ?) ON CONFLICT (kiosk) DO UPDATE SET last_seen = excluded.last_seen',
    );
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  exists(kiosk: string, id: string): boolean {
    return this.has.get(kiosk, id) !== undefined;
  }

  /** Store an event; false when that kiosk's event with that id is already stored. */
  insert(e: StoredEvent & { sessionId: string | null; jws: string; receivedAt: string }): boolean {
    return this.put.run(e.kiosk, e.id, e.seq, e.type, e.at, e.sessionId, e.payload, e.jws, e.receivedAt).changes === 1;
  }

  markSeen(kiosk: string, at: string): void {
    this.seen.run(kiosk, at);
  }

  kiosk(kiosk: string): KioskRow | null {
    const r = this.db.prepare('SELECT kiosk, last_seen, checkpoint_seq, checkpoint_head, alarm FROM kiosks WHERE kiosk = ?').get(kiosk) as
      | { kiosk: string; last_seen: string | null; checkpoint_seq: number | null; checkpoint_head: string | null; alarm: string | null }
      | undefined;
    if (!r) return null;
    return {
      kiosk: r.kiosk,
      lastSeen: r.last_seen,
      checkpoint: r.checkpoint_seq === null || r.checkpoint_head === null ? null : { auditSeq: r.checkpoint_seq, auditHead: r.checkpoint_head },
      alarm: r.alarm,
    };
  }

  kioskNames(): string[] {
    return (this.db.prepare('SELECT kiosk FROM kiosks ORDER BY kiosk').all() as { kiosk: string }[]).map((r) => r.kiosk);
  }

  setCheckpoint(kiosk: string, auditSeq: number, auditHead: string): void {
    this.db.prepare('UPDATE kiosks SET checkpoint_seq = ?, checkpoint_head = ? WHERE kiosk = ?').run(auditSeq, auditHead, kiosk);
  }

  raiseAlarm(kiosk: string, code: string): void {
    this.db.prepare('UPDATE kiosks SET alarm = ? WHERE kiosk = ?').run(code, kiosk);
  }

  /** Every seq stored from `kiosk`, ascending. */
  seqs(kiosk: string): number[] {
    return (this.db.prepare('SELECT seq FROM events WHERE kiosk = ? ORDER BY seq').pluck().all(kiosk) as number[]);
  }

  /** Every event about a session, oldest first. */
  sessionEvents(sessionId: string): StoredEvent[] {
    return this.db.prepare('SELECT kiosk, id, seq, type, at, payload FROM events WHERE session_id = ? ORDER BY at, kiosk, seq').all(sessionId) as StoredEvent[];
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  }

  close(): void {
    this.db.close();
  }
}
