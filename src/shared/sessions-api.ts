import { z } from 'zod';
import { OUTCOMES, REASON_CODES, type ReasonCode } from '../core/codes';
import {
  CHECKIN_RESULTS,
  MARK_STATUSES,
  REGISTER_STATUSES,
  SESSION_KINDS,
  SESSION_STATES,
} from '../core/sessions/model';

/**
 * The induction-session part of the screens↔services contract
 * (spec/sessions.md): schemas for every session call's request and
 * response. `kiosk-api.ts` merges these into KIOSK_CALLS, so Electron's IPC,
 * browser mode's HTTP server and the screens all take them from here.
 */

const instant = z.string().min(1).max(40);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const reasonCode = z.enum(REASON_CODES as [ReasonCode, ...ReasonCode[]]);

export const sessionSchema = z.object({
  id: z.string().uuid(),
  title: z.string(),
  kind: z.enum(SESSION_KINDS),
  starts: instant,
  ends: instant,
  room: z.string().nullable(),
  lead: z.string().nullable(),
  capacity: z.number().int().nullable(),
  graceMinutes: z.number().int(),
  state: z.enum(SESSION_STATES),
  createdAt: instant,
  closedAt: instant.nullable(),
});
export type SessionDto = z.infer<typeof sessionSchema>;

/** A session with its counts, for lists and the session-mode banner. */
export const sessionSummarySchema = z.object({
  session: sessionSchema,
  /** People arrived (scanned in). */
  arrived: z.number().int(),
  /** Roster rows. */
  expected: z.number().int(),
});
export type SessionSummaryDto = z.infer<typeof sessionSummarySchema>;

export const priorInductionSchema = z.object({
  by: z.string(),
  byName: z.string().optional(),
  completed: isoDate,
});

export const registerLineSchema = z.object({
  row: z.number().int().nullable(),
  name: z.string(),
  passportId: z.string().nullable(),
  issuer: z.string().nullable(),
  staffGroup: z.string().nullable(),
  onRoster: z.boolean(),
  status: z.enum(REGISTER_STATUSES),
  late: z.boolean().nullable(),
  arrivedAt: instant.nullable(),
  markedBy: z.string().nullable(),
  markReason: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  reasonCodes: z.array(reasonCode),
  priorInduction: priorInductionSchema.nullable(),
  note: z.string().nullable().optional(),
  flagged: z.boolean().optional(),
});
export type RegisterLineDto = z.infer<typeof registerLineSchema>;

export const registerSchema = z.object({
  session: sessionSchema,
  people: z.array(registerLineSchema),
  counts: z.record(z.enum(REGISTER_STATUSES), z.number().int()),
});
export type RegisterDto = z.infer<typeof registerSchema>;

export const precheckLineSchema = z.object({
  row: z.number().int(),
  name: z.string(),
  passportId: z.string().nullable(),
  issuer: z.string().nullable(),
  outcome: z.enum(OUTCOMES),
  reasons: z.array(reasonCode),
  priorInduction: priorInductionSchema.nullable(),
});
export type PrecheckLineDto = z.infer<typeof precheckLineSchema>;

/** Create a session (the screen's form; `starts`/`ends` RFC 3339). Invalid fields come back as a SessionFailure. */
export const createSessionRequestSchema = z.object({
  title: z.string().max(1000),
  kind: z.enum(SESSION_KINDS),
  starts: z.string().max(64),
  ends: z.string().max(64),
  room: z.string().max(1000).optional(),
  lead: z.string().max(1000).optional(),
  capacity: z.number().int().optional(),
  graceMinutes: z.number().int().optional(),
});

/** A failure the lead can act on: a code (cli.md "Sessions") and one sentence; for rosters, every bad row. */
export const sessionFailureSchema = z.object({
  ok: z.literal(false),
  /**
   * SESSIONS_UNAVAILABLE: the kiosk was started without session services (no records file).
   * ROLE_REQUIRED / NO_PIN: the lead role is not unlocked (roles-api.ts), or has no PIN set.
   */
  code: z.enum(['SESSION_UNKNOWN', 'SESSION_CLOSED', 'ROW_UNKNOWN', 'ROSTER_INVALID', 'SESSION_INVALID', 'SESSIONS_UNAVAILABLE', 'ROLE_REQUIRED', 'NO_PIN']),
  message: z.string(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })).optional(),
});
export type SessionFailureDto = z.infer<typeof sessionFailureSchema>;

const sessionId = z.object({ sessionId: z.string().uuid() });

/** The roster file as picked by the lead: raw bytes as base64 (so a non-UTF-8 file is recognised), ≤ 8 MB. */
export const importRosterRequestSchema = z.object({
  sessionId: z.string().uuid(),
  fileName: z.string().max(260),
  contentBase64: z.string().max(11_200_000),
});

export const markRequestSchema = z
  .object({
    sessionId: z.string().uuid(),
    row: z.number().int().min(1).optional(),
    passportId: z.string().max(64).optional(),
    status: z.enum(MARK_STATUSES),
    reason: z.string().max(1000),
    by: z.string().max(1000),
  })
  .refine((m) => (m.row === undefined) !== (m.passportId === undefined), 'give exactly one of row and passportId');

export const exportRequestSchema = z.object({ sessionId: z.string().uuid(), format: z.enum(['csv', 'pdf', 'json']) });
/** An exported file: the screens offer it as a download (browser mode) or save it (Electron). */
export const exportFileSchema = z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string() });

/** The check-in half of a scan made in session mode. */
export const checkinSchema = z.object({
  sessionId: z.string().uuid(),
  result: z.enum(CHECKIN_RESULTS),
  /** The arrival recorded (ARRIVED) or the first one (ALREADY_ARRIVED); else null. */
  arrival: z
    .object({ at: instant, late: z.boolean(), onRoster: z.boolean(), row: z.number().int().nullable() })
    .nullable(),
  /** The verdict was refer or not-cleared: the lead should look. */
  flagged: z.boolean(),
  summary: sessionSummarySchema,
});
export type CheckinDto = z.infer<typeof checkinSchema>;

export const SESSION_CALLS = {
  listSessions: { request: z.object({}).strict(), response: z.array(sessionSummarySchema) },
  createSession: { request: createSessionRequestSchema, response: z.union([z.object({ ok: z.literal(true), session: sessionSchema }), sessionFailureSchema]) },
  importRoster: {
    request: importRosterRequestSchema,
    response: z.union([z.object({ ok: z.literal(true), rows: z.number().int(), warnings: z.array(z.string()) }), sessionFailureSchema]),
  },
  precheckSession: { request: sessionId, response: z.union([z.object({ ok: z.literal(true), lines: z.array(precheckLineSchema) }), sessionFailureSchema]) },
  getRegister: { request: sessionId, response: z.union([z.object({ ok: z.literal(true), register: registerSchema }), sessionFailureSchema]) },
  markPerson: { request: markRequestSchema, response: z.union([z.object({ ok: z.literal(true), register: registerSchema }), sessionFailureSchema]) },
  closeSession: { request: sessionId, response: z.union([z.object({ ok: z.literal(true), register: registerSchema }), sessionFailureSchema]) },
  exportRegister: { request: exportRequestSchema, response: z.union([z.object({ ok: z.literal(true), file: exportFileSchema }), sessionFailureSchema]) },
  /** Session mode on the scan screen: scans also check in to this session. `sessionId: null` leaves session mode. */
  setSessionMode: {
    request: z.object({ sessionId: z.string().uuid().nullable() }),
    response: z.union([z.object({ ok: z.literal(true), active: sessionSummarySchema.nullable() }), sessionFailureSchema]),
  },
} as const;

export const SESSION_EVENTS = {
  /** A session's register changed (arrival, mark, import, close): screens showing it refetch. */
  sessionChanged: sessionSummarySchema,
} as const;
