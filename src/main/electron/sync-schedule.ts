/**
 * Sync on a schedule and on demand. The sync itself (cache & sync layer)
 * is passed in; the scheduler only decides when, and never runs two at
 * once: an on-demand request during a run shares that run's result.
 */

/** Timer functions, injectable for tests. */
export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Options for {@link createSyncScheduler}. */
export interface SyncScheduleOptions<R> {
  /** Runs one sync; its rejection is reported to `onError`, never thrown from the timer. */
  sync: () => Promise<R>;
  /** Minutes between scheduled runs (> 0). */
  intervalMinutes: number;
  /** Run once as soon as started (default true). */
  runOnStart?: boolean;
  onError?: (error: unknown) => void;
  timers?: Timers;
}

/** The scheduler's handle. */
export interface SyncScheduler<R> {
  start(): void;
  stop(): void;
  /** Sync now (or join the run in progress); rejects if that run fails. */
  runNow(): Promise<R>;
  /** True while a sync is running. */
  readonly running: boolean;
}

/** Create a scheduler; nothing runs until {@link SyncScheduler.start}. */
export function createSyncScheduler<R>(options: SyncScheduleOptions<R>): SyncScheduler<R> {
  if (!(options.intervalMinutes > 0)) throw new RangeError('intervalMinutes must be > 0');
  const timers: Timers = options.timers ?? {
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  };
  let handle: unknown = null;
  let inFlight: Promise<R> | null = null;

  const runNow = (): Promise<R> => {
    if (inFlight) return inFlight;
    const run = (async () => options.sync())();
    inFlight = run;
    const clear = () => {
      if (inFlight === run) inFlight = null;
    };
    run.then(clear, clear);
    return run;
  };
  const scheduled = () => {
    runNow().catch((e: unknown) => options.onError?.(e));
  };

  return {
    start() {
      if (handle !== null) return;
      handle = timers.setInterval(scheduled, options.intervalMinutes * 60_000);
      if (options.runOnStart ?? true) scheduled();
    },
    stop() {
      if (handle === null) return;
      timers.clearInterval(handle);
      handle = null;
    },
    runNow,
    get running() {
      return inFlight !== null;
    },
  };
}
