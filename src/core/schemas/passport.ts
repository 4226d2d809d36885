import { z } from 'zod';
import {
  BARRED_LISTS,
  CSTF_SUBJECTS,
  DBS_LEVELS,
  REGISTRATION_BODIES,
  STAFF_GROUPS,
} from '../codes';
import { isoDate, isoInstant, odsCode, parseWith, type Parsed } from './common';

/** The passport record (spec/passport.md), version 1. Unknown extra fields are ignored. */

/** A passport `id` (passport.md): also what a roster's `passport` column must hold (sessions.md). */
export const passportIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 characters of A–Z a–z 0–9 . _ -');

const header = {
  v: z.literal(1),
  id: passportIdSchema,
  rev: z.int().min(1),
  iss: odsCode,
  issuedAt: isoInstant,
};

const badge = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('barcode'),
    value: z.string().regex(/^[\x20-\x7e]{1,128}$/, 'must be 1–128 printable ASCII characters'),
  }),
  z.object({
    type: z.literal('nfc'),
    value: z
      .string()
      .regex(/^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/, 'must be an NFC UID: 8, 14 or 20 uppercase hex digits'),
  }),
]);
export type Badge = z.infer<typeof badge>;

const trainingEntry = z.object({
  subject: z.enum(CSTF_SUBJECTS),
  completed: isoDate,
  until: isoDate.optional(),
});

const checks = z.object({
  identity: z.object({ outcome: z.enum(['verified', 'pending']), on: isoDate }).optional(),
  rightToWork: z
    .object({ outcome: z.enum(['verified', 'pending']), on: isoDate, until: isoDate.nullable() })
    .optional(),
  dbs: z
    .object({
      outcome: z.enum(['satisfactory', 'unsatisfactory', 'pending']),
      level: z.enum(DBS_LEVELS),
      barredLists: z.array(z.enum(BARRED_LISTS)),
      on: isoDate,
      updateService: z.boolean(),
    })
    .optional(),
  registration: z
    .object({
      body: z.enum(REGISTRATION_BODIES),
      number: z.string(),
      status: z.enum(['registered', 'registered-with-conditions', 'suspended', 'lapsed', 'removed']),
      until: isoDate.nullable(),
    })
    .optional(),
  occupationalHealth: z
    .object({
      outcome: z.enum(['cleared', 'cleared-with-adjustments', 'not-cleared', 'pending']),
      on: isoDate,
      review: isoDate.nullable(),
    })
    .optional(),
  training: z.array(trainingEntry).optional(),
  induction: z.object({ completed: isoDate, by: odsCode }).optional(),
});
export type Checks = z.infer<typeof checks>;

export const livePassportSchema = z.object({
  ...header,
  status: z.enum(['active', 'suspended', 'revoked']),
  person: z.object({
    name: z.string().min(1),
    staffGroup: z.enum(STAFF_GROUPS),
    role: z.string(),
    photo: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'must be a content address: sha256:<64 lowercase hex>')
      .optional(),
  }),
  badges: z.array(badge),
  checks,
});
/** A passport that still carries a person (active, suspended or revoked). */
export type LivePassport = z.infer<typeof livePassportSchema>;

export const erasedPassportSchema = z.object({ ...header, status: z.literal('erased') });
/** What remains of an erased passport: the tombstone that stops old revisions coming back. */
export type ErasedPassport = z.infer<typeof erasedPassportSchema>;

export const passportSchema = z.union([erasedPassportSchema, livePassportSchema]);
export type Passport = LivePassport | ErasedPassport;

/**
 * Validate a decoded record. An erased record keeps only its header fields;
 * anything else it carries is dropped here so it can never be stored.
 */
export function parsePassport(input: unknown): Parsed<Passport> {
  const status = (input as { status?: unknown } | null)?.status;
  if (status === 'erased') return parseWith(erasedPassportSchema, 'record', input);
  return parseWith(livePassportSchema, 'record', input);
}

export function isErased(p: Passport): p is ErasedPassport {
  return p.status === 'erased';
}
