import { z } from 'zod';
import { describeZodError } from '../../core/schemas/common';
import { newSessionSchema, type RosterRow, type Session } from '../../core/sessions/model';

/**
 * The `session` export (cli.md: `session export --format session`, read by
 * `session create --from FILE`): a session's definition and roster, to run
 * the same session at a second desk. It keeps the id (sessions.md "Session"),
 * so the two desks' registers name the same session upstream. It carries no
 * attendance — arrivals, marks, state and times of creation or closing stay
 * with the desk that recorded them; the second desk starts open, with its
 * own arrivals.
 */

export const SESSION_FILE_FORMAT = 'staff-passport-kiosk/session';

/**
 * A session as the file carries it: its definition, no desk state
 * (`starts`/`ends` as UTC instants, as sessions are stored).
 */
export type SessionFileSession = Omit<Session, 'state' | 'createdAt' | 'closedAt'>;

export type ParsedSessionFile =
  | { ok: true; session: SessionFileSession; roster: RosterRow[] }
  | { ok: false; code: 'SESSION_INVALID'; message: string };

/** Write the session file: JSON, UTF-8, two-space indent, final newline. */
export function sessionFileBytes(session: Session, roster: readonly RosterRow[]): Buffer {
  const body = {
    format: SESSION_FILE_FORMAT,
    v: 1,
    session: {
      id: session.id,
      title: session.title,
      kind: session.kind,
      starts: session.starts,
      ends: session.ends,
      room: session.room,
      lead: session.lead,
      capacity: session.capacity,
      graceMinutes: session.graceMinutes,
    },
    roster: roster.map((r) => ({
      row: r.row,
      name: r.name,
      passport: r.passport,
      badge: r.badge,
      staffGroup: r.staffGroup,
      note: r.note,
    })),
  };
  return Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
}

/** Files bigger than this are not session files (a roster of 10 000 rows is well under). */
const MAX_BYTES = 20 * 1024 * 1024;

const uuidV4 = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a lower-case UUID (v4)');

/** `null` in the file means "not set": the session rules say that with an absent field. */
const dropNulls = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null))
    : v;

const sessionPart = z.preprocess(dropNulls, newSessionSchema.safeExtend({ id: uuidV4 }));

const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .default(null)
    .transform((s) => (s === null || s.trim() === '' ? null : s.trim()));

const rosterRow = z.object({
  row: z.int('must be a whole number ≥ 1').min(1, 'must be a whole number ≥ 1'),
  name: z.string().trim().min(1, 'must be 1–120 characters').max(120, 'must be 1–120 characters'),
  passport: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a passport id: 1–64 characters of A–Z a–z 0–9 . _ -')
    .nullable()
    .default(null),
  badge: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').nullable().default(null),
  staffGroup: optionalText(120),
  note: optionalText(200),
});

const fileSchema = z
  .object({
    format: z.literal(SESSION_FILE_FORMAT, `must be "${SESSION_FILE_FORMAT}"`),
    v: z.literal(1, 'must be 1 (this kiosk reads version 1 session files)'),
    session: sessionPart,
    roster: z.array(rosterRow),
  })
  .superRefine((file, ctx) => {
    const seenPassport = new Map<string, number>();
    const seenBadge = new Map<string, number>();
    file.roster.forEach((r, i) => {
      if (r.row !== i + 1) {
        ctx.addIssue({ code: 'custom', path: ['roster', i, 'row'], message: `must be ${i + 1}: rows are numbered 1, 2, 3… in order` });
      }
      for (const [key, seen] of [
        ['passport', seenPassport],
        ['badge', seenBadge],
      ] as const) {
        const value = r[key];
        if (value === null) continue;
        const first = seen.get(value);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['roster', i, key], message: `repeats row ${first}'s ${key} "${value}"` });
        } else seen.set(value, r.row);
      }
    });
  });

/**
 * Read a session file. Returns the session (times as UTC instants) and its
 * roster, or a one-line message naming the first bad field, e.g.
 * `session file: roster.2.passport: must be a passport id: …`.
 */
export function parseSessionFile(text: string): ParsedSessionFile {
  const fail = (message: string): ParsedSessionFile => ({ ok: false, code: 'SESSION_INVALID', message });
  if (text.length > MAX_BYTES) return fail('session file: too large to be a session file (over 20 MB); export it again with `session export --format session`');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    return fail(`session file: not valid JSON (${(e as Error).message}); export it again with \`session export --format session\``);
  }
  const result = fileSchema.safeParse(data);
  if (!result.success) return fail(describeZodError('session file', result.error));
  const { session: s, roster } = result.data;
  return {
    ok: true,
    session: {
      id: s.id,
      title: s.title,
      kind: s.kind,
      starts: new Date(s.starts).toISOString(),
      ends: new Date(s.ends).toISOString(),
      room: s.room ?? null,
      lead: s.lead ?? null,
      capacity: s.capacity ?? null,
      graceMinutes: s.graceMinutes,
    },
    roster: roster.map((r) => ({ row: r.row, name: r.name, passport: r.passport, badge: r.badge, staffGroup: r.staffGroup, note: r.note })),
  };
}
