import { scrypt, timingSafeEqual } from 'node:crypto';
import type { AuditActor } from '../../core/audit/chain';
import {
  afterFailure,
  isPinShaped,
  NO_LOCKOUT,
  PIN_ROLES,
  retryAfterSeconds,
  roleAllows,
  type PinRole,
  type Role,
} from '../../core/roles/lockout';
import type { Records } from '../records/records';
import { parsePinHash, type PinHash } from './pin-hash';

/**
 * Roles on the screen (operations.md "Roles and PINs"): unlock with a PIN,
 * the per-role lockout (counters in the records, so a restart does not
 * reset them), Lock, the fall-back to reception after `lockMinutes`
 * without input, and the guard the services put in front of lead and admin
 * calls. Every attempt, lock and fall-back is an audit entry, written in
 * the same transaction as the counters it changes; the PIN itself is never
 * stored, logged or put in an entry.
 */

export type UnlockResult =
  | { ok: true; role: PinRole }
  | { ok: false; code: 'WRONG'; failures: number }
  | { ok: false; code: 'LOCKED'; retryAfterSeconds: number }
  | { ok: false; code: 'NO_PIN'; message: string };

/** A refusal from {@link RoleService.requireRole}: one sentence for the screen. */
export interface RoleRefusal {
  ok: false;
  code: 'ROLE_REQUIRED' | 'NO_PIN';
  message: string;
}

/** Whether a PIN matches a hash; async, so scrypt runs off the main thread. Injected in tests. */
export type PinMatcher = (pin: string, hash: PinHash) => Promise<boolean>;

export const scryptMatcher: PinMatcher = (pin, hash) =>
  new Promise((resolve, reject) => {
    const N = 2 ** hash.log2N;
    const maxmem = 128 * hash.r * (N + 2 + hash.p) + 16 * 1024 * 1024;
    scrypt(Buffer.from(pin, 'ascii'), hash.salt, hash.key.length, { N, r: hash.r, p: hash.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(timingSafeEqual(key, hash.key)),
    );
  });

export interface RoleServiceDeps {
  records: Records;
  /** HASH texts from the machine config (already checked when it loaded). */
  pins: { lead?: string; admin?: string };
  clock: () => number;
  /** Minutes without input before an unlocked role falls back to reception (default 2). */
  lockMinutes?: number;
  matcher?: PinMatcher;
}

/** What the screens need to know about roles. */
export interface RoleState {
  role: Role;
  /** Which roles have a PIN (a role without one cannot be unlocked). */
  pins: { lead: boolean; admin: boolean };
  /** When the unlocked role falls back to reception unless there is input (RFC 3339), or null. */
  fallsBackAt: string | null;
  /** Seconds each role stays locked out (0: not locked). */
  lockedOut: { lead: number; admin: number };
}

const ROLE_WORDS: Record<PinRole, string> = { lead: 'induction lead', admin: 'IT (admin)' };

export class RoleService {
  private readonly hashes: Partial<Record<PinRole, PinHash>> = {};
  private readonly matcher: PinMatcher;
  private readonly idleMs: number;
  private role: Role = 'reception';
  private lastInput = 0;
  private readonly listeners = new Set<(state: RoleState) => void>();

  constructor(private readonly deps: RoleServiceDeps) {
    for (const r of PIN_ROLES) {
      const text = deps.pins[r];
      if (text !== undefined) this.hashes[r] = parsePinHash(text);
    }
    this.matcher = deps.matcher ?? scryptMatcher;
    this.idleMs = (deps.lockMinutes ?? 2) * 60_000;
  }

  /** Whether `role` has a PIN; with no argument, whether any role has one. */
  configured(role?: PinRole): boolean {
    return role ? this.hashes[role] !== undefined : PIN_ROLES.some((r) => this.hashes[r] !== undefined);
  }

  /** Hear every change of role (unlock, Lock, fall-back). */
  onChange(listener: (state: RoleState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The role on the screen now, after any fall-back for lack of input. */
  current(): Role {
    if (this.role !== 'reception' && this.deps.clock() - this.lastInput >= this.idleMs) {
      const was = this.role;
      this.setRole('reception', { action: 'auto-lock', role: was, minutes: this.idleMs / 60_000 }, 'system');
    }
    return this.role;
  }

  /** Input on the screen: keeps an unlocked role from falling back. */
  touch(): void {
    if (this.current() !== 'reception') this.lastInput = this.deps.clock();
  }

  state(): RoleState {
    const role = this.current();
    const now = this.deps.clock();
    return {
      role,
      pins: { lead: this.configured('lead'), admin: this.configured('admin') },
      fallsBackAt: role === 'reception' ? null : new Date(this.lastInput + this.idleMs).toISOString(),
      lockedOut: {
        lead: retryAfterSeconds(this.deps.records.pinLockout.get('lead'), now),
        admin: retryAfterSeconds(this.deps.records.pinLockout.get('admin'), now),
      },
    };
  }

  /** Lock: back to reception at once. */
  lock(): RoleState {
    const was = this.current();
    if (was !== 'reception') this.setRole('reception', { action: 'lock', role: was }, was);
    return this.state();
  }

  /**
   * Check a PIN for `role` against the lockout, and record the attempt —
   * without changing the role on the screen (`pin check` uses this; the
   * screen uses {@link unlock}). A locked role does not evaluate the PIN.
   */
  async check(role: PinRole, pin: string, actor: AuditActor): Promise<UnlockResult> {
    const hash = this.hashes[role];
    if (!hash) {
      return { ok: false, code: 'NO_PIN', message: `No ${ROLE_WORDS[role]} PIN is set on this kiosk: ask IT to add one to the machine config ("pins").` };
    }
    const { records } = this.deps;
    const before = records.pinLockout.get(role);
    const waiting = retryAfterSeconds(before, this.deps.clock());
    if (waiting > 0) return this.recordLocked(role, waiting, actor);
    // Evaluated outside the transaction (scrypt takes a while); the outcome is applied to the counters as they are then.
    const matched = isPinShaped(pin) && (await this.matcher(pin, hash));
    return records.transaction((): UnlockResult => {
      const now = this.deps.clock();
      const state = records.pinLockout.get(role);
      const still = retryAfterSeconds(state, now);
      if (still > 0) return this.recordLocked(role, still, actor);
      if (matched) {
        records.pinLockout.set(role, { ...NO_LOCKOUT });
        records.audit.append({ at: now, type: 'pin', actor, detail: { role, result: 'ok' } });
        return { ok: true, role };
      }
      const next = afterFailure(state, now);
      records.pinLockout.set(role, next.state);
      if (next.locked) {
        records.audit.append({ at: now, type: 'pin', actor, detail: { role, result: 'locked', failures: next.state.failures, lockSeconds: next.state.lockSeconds } });
        return { ok: false, code: 'LOCKED', retryAfterSeconds: next.state.lockSeconds };
      }
      records.audit.append({ at: now, type: 'pin', actor, detail: { role, result: 'wrong', failures: next.state.failures } });
      return { ok: false, code: 'WRONG', failures: next.state.failures };
    });
  }

  private recordLocked(role: PinRole, retryAfter: number, actor: AuditActor): UnlockResult {
    this.deps.records.audit.append({ at: this.deps.clock(), type: 'pin', actor, detail: { role, result: 'refused-while-locked', retryAfterSeconds: retryAfter } });
    return { ok: false, code: 'LOCKED', retryAfterSeconds: retryAfter };
  }

  /** The PIN pad: check the PIN and, when it is right, make `role` the role on the screen. */
  async unlock(role: PinRole, pin: string): Promise<UnlockResult> {
    const result = await this.check(role, pin, this.current());
    if (result.ok) {
      this.role = role;
      this.lastInput = this.deps.clock();
      this.emit();
    }
    return result;
  }

  /** Null when the role on the screen may do what needs `role`; else a refusal to show. */
  requireRole(role: PinRole): RoleRefusal | null {
    if (roleAllows(this.current(), role)) {
      this.touch();
      return null;
    }
    if (!this.configured(role)) {
      return {
        ok: false,
        code: 'NO_PIN',
        message: `This needs the ${ROLE_WORDS[role]} PIN, and none is set on this kiosk: ask IT to add PINs to the machine config ("pins", made with "passport-kiosk pin hash").`,
      };
    }
    return { ok: false, code: 'ROLE_REQUIRED', message: `This needs the ${ROLE_WORDS[role]} PIN: unlock first.` };
  }

  private setRole(role: Role, detail: Record<string, unknown>, actor: AuditActor): void {
    this.deps.records.audit.append({ at: this.deps.clock(), type: 'role', actor, detail });
    this.role = role;
    this.emit();
  }

  private emit(): void {
    const s = this.state();
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // A broken listener must not stop a role change.
      }
    }
  }
}
