import { decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { OUTCOMES } from '../codes';
import { isCompactJws, JWS_TYP, verifyCompact } from '../jws';
import { describeZodError, sha256Hex, type Ed25519PublicJwk } from '../schemas/common';
import { MARK_STATUSES, SESSION_KINDS } from '../sessions/model';

/**
 * Kiosk events (spec/upstream.md "Events"): the payload shapes, the
 * protected header every event carries, and the receiver's check of one
 * compact JWS. Pure: the kiosk builds payloads in src/main/upstream and
 * signs them with jose there; the reference receiver (src/publisher/receiver)
 * verifies with {@link verifyEventJws}.
 */

export const EVENT_TYPES = ['arrival', 'mark', 'close', 'checkpoint'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A kiosk id (upstream.md "The kiosk's identity"): 1–64 of `[A-Za-z0-9._-]`. */
export const kioskIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, ".", "_" and "-"');

/** The session as events carry it. */
export const eventSessionSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  kind: z.enum(SESSION_KINDS),
  starts: z.string().min(1),
  ends: z.string().min(1),
});
export type EventSession = z.infer<typeof eventSessionSchema>;

const base = {
  v: z.literal(1),
  id: z.uuid(),
  kiosk: kioskIdSchema,
  seq: z.int().min(1),
  at: z.iso.datetime({ offset: true }),
};

export const arrivalEventSchema = z.object({
  ...base,
  type: z.literal('arrival'),
  session: eventSessionSchema,
  person: z.object({ passportId: z.string().min(1), iss: z.string(), name: z.string() }),
  late: z.boolean(),
  onRoster: z.boolean(),
  row: z.int().min(1).nullable(),
  outcome: z.enum(OUTCOMES),
  reasonCodes: z.array(z.string()),
});

export const markEventSchema = z.object({
  ...base,
  type: z.literal('mark'),
  session: eventSessionSchema,
  person: z.object({ passportId: z.string().min(1).nullable(), row: z.int().min(1).nullable(), name: z.string() }),
  status: z.enum(MARK_STATUSES),
  reason: z.string(),
  by: z.string(),
});

/** One person of a `close` event's register (the JSON export's fields; the receiver reads a few). */
export const closePersonSchema = z.looseObject({
  row: z.int().nullable(),
  name: z.string(),
  passportId: z.string().nullable(),
  status: z.string(),
  late: z.boolean().nullable(),
  arrivedAt: z.string().nullable(),
});

export const closeEventSchema = z.object({
  ...base,
  type: z.literal('close'),
  session: eventSessionSchema,
  counts: z.record(z.string(), z.int().min(0)),
  people: z.array(closePersonSchema),
});

export const checkpointEventSchema = z.object({
  ...base,
  type: z.literal('checkpoint'),
  auditSeq: z.int().min(1),
  auditHead: sha256Hex,
});

export const kioskEventSchema = z.discriminatedUnion('type', [arrivalEventSchema, markEventSchema, closeEventSchema, checkpointEventSchema]);
export type KioskEvent = z.infer<typeof kioskEventSchema>;
export type ArrivalEvent = z.infer<typeof arrivalEventSchema>;
export type MarkEvent = z.infer<typeof markEventSchema>;
export type CloseEvent = z.infer<typeof closeEventSchema>;
export type CheckpointEvent = z.infer<typeof checkpointEventSchema>;

/** The protected header of every event, exactly these members. */
export function eventHeader(kioskId: string): { alg: 'EdDSA'; kid: string; typ: string } {
  return { alg: 'EdDSA', kid: kioskId, typ: JWS_TYP.event };
}

/** Why the receiver refuses an event (upstream.md "The reference receiver"). */
export const EVENT_REJECTION_CODES = ['KIOSK_UNKNOWN', 'SIGNATURE_INVALID', 'EVENT_INVALID', 'CHECKPOINT_REGRESSED'] as const;
export type EventRejectionCode = (typeof EVENT_REJECTION_CODES)[number];

export type EventCheck =
  | { ok: true; event: KioskEvent; kid: string }
  | { ok: false; code: EventRejectionCode; detail: string; /** The payload's `id`, where it could be read. */ id: string | null };

// TextDecoder through globalThis: core's tsconfig has no DOM lib (as in jws.ts).
type Utf8Decoder = { decode(bytes: Uint8Array): string };
const utf8 = new (globalThis as unknown as { TextDecoder: new (label: string, opts: { fatal: boolean }) => Utf8Decoder }).TextDecoder('utf-8', {
  fatal: true,
});
type Base64Decoder = { atob(s: string): string };

/** The payload's `id` read without trusting anything, for a rejection's result. */
export function unverifiedEventId(jws: unknown): string | null {
  if (typeof jws !== 'string') return null;
  const part = jws.split('.')[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = (globalThis as unknown as Base64Decoder).atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const data = JSON.parse(utf8.decode(bytes)) as { id?: unknown };
    return typeof data?.id === 'string' && data.id.length <= 100 ? data.id : null;
  } catch {
    return null;
  }
}

const HEADER_MEMBERS = ['alg', 'kid', 'typ'];

/**
 * Check one event as the receiver must: the header has exactly `alg`, `kid`
 * and `typ` (EdDSA, `kiosk-event+jws`); `kid` names an enrolled kiosk
 * (`keyOf`, else KIOSK_UNKNOWN); the signature verifies with that key (jose,
 * through the core's JWS rules), else SIGNATURE_INVALID; the payload is an
 * event as specified and its `kiosk` is the `kid`, else EVENT_INVALID.
 */
export async function verifyEventJws(jws: unknown, keyOf: (kid: string) => Ed25519PublicJwk | undefined): Promise<EventCheck> {
  // Read only when refusing: a rejection carries the payload's id where it can be read.
  let known: string | null | undefined;
  const idOf = () => (known === undefined ? (known = unverifiedEventId(jws)) : known);
  if (!isCompactJws(jws)) return { ok: false, code: 'SIGNATURE_INVALID', detail: 'not a compact JWS', id: idOf() };
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: 'protected header is not base64url JSON', id: idOf() };
  }
  const members = Object.keys(header).sort();
  if (members.length !== 3 || members.some((m, i) => m !== HEADER_MEMBERS[i])) {
    return { ok: false, code: 'SIGNATURE_INVALID', detail: `header members ${members.join(',')}: expected exactly alg, kid, typ`, id: idOf() };
  }
  if (typeof header.kid === 'string' && header.alg === 'EdDSA' && header.typ === JWS_TYP.event && !keyOf(header.kid)) {
    return { ok: false, code: 'KIOSK_UNKNOWN', detail: `kiosk ${header.kid} is not enrolled`, id: idOf() };
  }
  const v = await verifyCompact(jws, JWS_TYP.event, keyOf);
  if (!v.ok) {
    return { ok: false, code: v.code === 'KEY_UNTRUSTED' && typeof header.kid === 'string' ? 'KIOSK_UNKNOWN' : 'SIGNATURE_INVALID', detail: v.detail, id: idOf() };
  }
  let data: unknown;
  try {
    data = JSON.parse(utf8.decode(v.payload));
  } catch {
    return { ok: false, code: 'EVENT_INVALID', detail: 'payload is not UTF-8 JSON', id: idOf() };
  }
  const parsed = kioskEventSchema.safeParse(data);
  if (!parsed.success) return { ok: false, code: 'EVENT_INVALID', detail: describeZodError('event', parsed.error), id: idOf() };
  if (parsed.data.kiosk !== v.kid) {
    return { ok: false, code: 'EVENT_INVALID', detail: `payload kiosk ${parsed.data.kiosk} is not the signer ${v.kid}`, id: idOf() };
  }
  return { ok: true, event: parsed.data, kid: v.kid };
}
