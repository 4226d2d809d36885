import { z } from 'zod';

/**
 * The attendance outbox as the status bar shows it (upstream.md): how many
 * events wait to go to the trust, how many the receiver refused, and how
 * the last try went, in words a receptionist can pass on to IT.
 */

const instant = z.string().min(1).max(40);

export const outboxStatusSchema = z.object({
  /** Events waiting to be sent. */
  pending: z.number().int().min(0),
  /** Events the receiver refused, held until IT retries them (admin, or `outbox retry`). */
  rejected: z.number().int().min(0),
  /** When the oldest waiting event happened, or null. */
  oldest: instant.nullable(),
  /** The last delivery try, or null before the first. `reason`: a few plain words when it failed ("no network"). */
  lastTry: z.object({ at: instant, ok: z.boolean(), reason: z.string().max(200).nullable() }).nullable(),
});
export type OutboxStatusDto = z.infer<typeof outboxStatusSchema>;
