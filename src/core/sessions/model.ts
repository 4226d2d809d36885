import { z } from 'zod';
import { OUTCOMES, type Outcome, type ReasonCode } from '../codes';

/**
 * The shapes of induction sessions (spec/sessions.md): session, roster row,
 * arrival, mark, and a register line. Pure data, shared by the rules in this
 * folder, the records repositories (src/main/records), the session services
 * (src/main/sessions), the exports and the screens' contract.
 *
 * Times are ISO 8601 UTC instants (`2026-11-24T09:05:00.000Z`) everywhere in
 * memory and in the records file; exports turn them into Europe/London local
 * time with its offset.
 */

export const SESSION_KINDS = ['corporate', 'local', 'role'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATES = ['open', 'closed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Register statuses (sessions.md "Register"), in no particular order. */
export const REGISTER_STATUSES = ['present', 'present-manual', 'exempt-prior', 'exempt-manual', 'expected', 'absent'] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

/** Check-in results (sessions.md "Check-in"), in "first that applies" order. */
export const CHECKIN_RESULTS = ['SESSION_CLOSED', 'NOT_IDENTIFIED', 'ALREADY_ARRIVED', 'SESSION_FULL', 'ARRIVED'] as const;
export type CheckinResult = (typeof CHECKIN_RESULTS)[number];

/** What a lead may mark a person as (sessions.md "Marks by the lead"). */
export const MARK_STATUSES = ['present', 'exempt', 'absent'] as const;
export type MarkStatus = (typeof MARK_STATUSES)[number];

/** Failure codes of the session commands and services (cli.md "Sessions"). */
export const SESSION_ERROR_CODES = ['SESSION_UNKNOWN', 'SESSION_CLOSED', 'ROW_UNKNOWN', 'ROSTER_INVALID', 'SESSION_INVALID'] as const;
export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[number];

const text120 = z.string().trim().min(1, 'must be 1–120 characters').max(120, 'must be 1–120 characters');
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * Every field in range, the day within its month. Date.parse alone is not
 * enough: it rolls 2026-02-30 over to 2 March and accepts 24:00.
 */
function isRealDateTime(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec, oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  return mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysInMonth && h! <= 23 && mi! <= 59 && sec! <= 59 && oh! <= 23 && om! <= 59;
}

const rfc3339 = z
  .string()
  .regex(RFC3339, 'must be an RFC 3339 date and time with a zone, e.g. 2026-11-24T09:00:00Z')
  .refine(isRealDateTime, 'is not a real date and time');

/** What a lead (or `session create`) gives to make a session. `starts`/`ends` may carry any offset. */
export const newSessionSchema = z
  .object({
    title: text120,
    kind: z.enum(SESSION_KINDS),
    starts: rfc3339,
    ends: rfc3339,
    room: text120.optional(),
    lead: text120.optional(),
    capacity: z.int('must be a whole number ≥ 1').min(1, 'must be a whole number ≥ 1').optional(),
    graceMinutes: z
      .int('must be a whole number of minutes, 0–120')
      .min(0, 'must be a whole number of minutes, 0–120')
      .max(120, 'must be a whole number of minutes, 0–120')
      .default(10),
  })
  .refine((s) => Date.parse(s.ends) > Date.parse(s.starts), { path: ['ends'], message: 'must be after starts' });
export type NewSession = z.input<typeof newSessionSchema>;

/** A session as stored: `starts`/`ends` normalised to UTC instants. */
export interface Session {
  /** Lower-case RFC 9562 v4 UUID. */
  id: string;
  title: string;
  kind: SessionKind;
  starts: string;
  ends: string;
  room: string | null;
  lead: string | null;
  capacity: number | null;
  graceMinutes: number;
  state: SessionState;
  /** When it was created, and closed (null while open). */
  createdAt: string;
  closedAt: string | null;
}

/** One roster row (sessions.md "Roster"), after validation. */
export interface RosterRow {
  /** 1-based, file order: the `row` of exports. */
  row: number;
  name: string;
  /** A passport id, or null. */
  passport: string | null;
  /** The badge payload normalised as scan.md step 1, or null. */
  badge: string | null;
  staffGroup: string | null;
  note: string | null;
}

/** A recorded arrival (sessions.md "Check-in", result ARRIVED). */
export interface Arrival {
  sessionId: string;
  passportId: string;
  /** The scan log entry written in the same transaction. */
  scanId: number;
  at: string;
  late: boolean;
  onRoster: boolean;
  /** The matching roster row's number, or null for a walk-in. */
  row: number | null;
  /** The passport's name, issuer and staff group at arrival (walk-ins have no roster name). */
  name: string;
  issuer: string;
  staffGroup: string;
  outcome: Outcome;
  reasons: ReasonCode[];
  /** Prior induction recognised at check-in (corporate sessions only). */
  priorInduction: PriorInduction | null;
}

/** A lead's mark; the latest mark for a person wins. Exactly one of `row` / `passportId` is set. */
export interface Mark {
  sessionId: string;
  row: number | null;
  passportId: string | null;
  status: MarkStatus;
  reason: string;
  by: string;
  at: string;
}

/** A recognised earlier induction at another organisation. */
export interface PriorInduction {
  /** ODS code of the organisation that ran it (`checks.induction.by`). */
  by: string;
  /** Its name from the trust list, when known. */
  byName?: string;
  /** YYYY-MM-DD. */
  completed: string;
}

/** What the cache and policy say of a roster row at a time: pre-check (sessions.md "Pre-check"). */
export interface PrecheckLine {
  row: number;
  name: string;
  /** Found by passport id or badge; null when unknown. */
  passportId: string | null;
  issuer: string | null;
  outcome: Outcome;
  reasons: ReasonCode[];
  priorInduction: PriorInduction | null;
}

/** One line of the register: the CSV's information in camelCase (sessions.md "Exports", JSON). */
export interface RegisterLine {
  row: number | null;
  name: string;
  passportId: string | null;
  issuer: string | null;
  staffGroup: string | null;
  onRoster: boolean;
  status: RegisterStatus;
  /** null for someone who did not arrive. */
  late: boolean | null;
  arrivedAt: string | null;
  markedBy: string | null;
  markReason: string | null;
  outcome: Outcome | null;
  reasonCodes: ReasonCode[];
  priorInduction: PriorInduction | null;
  /** Roster note, for the lead's screens only (not exported). */
  note?: string | null;
  /** Whether the arrival's verdict needs the lead's eye (refer or not-cleared). */
  flagged?: boolean;
}

export type RegisterCounts = Record<RegisterStatus, number>;

/** The whole register: the session, every line in register order, counts by status. */
export interface Register {
  session: Session;
  people: RegisterLine[];
  counts: RegisterCounts;
}

export const outcomeSchema = z.enum(OUTCOMES);
