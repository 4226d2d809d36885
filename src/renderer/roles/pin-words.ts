/**
 * The PIN pad's words and key rules (operations.md "Roles and PINs"),
 * pure so they can be tested without a screen: plain sentences for a
 * wrong PIN and a lockout, the time left said in words, and what each key
 * does to the digits entered so far.
 */

/** The roles a PIN unlocks. */
export type PinRoleName = 'lead' | 'admin';

/** What the services answer to a PIN (the role service's unlock result). */
export type PinAnswer =
  | { ok: true }
  | { ok: false; code: 'WRONG'; failures: number }
  | { ok: false; code: 'LOCKED'; retryAfterSeconds: number }
  | { ok: false; code: string; message: string };

/** Failures in a row that lock a role (the 5th answers LOCKED). */
export const LOCK_AFTER_FAILURES = 5;
/** A PIN is 6–12 digits. */
export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;

/** How each role is named on the screen. */
export const ROLE_TITLES: Record<PinRoleName, string> = { lead: 'induction lead', admin: 'admin' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 minutes 10 seconds", "1 minute", "45 seconds" (whole seconds, rounded up by the caller). */
export function waitWords(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  if (minutes === 0) return plural(rest, 'second', 'seconds');
  if (rest === 0) return plural(minutes, 'minute', 'minutes');
  return `${plural(minutes, 'minute', 'minutes')} ${plural(rest, 'second', 'seconds')}`;
}

/** After a wrong PIN: how many tries are left before the role locks. */
export function wrongPinSentence(role: PinRoleName, failures: number): string {
  const left = LOCK_AFTER_FAILURES - failures;
  if (left <= 0) return `That PIN is not right. The next wrong PIN locks the ${role} role.`;
  return `That PIN is not right. ${plural(left, 'try', 'tries')} left before the ${role} role is locked.`;
}

/** While a role is locked: the time left, which the screen counts down. */
export function lockedSentence(secondsLeft: number): string {
  return `Locked after too many wrong PINs. Try again in ${waitWords(secondsLeft)}.`;
}

/** What the service's answer means for the screen: unlocked, or one sentence to show. */
export function answerSentence(role: PinRoleName, answer: PinAnswer): string | null {
  if (answer.ok) return null;
  if (answer.code === 'WRONG' && 'failures' in answer) return wrongPinSentence(role, answer.failures);
  if (answer.code === 'LOCKED' && 'retryAfterSeconds' in answer) return lockedSentence(answer.retryAfterSeconds);
  return 'message' in answer ? answer.message : 'The PIN could not be checked. Try again, or ask IT.';
}

/** What a key does on the pad. */
export type PinKeyEffect =
  | { kind: 'digits'; pin: string }
  | { kind: 'submit' }
  | { kind: 'cancel' }
  | { kind: 'none' };

/**
 * One key (`KeyboardEvent.key`, or an on-screen button's name: a digit,
 * `Backspace`, `Clear`, `Enter`, `Escape`) against the digits entered so
 * far. Digits past 12 are ignored; anything else does nothing.
 */
export function pinKey(pin: string, key: string): PinKeyEffect {
  if (/^[0-9]$/.test(key)) return pin.length >= PIN_MAX_DIGITS ? { kind: 'none' } : { kind: 'digits', pin: pin + key };
  if (key === 'Backspace') return pin === '' ? { kind: 'none' } : { kind: 'digits', pin: pin.slice(0, -1) };
  if (key === 'Clear' || key === 'Delete') return pin === '' ? { kind: 'none' } : { kind: 'digits', pin: '' };
  if (key === 'Enter') return { kind: 'submit' };
  if (key === 'Escape') return { kind: 'cancel' };
  return { kind: 'none' };
}

/** Why a PIN cannot be sent yet, or null when it can. */
export function tooShort(length: number): string | null {
  if (length === 0) return 'Enter the PIN first.';
  if (length < PIN_MIN_DIGITS) return `A PIN has at least ${PIN_MIN_DIGITS} digits. You have entered ${length}.`;
  return null;
}

/** The PIN field as a screen reader hears it: never the digits, only how many. */
export function enteredWords(length: number): string {
  return length === 0 ? 'No digits entered' : `${plural(length, 'digit', 'digits')} entered`;
}
