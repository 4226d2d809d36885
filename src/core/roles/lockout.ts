/**
 * Roles and the PIN lockout (operations.md "Roles and PINs"), pure: which
 * role may do what, and how a run of wrong PINs locks a role. The stored
 * state lives in the records file; the clock is the caller's.
 */

export const ROLES = ['reception', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** The roles that have a PIN. */
export const PIN_ROLES = ['lead', 'admin'] as const;
export type PinRole = (typeof PIN_ROLES)[number];

/** Whether `have` includes everything `need` may do (admin ⊃ lead ⊃ reception). */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** A PIN is 6–12 ASCII digits. */
export const isPinShaped = (pin: string): boolean => /^[0-9]{6,12}$/.test(pin);

/** Failures in a row that lock a role, the first lock, and the cap. */
export const LOCK_AFTER_FAILURES = 5;
export const FIRST_LOCK_SECONDS = 30;
export const MAX_LOCK_SECONDS = 15 * 60;

/** One role's counters as stored. */
export interface LockoutState {
  /** Failures in a row since the last success. */
  failures: number;
  /** The length of the current (or last) lock; 0 before the first. */
  lockSeconds: number;
  /** When the lock ends, ms since the epoch, or null. */
  lockedUntil: number | null;
}

export const NO_LOCKOUT: LockoutState = { failures: 0, lockSeconds: 0, lockedUntil: null };

/**
 * Seconds until the role may be tried again, or 0 when it is not locked.
 * Never more than the lock's own length, so a clock set back cannot stretch
 * a lock into hours (nor can it end one early: the lock still runs its length
 * from the moment it was set, on the clock as it stands).
 */
export function retryAfterSeconds(state: LockoutState, now: number): number {
  if (state.lockedUntil === null || now >= state.lockedUntil) return 0;
  return Math.min(state.lockSeconds, Math.ceil((state.lockedUntil - now) / 1000));
}

/** What one wrong PIN does (only ever called when the role is not locked). */
export function afterFailure(state: LockoutState, now: number): { state: LockoutState; locked: boolean } {
  const failures = state.failures + 1;
  if (failures < LOCK_AFTER_FAILURES) return { state: { ...state, failures, lockedUntil: null }, locked: false };
  const lockSeconds = state.lockSeconds === 0 ? FIRST_LOCK_SECONDS : Math.min(MAX_LOCK_SECONDS, state.lockSeconds * 2);
  return { state: { failures, lockSeconds, lockedUntil: now + lockSeconds * 1000 }, locked: true };
}
