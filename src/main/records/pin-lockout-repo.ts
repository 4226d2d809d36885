import type Database from 'better-sqlite3';
import { NO_LOCKOUT, type LockoutState, type PinRole } from '../../core/roles/lockout';
import type { ReadableRecordsDB, WritableRecordsDB } from './db';

/**
 * Per-role PIN failure counters and locks (operations.md "Roles and PINs"),
 * kept in the records so a restart does not reset them. The rules that
 * change them are in src/core/roles/lockout.ts.
 */
export interface PinLockoutReads {
  get(role: PinRole): LockoutState;
}

export interface PinLockoutRepo extends PinLockoutReads {
  set(role: PinRole, state: LockoutState): void;
}

interface Row {
  failures: number;
  lock_seconds: number;
  locked_until: string | null;
}

export class PinLockoutReader implements PinLockoutReads {
  private readonly getStmt: Database.Statement<[string], Row>;
  constructor(db: ReadableRecordsDB) {
    this.getStmt = db.prepare('SELECT failures, lock_seconds, locked_until FROM pin_lockout WHERE role = ?');
  }
  get(role: PinRole): LockoutState {
    const r = this.getStmt.get(role);
    if (!r) return { ...NO_LOCKOUT };
    return { failures: r.failures, lockSeconds: r.lock_seconds, lockedUntil: r.locked_until === null ? null : Date.parse(r.locked_until) };
  }
}

export class PinLockoutWriter extends PinLockoutReader implements PinLockoutRepo {
  private readonly setStmt: Database.Statement<[string, number, number, string | null]>;
  constructor(db: WritableRecordsDB) {
    super(db);
    this.setStmt = db.prepare(
      `INSERT INTO pin_lockout (role, failures, lock_seconds, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (role) DO UPDATE SET failures = excluded.failures, lock_seconds = excluded.lock_seconds, locked_until = excluded.locked_until`,
    );
  }
  set(role: PinRole, state: LockoutState): void {
    this.setStmt.run(role, state.failures, state.lockSeconds, state.lockedUntil === null ? null : new Date(state.lockedUntil).toISOString());
  }
}
