import type { RecordsMigration } from './index';

/**
 * Schema 2: induction sessions (src/core/sessions/model.ts, sessions.md).
 *
 * - `sessions`: one row per session; `closed_at` is set exactly when
 *   `state` is `closed`.
 * - `roster_rows`: the session's roster, replaced wholesale by an import.
 *   A passport id or a badge appears at most once per session (an import
 *   with a repeat is refused before it gets here; the unique indices,
 *   where NULLs never collide, also serve check-in's lookups by passport
 *   and by badge).
 * - `arrivals`: at most one per person per session (UNIQUE), in arrival
 *   order (`id`), each pointing at the scan-log row written in the same
 *   transaction. `row` is not a foreign key: a later import may replace the
 *   roster, and attendance already recorded stays (sessions.md "Roster").
 *   `reasons` is space-separated codes, as in the scan log;
 *   `prior_induction` is JSON (`{"by","byName"?,"completed"}`) or NULL.
 * - `precheck_lines`: the pre-check kept at close for everyone on the
 *   roster who did not scan in (outcome, reasons, prior induction), so a
 *   closed session's register and exports never depend on the cache again
 *   (sessions.md "Prior induction": decided at close).
 * - `marks`: the lead's marks, append-only (triggers refuse UPDATE and
 *   DELETE); the latest for a person wins. Exactly one of `row` and
 *   `passport_id` is set.
 */
export const m002Sessions: RecordsMigration = {
  version: 2,
  name: '002-sessions',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('corporate', 'local', 'role')),
        starts TEXT NOT NULL,
        ends TEXT NOT NULL,
        room TEXT,
        lead TEXT,
        capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
        grace_minutes INTEGER NOT NULL CHECK (grace_minutes BETWEEN 0 AND 120),
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        created_at TEXT NOT NULL,
        closed_at TEXT,
        CHECK ((state = 'closed') = (closed_at IS NOT NULL))
      ) WITHOUT ROWID;
      CREATE INDEX sessions_starts ON sessions (starts);

      CREATE TABLE roster_rows (
        session_id TEXT NOT NULL REFERENCES sessions (id),
        row INTEGER NOT NULL CHECK (row >= 1),
        name TEXT NOT NULL,
        passport TEXT,
        badge TEXT,
        staff_group TEXT,
        note TEXT,
        PRIMARY KEY (session_id, row)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX roster_by_passport ON roster_rows (session_id, passport);
      CREATE UNIQUE INDEX roster_by_badge ON roster_rows (session_id, badge);

      CREATE TABLE arrivals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        passport_id TEXT NOT NULL,
        scan_id INTEGER NOT NULL REFERENCES scan_log (id),
        at TEXT NOT NULL,
        late INTEGER NOT NULL CHECK (late IN (0, 1)),
        on_roster INTEGER NOT NULL CHECK (on_roster IN (0, 1)),
        row INTEGER,
        name TEXT NOT NULL,
        issuer TEXT NOT NULL,
        staff_group TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reasons TEXT NOT NULL,
        prior_induction TEXT,
        UNIQUE (session_id, passport_id),
        CHECK (on_roster = (row IS NOT NULL))
      );
      CREATE INDEX arrivals_by_session ON arrivals (session_id);
      CREATE INDEX arrivals_by_scan ON arrivals (scan_id);

      CREATE TABLE precheck_lines (
        session_id TEXT NOT NULL REFERENCES sessions (id),
        row INTEGER NOT NULL,
        name TEXT NOT NULL,
        passport_id TEXT,
        issuer TEXT,
        outcome TEXT NOT NULL,
        reasons TEXT NOT NULL,
        prior_induction TEXT,
        PRIMARY KEY (session_id, row)
      ) WITHOUT ROWID;

      CREATE TABLE marks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        row INTEGER,
        passport_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('present', 'exempt', 'absent')),
        reason TEXT NOT NULL,
        marked_by TEXT NOT NULL,
        at TEXT NOT NULL,
        CHECK ((row IS NULL) <> (passport_id IS NULL))
      );
      CREATE INDEX marks_by_session ON marks (session_id);
      CREATE TRIGGER marks_no_update BEFORE UPDATE ON marks BEGIN SELECT RAISE(ABORT, 'marks are append-only'); END;
      CREATE TRIGGER marks_no_delete BEFORE DELETE ON marks BEGIN SELECT RAISE(ABORT, 'marks are append-only'); END;
    `);
  },
};
