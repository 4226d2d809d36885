import type { Outbox, OutboxEvent } from './outbox';
import type { Sender, SignedEvent } from './sender';
import { signEvent } from './sign-event';

/**
 * The one delivery implementation (upstream.md), shared by the app's
 * background deliverer and `passport-kiosk outbox flush`: a checkpoint
 * first when the audit chain has grown, then batches oldest first (≤ 500
 * events, ≤ 5 MB), signed with the kiosk's key (jose, the core's JWS
 * rules); `accepted`/`duplicate` delete, `rejected` keeps the event with its
 * code; no answer, a time-out, 5xx, 429 or another 4xx deletes nothing and
 * sets the back-off (1 s doubling to 5 min, with jitter, at least any
 * `Retry-After`); 413 splits the batch. Every step that changes the outbox
 * is one records transaction, so a kill at any instant loses nothing: an
 * event whose answer was lost is sent again and comes back `duplicate`.
 */

/** The audit chain's head, for checkpoints (operations.md); null when the chain is empty. */
export interface AuditHead {
  head(): { seq: number; hash: string } | null;
}

export interface DelivererOptions {
  outbox: Outbox;
  sender: Sender;
  /** The audit chain, when the records have one (checkpoint events). */
  audit?: AuditHead;
  clock?: () => number;
  /** 0 ≤ x < 1, for the jitter (tests pin it). */
  random?: () => number;
  /** Most events per request (default 500). */
  maxEvents?: number;
  /** Most bytes per request body (default 5,000,000: under 5 MB however it is counted). */
  maxBytes?: number;
}

/** What one delivery round did. */
export interface RoundReport {
  /** Nothing is waiting now (pending and rejected both zero). */
  empty: boolean;
  delivered: number;
  duplicate: number;
  rejected: number;
  /** Still pending after the round. */
  pending: number;
  /** Why the round stopped early, or null. */
  error: string | null;
  /** When the next try should be (the back-off), when the round failed. */
  retryInMs: number | null;
  /** False when the failure is not one a quick retry can cure (a missing folder, a 4xx, a refused certificate). */
  retryable: boolean;
}

interface Failure {
  error: string;
  retryable: boolean;
  retryAfterMs?: number;
}

const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5 * 60 * 1000;

/** The back-off before try number `failures + 1`: 1 s doubling to 5 min, jittered into [½, 1] of that, never below Retry-After. */
export function backoffMs(failures: number, random: number, retryAfterMs?: number): number {
  const base = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(base / 2 + (base / 2) * random);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, 60 * 60 * 1000));
}

export class Deliverer {
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private running: Promise<RoundReport> | null = null;

  constructor(private readonly opts: DelivererOptions) {
    this.clock = opts.clock ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.maxEvents = opts.maxEvents ?? 500;
    this.maxBytes = opts.maxBytes ?? 5_000_000;
  }

  /** One round now; a second call while one runs joins it (never two senders on one outbox). */
  deliver(): Promise<RoundReport> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Sign what has no JWS yet and keep it. Signing is deterministic, so an
   * event signed twice (here and by {@link signAhead}) gets the same bytes.
   */
  private async signed(events: OutboxEvent[]): Promise<SignedEvent[]> {
    const identity = this.opts.outbox.identity();
    const todo = events.filter((e) => e.jws === null);
    const made = await Promise.all(todo.map(async (e) => ({ seq: e.seq, jws: await signEvent(e.payload, identity) })));
    if (made.length) this.opts.outbox.saveJws(made);
    const bySeq = new Map(made.map((m) => [m.seq, m.jws]));
    return events.map((e) => ({ seq: e.seq, id: e.id, jws: e.jws ?? bySeq.get(e.seq)! }));
  }

  /** Sign the next batches while one is in flight, so the receiver is never kept waiting for signatures. */
  private async signAhead(stop: { done: boolean }): Promise<void> {
    while (!stop.done) {
      const todo = this.opts.outbox.unsigned(this.maxEvents);
      if (todo.length === 0) return;
      await this.signed(todo);
    }
  }

  /** Split into request-sized batches by bytes (each body is `{"events":[…]}`). */
  private bySize(events: SignedEvent[]): SignedEvent[][] {
    const batches: SignedEvent[][] = [];
    let cur: SignedEvent[] = [];
    let bytes = 16;
    for (const e of events) {
      const size = e.jws.length + 3;
      if (cur.length && bytes + size > this.maxBytes) {
        batches.push(cur);
        cur = [];
        bytes = 16;
      }
      cur.push(e);
      bytes += size;
    }
    if (cur.length) batches.push(cur);
    return batches;
  }

  private async round(): Promise<RoundReport> {
    const { outbox } = this.opts;
    const report: RoundReport = { empty: false, delivered: 0, duplicate: 0, rejected: 0, pending: 0, error: null, retryInMs: null, retryable: true };
    const at = () => new Date(this.clock()).toISOString();
    outbox.addCheckpointIfGrown(this.opts.audit?.head() ?? null, at());
    let failure: Failure | null = null;
    const stop = { done: false };
    let ahead: Promise<void> | null = null;
    outer: for (;;) {
      const events = outbox.pending(this.maxEvents);
      if (events.length === 0) break;
      const signed = await this.signed(events);
      // From the second batch on, signatures are made while the batch before is in flight.
      ahead ??= this.signAhead(stop).catch(() => undefined);
      for (const batch of this.bySize(signed)) {
        const f = await this.sendSplitting(batch, report);
        if (f) {
          failure = f;
          break outer;
        }
      }
    }
    stop.done = true;
    await ahead;
    const summary = outbox.summary();
    report.pending = summary.pending;
    report.empty = summary.pending === 0 && summary.rejected === 0;
    if (failure) {
      // A round that got something acknowledged before failing starts the back-off again.
      const progress = report.delivered + report.duplicate + report.rejected > 0;
      const failures = (progress ? 0 : outbox.failures()) + 1;
      report.error = failure.error;
      report.retryable = failure.retryable;
      report.retryInMs = backoffMs(failures, this.random(), failure.retryAfterMs);
      outbox.noteAttempt({ at: at(), ok: false, error: failure.error, failures, nextTryAt: new Date(this.clock() + report.retryInMs).toISOString() });
    } else {
      outbox.noteAttempt({ at: at(), ok: true, error: null, failures: 0, nextTryAt: null });
    }
    return report;
  }

  /** Send one batch, halving it on 413; returns the failure that stopped it, or null. */
  private async sendSplitting(batch: SignedEvent[], report: RoundReport): Promise<Failure | null> {
    const outcome = await this.opts.sender.send(batch);
    if (outcome.kind === 'failed') {
      return { error: outcome.error, retryable: outcome.retryable !== false, ...(outcome.retryAfterMs !== undefined && { retryAfterMs: outcome.retryAfterMs }) };
    }
    if (outcome.kind === 'too-large') {
      if (batch.length === 1) {
        // One event the receiver will never take whole: held as rejected, for IT, instead of blocking the queue.
        this.opts.outbox.applyResults([], [{ id: batch[0]!.id, code: 'EVENT_TOO_LARGE' }]);
        report.rejected++;
        return null;
      }
      const half = Math.ceil(batch.length / 2);
      return (await this.sendSplitting(batch.slice(0, half), report)) ?? (await this.sendSplitting(batch.slice(half), report));
    }
    const ours = new Set(batch.map((e) => e.id));
    const acked: string[] = [];
    const rejected: { id: string; code: string }[] = [];
    for (const r of outcome.results) {
      if (!ours.has(r.id)) continue;
      if (r.status === 'rejected') rejected.push({ id: r.id, code: r.code ?? 'REJECTED' });
      else acked.push(r.id);
      if (r.status === 'accepted') report.delivered++;
      else if (r.status === 'duplicate') report.duplicate++;
      else report.rejected++;
    }
    this.opts.outbox.applyResults(acked, rejected);
    if (acked.length + rejected.length < batch.length) {
      return { error: `${this.opts.sender.where} answered for ${acked.length + rejected.length} of ${batch.length} events`, retryable: true };
    }
    return null;
  }

  /**
   * Rounds until the outbox is empty, a failure no quick retry can cure, or `attempts` rounds have failed,
   * waiting the back-off between them (`sleep` injected for tests). What
   * `outbox flush` runs.
   */
  async drain(attempts: number, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<RoundReport> {
    const total: RoundReport = { empty: false, delivered: 0, duplicate: 0, rejected: 0, pending: 0, error: null, retryInMs: null, retryable: true };
    for (let i = 0; ; i++) {
      const r = await this.deliver();
      total.delivered += r.delivered;
      total.duplicate += r.duplicate;
      total.rejected += r.rejected;
      Object.assign(total, { empty: r.empty, pending: r.pending, error: r.error, retryInMs: r.retryInMs, retryable: r.retryable });
      if (r.error === null || !r.retryable || i + 1 >= attempts) return total;
      await sleep(r.retryInMs ?? MIN_BACKOFF_MS);
    }
  }
}
