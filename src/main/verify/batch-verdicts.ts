import { availableParallelism } from 'node:os';
import { verdictForPayload, type PassportStore } from '../../core/scan-verdict';
import type { SitePolicy } from '../../core/schemas/policy';
import { CacheError } from '../cache/cache-error';
import { compiledWorker, stopWorker, ThreadPool, WorkerRequestError } from '../workers/thread-pool';
import { takeVerdictWorkers } from './early-workers';
import { verdictLine } from './verdict-line';

/**
 * `passport-kiosk verify --batch` on all cores. Payloads are read as a
 * stream and cut into batches. Worker threads (verdict-worker.ts), one per
 * core beyond the first, each hold their own read-only handle on the cache
 * (SQLite allows any number of readers) and work through the batches in
 * order; whenever the next batch to print is not answered yet, this thread
 * verifies the newest batch no worker has started, with the caller's
 * handle (the thread pool's `helpUntil`). So this thread is busy while the
 * workers start (a third of a second each: module loading and their own
 * cache handle) and whenever they fall behind, and on two cores one
 * worker's start-up is saved. The answers are written
 * strictly in input order, with a bounded number of batches in flight so
 * memory stays flat however long the input. Verdicts are exactly those of
 * one-at-a-time verification: the same core function (`verdictForPayload`)
 * over the same file, policy and `now`.
 */

/** What each worker is set up with. */
export interface BatchSetup {
  db: string;
  policy: SitePolicy;
  now: number;
  json: boolean;
}

export interface BatchOptions extends BatchSetup {
  /**
   * The cache already opened on this thread (checked readable). Open it
   * `held` (passport-cache.ts), as the workers open theirs, so that its
   * verdicts too are against one state of the cache however long the input.
   */
  store: PassportStore;
  /** Threads verifying, this one included; default the cores available; 0 or 1 = this thread alone. */
  threads?: number;
  write(text: string): void;
}

/**
 * Payloads per batch; batches in flight per thread (enough for this thread
 * to find batches of its own while a worker is still starting; a batch in
 * flight is ~60 KB).
 */
const BATCH = 200;
const IN_FLIGHT_PER_THREAD = 16;

/** Verify a batch on this thread (payloads concurrently), as the text to print. */
async function inline(payloads: string[], opts: BatchOptions): Promise<string> {
  const results = await Promise.all(payloads.map((p) => verdictForPayload(p, opts.store, opts.policy, opts.now)));
  return results.map((r, i) => verdictLine(payloads[i]!, r.verdict, opts.json)).join('');
}

/** A worker's CacheError comes back as one; anything else as it is. */
function fromWorker(e: unknown): unknown {
  if (e instanceof WorkerRequestError && (e.kind === 'CacheError' || e.kind === 'CacheDamagedError')) return new CacheError(e.message);
  return e;
}

/** Print the verdict for every payload, in order. Returns how many were given. */
export async function batchVerdicts(payloads: AsyncIterable<string> | Iterable<string>, opts: BatchOptions): Promise<number> {
  const it = (async function* () {
    yield* payloads;
  })();
  const take = async (): Promise<string[]> => {
    const batch: string[] = [];
    while (batch.length < BATCH) {
      const next = await it.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  // Workers the command started before its modules loaded (early-workers.ts): this pool's, or stopped.
  let early = takeVerdictWorkers();
  const stopEarly = async () => {
    await Promise.all(early.map((w) => stopWorker(w)));
    early = [];
  };
  let batch: string[];
  try {
    batch = await take();
  } catch (e) {
    await stopEarly();
    throw e;
  }
  const workers = (opts.threads ?? availableParallelism()) - 1;
  // A short input is not worth starting threads for (each costs a module load).
  const file = workers > 0 && batch.length === BATCH ? compiledWorker(__dirname, 'verdict-worker.js') : null;
  let count = 0;
  if (!file) {
    await stopEarly();
    for (; batch.length; batch = await take()) {
      opts.write(await inline(batch, opts));
      count += batch.length;
    }
    return count;
  }
  const setup: BatchSetup = { db: opts.db, policy: opts.policy, now: opts.now, json: opts.json };
  const pool = new ThreadPool<string[], string>(file, workers, setup, undefined, early);
  early = [];
  const slots = workers + 1;
  const inFlight: { n: number; text: Promise<string> }[] = [];
  const drainOne = async () => {
    const next = inFlight.shift()!;
    // Rather than wait for it, verify later batches here.
    await pool.helpUntil(next.text, (b) => inline(b, opts));
    opts.write(await next.text);
    count += next.n;
  };
  try {
    for (; batch.length; batch = await take()) {
      const text = pool.run(batch);
      // Settled later, in order; until then a rejection must not count as unhandled.
      text.catch(() => undefined);
      inFlight.push({ n: batch.length, text });
      while (inFlight.length >= slots * IN_FLIGHT_PER_THREAD) await drainOne();
    }
    while (inFlight.length) await drainOne();
  } catch (e) {
    throw fromWorker(e);
  } finally {
    await pool.close();
  }
  return count;
}
