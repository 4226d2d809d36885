import type { Arrival, CheckinResult, Session } from './model';

/** What the check-in decision needs: all of it read in the same records transaction as the write. */
export interface CheckinFacts {
  session: Pick<Session, 'state' | 'capacity'>;
  /** The verdict's `passport.id`, or null when the verdict names no person. */
  identifiedPassportId: string | null;
  /** This passport's arrival in this session, if it already arrived. */
  firstArrival: Pick<Arrival, 'at'> | null;
  /** People arrived in this session so far. */
  arrivedCount: number;
}

/**
 * The check-in result (sessions.md "Check-in"), the first that applies:
 * SESSION_CLOSED, NOT_IDENTIFIED, ALREADY_ARRIVED, SESSION_FULL, ARRIVED.
 * Only ARRIVED records anything. The verdict's outcome plays no part: a
 * person named by a `not-cleared` or `refer` verdict is still arrived.
 */
export function decideCheckin(facts: CheckinFacts): CheckinResult {
  if (facts.session.state === 'closed') return 'SESSION_CLOSED';
  if (facts.identifiedPassportId === null) return 'NOT_IDENTIFIED';
  if (facts.firstArrival !== null) return 'ALREADY_ARRIVED';
  if (facts.session.capacity !== null && facts.arrivedCount >= facts.session.capacity) return 'SESSION_FULL';
  return 'ARRIVED';
}
