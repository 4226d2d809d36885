import type { OutboxStatusDto } from '../../shared/outbox-api';
import { Deliverer, type AuditHead } from './deliverer';
import type { Outbox } from './outbox';
import type { Sender } from './sender';

/**
 * The app's background deliverer: the same {@link Deliverer} as `outbox
 * flush`, run after each arrival (a short pause gathers a burst of scans
 * into one request) and on a timer, never sooner than the back-off allows
 * (kept in the records, so a restart does not hammer a failing receiver).
 */

export interface BackgroundOptions {
  outbox: Outbox;
  sender: Sender;
  audit?: AuditHead;
  clock: () => number;
  /** How often to look for work (default 60 s). */
  intervalMs?: number;
  /** Pause after a nudge before sending (default 2 s). */
  settleMs?: number;
}

/** A failed try's technical line, as a few words for the status bar. */
export function briefReason(error: string): string {
  if (/no answer within/.test(error)) return 'no answer from the receiver';
  if (/drop folder/.test(error)) return 'the drop folder is not reachable';
  if (/certificate/i.test(error)) return 'the receiver’s certificate was refused';
  if (/proxy/i.test(error)) return 'the proxy refused';
  if (/HTTP (429|5\d\d)/.test(error)) return 'the receiver is busy';
  if (/HTTP 4\d\d|not \{"results"/.test(error)) return 'the receiver refused the request';
  if (/ECONNREFUSED/.test(error)) return 'the receiver is not answering';
  return 'no network';
}

export class BackgroundDeliverer {
  private readonly deliverer: Deliverer;
  private timer: NodeJS.Timeout | null = null;
  private settle: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: BackgroundOptions) {
    this.deliverer = new Deliverer({ outbox: opts.outbox, sender: opts.sender, audit: opts.audit, clock: opts.clock });
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 60_000);
    this.timer.unref();
    this.nudge();
  }

  /** Something was queued: deliver soon (unless the back-off says wait). */
  nudge(): void {
    if (this.stopped || this.settle) return;
    this.settle = setTimeout(() => {
      this.settle = null;
      void this.tick();
    }, this.opts.settleMs ?? 2000);
    this.settle.unref();
  }

  /** One round if there is work and the back-off allows it. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const s = this.opts.outbox.summary();
    if (s.nextTryAt !== null && Date.parse(s.nextTryAt) > this.opts.clock()) return;
    try {
      await this.deliverer.deliver();
    } catch {
      // The records file went away under us (closing); the next start tries again.
    }
  }

  /** What the status bar shows. */
  status(): OutboxStatusDto {
    const s = this.opts.outbox.summary();
    return {
      pending: s.pending,
      rejected: s.rejected,
      oldest: s.oldest,
      lastTry: s.lastTryAt === null ? null : { at: s.lastTryAt, ok: s.lastError === null, reason: s.lastError === null ? null : briefReason(s.lastError) },
    };
  }

  /** Stop the timers; a round in flight finishes (its writes are each one transaction). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.settle) clearTimeout(this.settle);
  }
}
