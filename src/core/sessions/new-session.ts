import { parseWith } from '../schemas/common';
import { newSessionSchema, type Session } from './model';

/** A session id as the kiosk makes it: a lower-case RFC 9562 version 4 UUID. */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export type NewSessionResult = { ok: true; session: Session } | { ok: false; message: string };

/** An RFC 3339 time (already validated) as a UTC instant with milliseconds. */
function toUtc(rfc3339: string): string {
  return new Date(Date.parse(rfc3339)).toISOString();
}

/**
 * Validate what a lead (or `session create`) gave and make the session, open
 * (sessions.md "Session"). `starts` and `ends` may carry any offset and are
 * stored as UTC instants; `id` and `createdAt` come from the caller (the core
 * has no clock and no randomness; `--from` keeps the moved session's id).
 * A refusal is one line naming the field: `session: ends: must be after starts`.
 */
export function validateNewSession(input: unknown, made: { id: string; createdAt: string }): NewSessionResult {
  if (!SESSION_ID.test(made.id)) return { ok: false, message: 'session: id: must be a lower-case UUID (RFC 9562 version 4)' };
  const parsed = parseWith(newSessionSchema, 'session', input);
  if (!parsed.ok) return { ok: false, message: parsed.error };
  const s = parsed.value;
  return {
    ok: true,
    session: {
      id: made.id,
      title: s.title,
      kind: s.kind,
      starts: toUtc(s.starts),
      ends: toUtc(s.ends),
      room: s.room ?? null,
      lead: s.lead ?? null,
      capacity: s.capacity ?? null,
      graceMinutes: s.graceMinutes,
      state: 'open',
      createdAt: made.createdAt,
      closedAt: null,
    },
  };
}
