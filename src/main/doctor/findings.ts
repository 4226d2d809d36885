/**
 * What `passport-kiosk doctor` (and, later, the app's own diagnostics
 * screen) reports: one finding per thing checked, each a plain sentence
 * saying what is wrong and what to do about it.
 */

export const CHECKS = ['config', 'policy', 'cache', 'records', 'audit', 'roles', 'clock', 'feed', 'upstream', 'readers'] as const;
export type CheckName = (typeof CHECKS)[number];

export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface Finding {
  check: CheckName;
  status: FindingStatus;
  /** One plain sentence: what was found (for warn/fail, what is wrong). */
  message: string;
  /** What to do about it; empty when the status is ok. */
  fix: string;
}

export const ok = (check: CheckName, message: string): Finding => ({ check, status: 'ok', message, fix: '' });
export const warn = (check: CheckName, message: string, fix: string): Finding => ({ check, status: 'warn', message, fix });
export const fail = (check: CheckName, message: string, fix: string): Finding => ({ check, status: 'fail', message, fix });

/** A check that could not run because something it depends on failed first. */
export const notChecked = (check: CheckName, because: string): Finding =>
  warn(check, `Not checked: ${because}.`, 'Fix the problem above, then run passport-kiosk doctor again.');

/** The first line of an error's message (never a stack). */
export function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
}
