import type { Arrival, MarkStatus, Register, Session } from '../../core/sessions/model';
import { registerJsonValue } from '../sessions/export-json';

/**
 * The type-specific fields of each event (upstream.md's table), from the
 * records' own shapes. The outbox adds `v`, `id`, `kiosk`, `seq`, `at` and
 * `type`.
 */

const sessionOf = (s: Session) => ({ id: s.id, title: s.title, kind: s.kind, starts: s.starts, ends: s.ends });

/** `arrival`: who arrived, late or not, on the roster or not, and the verdict's outcome. */
export function arrivalFields(session: Session, a: Arrival): Record<string, unknown> {
  return {
    session: sessionOf(session),
    person: { passportId: a.passportId, iss: a.issuer, name: a.name },
    late: a.late,
    onRoster: a.onRoster,
    row: a.row,
    outcome: a.outcome,
    reasonCodes: [...a.reasons],
  };
}

/** `mark`: the lead's mark; `person` by passport id and/or roster row, with the name. */
export function markFields(
  session: Session,
  person: { passportId: string | null; row: number | null; name: string },
  status: MarkStatus,
  reason: string,
  by: string,
): Record<string, unknown> {
  return { session: sessionOf(session), person, status, reason, by };
}

/** `close`: the final register, as the JSON export has it, and its counts. */
export function closeFields(register: Register): Record<string, unknown> {
  const json = registerJsonValue(register);
  return { session: sessionOf(register.session), counts: json.counts, people: json.people };
}
