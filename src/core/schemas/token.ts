import { z } from 'zod';
import { odsCode } from './common';

/** Payload of a signed QR token (spec/scan.md). `iat`/`exp` are seconds since the epoch. */
export const tokenPayloadSchema = z.object({
  v: z.literal(1),
  pid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  iss: odsCode,
  rev: z.int().min(1),
  iat: z.int().min(0),
  exp: z.int().min(0),
});
export type TokenPayload = z.infer<typeof tokenPayloadSchema>;
