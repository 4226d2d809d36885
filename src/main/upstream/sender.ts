/**
 * How a batch of signed events leaves the kiosk: an HTTPS endpoint
 * (`http-sender.ts`) or a drop folder (`folder-sender.ts`), behind one
 * interface so the deliverer's batching, back-off and bookkeeping are the
 * same for both.
 */

/** One event as senders see it. */
export interface SignedEvent {
  seq: number;
  id: string;
  jws: string;
}

/** The receiver's word on one event (upstream.md). */
export interface EventResult {
  id: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  code?: string;
}

export type SendOutcome =
  /** An answer: results for (some of) the events; ids not named stay pending. */
  | { kind: 'answered'; results: EventResult[] }
  /** Nothing acknowledged; try again later (network, time-out, 5xx, 429, a 4xx the outbox holds on). */
  | { kind: 'failed'; error: string; retryAfterMs?: number; /** False when trying again at once cannot help (a missing folder, a 4xx, a refused certificate). */ retryable?: boolean }
  /** 413: the batch must be split. */
  | { kind: 'too-large' };

export interface Sender {
  /** Where events go, for messages. */
  readonly where: string;
  send(events: readonly SignedEvent[]): Promise<SendOutcome>;
}

/** A setting that cannot work at all (an http:// endpoint off loopback, a bad URL). */
export class UpstreamError extends Error {}
