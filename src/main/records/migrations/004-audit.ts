import type { RecordsMigration } from './index';

/**
 * Schema 4: the audit chain, the purge's guard, and the PIN lockout
 * counters (operations.md "Audit chain", "Retention", "Roles and PINs").
 *
 * - `audit`: exactly the spec's columns, so anyone can check the chain with
 *   the sqlite3 tool. `detail` is the canonical (RFC 8785) JSON text of the
 *   detail object. The index on `at` serves the clock's floor (the latest
 *   `at`) and the DPO's export by date.
 * - `audit_anchor`: at most one row, the seq and hash of the last entry the
 *   purge removed, so the chain stays verifiable from there.
 * - `purge_guard`: one row the retention purge sets inside its own
 *   transaction and clears before it commits. The triggers let a DELETE
 *   through only within what the guard names (`audit_upto`: audit entries
 *   up to that seq; `registers_before`: marks of sessions closed before
 *   that instant), so a plain `DELETE FROM audit` or `DELETE FROM marks`
 *   is refused, and UPDATE on the audit is refused always. (Whoever can
 *   write the file can drop a trigger too: the chain's hashes and an anchor
 *   held elsewhere are what show that; the triggers stop honest mistakes
 *   and make tampering deliberate.)
 * - The insert trigger keeps seqs rising by one with no gaps, from the
 *   anchor after a purge.
 * - `pin_lockout`: per role, the failures in a row, the current lock's
 *   length and when it ends, so a restart does not reset them.
 */
export const m004Audit: RecordsMigration = {
  version: 4,
  name: '004-audit',
  up(db) {
    db.exec(`
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev BLOB NOT NULL,
        hash BLOB NOT NULL
      );
      CREATE INDEX audit_at ON audit (at);

      CREATE TABLE audit_anchor (
        seq INTEGER NOT NULL,
        hash BLOB NOT NULL
      );

      CREATE TABLE purge_guard (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        audit_upto INTEGER NOT NULL DEFAULT 0,
        registers_before TEXT
      );
      INSERT INTO purge_guard (id) VALUES (1);

      CREATE TRIGGER audit_append_only BEFORE INSERT ON audit
        WHEN NEW.seq <> COALESCE((SELECT MAX(seq) FROM audit), (SELECT MAX(seq) FROM audit_anchor), 0) + 1
        BEGIN SELECT RAISE(ABORT, 'audit entries are appended with the next seq'); END;
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        WHEN OLD.seq > (SELECT audit_upto FROM purge_guard WHERE id = 1)
        BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only (only the retention purge removes old entries)'); END;
      CREATE TRIGGER audit_anchor_no_update BEFORE UPDATE ON audit_anchor
        BEGIN SELECT RAISE(ABORT, 'the audit anchor is written only by the purge'); END;
      CREATE TRIGGER audit_anchor_guard_insert BEFORE INSERT ON audit_anchor
        WHEN (SELECT audit_upto FROM purge_guard WHERE id = 1) = 0
        BEGIN SELECT RAISE(ABORT, 'the audit anchor is written only by the purge'); END;
      CREATE TRIGGER audit_anchor_guard_delete BEFORE DELETE ON audit_anchor
        WHEN (SELECT audit_upto FROM purge_guard WHERE id = 1) = 0
        BEGIN SELECT RAISE(ABORT, 'the audit anchor is written only by the purge'); END;

      DROP TRIGGER marks_no_delete;
      CREATE TRIGGER marks_no_delete BEFORE DELETE ON marks
        WHEN NOT EXISTS (
          SELECT 1 FROM sessions s, purge_guard g
          WHERE g.id = 1 AND s.id = OLD.session_id AND g.registers_before IS NOT NULL
            AND s.state = 'closed' AND s.closed_at < g.registers_before
        )
        BEGIN SELECT RAISE(ABORT, 'marks are append-only (only the retention purge removes old registers)'); END;

      CREATE TABLE pin_lockout (
        role TEXT PRIMARY KEY CHECK (role IN ('lead', 'admin')),
        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        lock_seconds INTEGER NOT NULL DEFAULT 0 CHECK (lock_seconds >= 0),
        locked_until TEXT
      ) WITHOUT ROWID;
    `);
  },
};
