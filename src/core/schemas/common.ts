import { z } from 'zod';

/** `YYYY-MM-DD`, a real calendar date. */
export const isoDate = z.iso.date();
/** RFC 3339 instant (UTC `Z`, or with an offset). */
export const isoInstant = z.iso.datetime({ offset: true });
/** NHS ODS organisation code. */
export const odsCode = z.string().regex(/^[A-Z0-9]{1,9}$/, 'must be an ODS code: 1–9 characters of A–Z and 0–9');
/** Base64url without padding. */
export const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'must be base64url without padding');
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

/** A public Ed25519 key as a JWK (RFC 8037). Extra members such as `kid` are kept. */
export const ed25519PublicJwk = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte base64url Ed25519 public key'),
  d: z.undefined({ error: 'must not be present: a public key must not carry its private part' }).optional(),
});
export type Ed25519PublicJwk = z.infer<typeof ed25519PublicJwk>;

/**
 * One line that names the first problem: what, at which field, and what was
 * expected — e.g. `policy: groups.medical-dental.dbs.minLevel: Invalid option: expected one of "basic"|"standard"|"enhanced"`.
 */
export function describeZodError(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${what}: invalid`;
  const path = issue.path.map(String).join('.');
  return `${what}: ${path ? `${path}: ` : ''}${issue.message}`;
}

/** Result of parsing untrusted input: the value, or one line naming the field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<T>(schema: z.ZodType<T>, what: string, input: unknown): Parsed<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeZodError(what, result.error) };
}

/** JSON.parse that reports a failure as a Parsed error instead of throwing. */
export function parseJsonWith<T>(schema: z.ZodType<T>, what: string, text: string): Parsed<T> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${what}: not valid JSON (${(e as Error).message})` };
  }
  return parseWith(schema, what, data);
}
