import {
  REGISTER_STATUSES,
  type Register,
  type RegisterCounts,
  type RegisterLine,
  type Session,
} from '../../core/sessions/model';
import { londonIso } from './local-time';

/**
 * The register as JSON (sessions.md "Exports"): the CSV's information in
 * camelCase. Times are London local time with their offset, the same form
 * as the CSV, so the two files of one register say the same thing and a
 * person reading either sees the wall-clock time; the offset keeps every
 * value an exact RFC 3339 instant. The roster note and the lead's `flagged`
 * hint are for the lead's screens only and are not exported.
 */

/** The session as the register carries it: every field of the stored session. */
export type RegisterJsonSession = Session;

/** One person: the register line without what is for the lead's screens only. */
export type RegisterJsonPerson = Omit<RegisterLine, 'note' | 'flagged'>;

export interface RegisterJson {
  session: RegisterJsonSession;
  people: RegisterJsonPerson[];
  counts: RegisterCounts;
}

/** The JSON export as a value (field order fixed, so the file is stable). */
export function registerJsonValue(register: Register): RegisterJson {
  const s = register.session;
  const counts = Object.fromEntries(REGISTER_STATUSES.map((st) => [st, register.counts[st] ?? 0])) as RegisterCounts;
  return {
    session: {
      id: s.id,
      title: s.title,
      kind: s.kind,
      starts: londonIso(s.starts),
      ends: londonIso(s.ends),
      room: s.room,
      lead: s.lead,
      capacity: s.capacity,
      graceMinutes: s.graceMinutes,
      state: s.state,
      createdAt: londonIso(s.createdAt),
      closedAt: s.closedAt === null ? null : londonIso(s.closedAt),
    },
    people: register.people.map((p) => ({
      row: p.row,
      name: p.name,
      passportId: p.passportId,
      issuer: p.issuer,
      staffGroup: p.staffGroup,
      onRoster: p.onRoster,
      status: p.status,
      late: p.late,
      arrivedAt: p.arrivedAt === null ? null : londonIso(p.arrivedAt),
      markedBy: p.markedBy,
      markReason: p.markReason,
      outcome: p.outcome,
      reasonCodes: [...p.reasonCodes],
      priorInduction: p.priorInduction
        ? {
            by: p.priorInduction.by,
            ...(p.priorInduction.byName !== undefined ? { byName: p.priorInduction.byName } : {}),
            completed: p.priorInduction.completed,
          }
        : null,
    })),
    counts,
  };
}

/** Write the register as JSON bytes (UTF-8, two-space indent, final newline). */
export function registerJson(register: Register): Buffer {
  return Buffer.from(`${JSON.stringify(registerJsonValue(register), null, 2)}\n`, 'utf8');
}
