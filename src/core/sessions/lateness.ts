import type { Session } from './model';

/**
 * Whether an arrival at `atMs` (ms since the epoch) is late (sessions.md
 * "Session": "an arrival after `starts` + grace is late").
 *
 * "After" is strict: someone scanning in at exactly `starts` + grace is on
 * time, and 1 ms later is late. With grace 0, arriving exactly at `starts`
 * is on time.
 */
export function isLate(session: Pick<Session, 'starts' | 'graceMinutes'>, atMs: number): boolean {
  return atMs > Date.parse(session.starts) + session.graceMinutes * 60_000;
}
