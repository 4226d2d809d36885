/** Builders for the session rule tests: a session, roster rows, arrivals and marks with sensible defaults. */
import type { Arrival, Mark, RosterRow, Session } from '../../../../src/core/sessions/model';

export const SESSION_ID = '3f2b8c1e-9d4a-4f6b-8e2c-1a5d7b9c0e3f';

export function session(patch: Partial<Session> = {}): Session {
  return {
    id: SESSION_ID,
    title: 'Corporate induction',
    kind: 'corporate',
    starts: '2026-11-24T09:00:00.000Z',
    ends: '2026-11-24T12:00:00.000Z',
    room: null,
    lead: null,
    capacity: null,
    graceMinutes: 10,
    state: 'open',
    createdAt: '2026-11-01T08:00:00.000Z',
    closedAt: null,
    ...patch,
  };
}

export function row(n: number, patch: Partial<RosterRow> = {}): RosterRow {
  return { row: n, name: `Person ${n}`, passport: `P-${n}`, badge: null, staffGroup: null, note: null, ...patch };
}

export function arrival(passportId: string, at: string, patch: Partial<Arrival> = {}): Arrival {
  return {
    sessionId: SESSION_ID,
    passportId,
    scanId: 1,
    at,
    late: false,
    onRoster: false,
    row: null,
    name: `Name of ${passportId}`,
    issuer: 'RXL',
    staffGroup: 'admin-clerical',
    outcome: 'cleared',
    reasons: ['INDUCTION_NOT_RECORDED'],
    priorInduction: null,
    ...patch,
  };
}

export function mark(who: { row: number } | { passportId: string }, status: Mark['status'], at: string, patch: Partial<Mark> = {}): Mark {
  return {
    sessionId: SESSION_ID,
    row: 'row' in who ? who.row : null,
    passportId: 'passportId' in who ? who.passportId : null,
    status,
    reason: 'forgot badge',
    by: 'Jo Lead',
    at,
    ...patch,
  };
}
