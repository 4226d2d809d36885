import Database from 'better-sqlite3';
import type { Outcome, ReasonCode } from '../../core/codes';
import type { ScanSource } from '../../shared/kiosk-api';

/**
 * The kiosk's local scan log: one row per scan with the time, the source,
 * the passport id (or "unknown"), the outcome and the reason codes.
 *
 * It deliberately has no column for the payload: a badge the kiosk does not
 * know could be anything a visitor scanned (a bank card's number, a phone
 * number typed into the box), and nothing about it may be kept. Known
 * badges are recorded by passport id, which is all an audit needs.
 *
 * The log lives in its own SQLite file, beside the passport cache, so the
 * cache can be rebuilt from the feed at any time without losing the audit.
 */

/** A row as written and read back. */
export interface ScanLogEntry {
  id: number;
  /** ISO 8601, from the services' clock. */
  at: string;
  source: ScanSource;
  readerId: string | null;
  /** The passport id, or "unknown" when no trusted person was identified. */
  passportId: string;
  outcome: Outcome;
  reasons: ReasonCode[];
}

export type NewScanLogEntry = Omit<ScanLogEntry, 'id'>;

/** Numbered migrations (ARCHITECTURE.md habit 6): versions only rise. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE scan_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     source TEXT NOT NULL,
     reader_id TEXT,
     passport_id TEXT NOT NULL,
     outcome TEXT NOT NULL,
     reasons TEXT NOT NULL
   );
   CREATE INDEX scan_log_at ON scan_log(at);`,
];

interface Row {
  id: number;
  at: string;
  source: string;
  reader_id: string | null;
  passport_id: string;
  outcome: string;
  reasons: string;
}

/** The scan log over one SQLite file (or ':memory:' in tests). */
export class ScanLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly recentStmt: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.migrate();
    // Prepared once and reused: a scan must not pay for SQL parsing.
    this.insert = this.db.prepare(
      'INSERT INTO scan_log (at, source, reader_id, passport_id, outcome, reasons) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.recentStmt = this.db.prepare('SELECT * FROM scan_log ORDER BY id DESC LIMIT ?');
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `scan log ${this.db.name} is schema version ${version}, newer than this kiosk understands (${MIGRATIONS.length}); install the newer kiosk or move the file aside`,
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** Record one scan; returns its row id. */
  record(entry: NewScanLogEntry): number {
    const info = this.insert.run(
      entry.at,
      entry.source,
      entry.readerId,
      entry.passportId,
      entry.outcome,
      entry.reasons.join(' '),
    );
    return Number(info.lastInsertRowid);
  }

  /** The latest `limit` rows, newest first. */
  recent(limit = 100): ScanLogEntry[] {
    return (this.recentStmt.all(limit) as Row[]).map((r) => ({
      id: r.id,
      at: r.at,
      source: r.source as ScanSource,
      readerId: r.reader_id,
      passportId: r.passport_id,
      outcome: r.outcome as Outcome,
      reasons: r.reasons === '' ? [] : (r.reasons.split(' ') as ReasonCode[]),
    }));
  }

  close(): void {
    this.db.close();
  }
}
