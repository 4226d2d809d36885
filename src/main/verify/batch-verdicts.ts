import { availableParallelism } from 'node:os';
import { verdictForPayload, type PassportStore } from '../../core/scan-verdict';
import type { SitePolicy } from '../../core/schemas/policy';
import { CacheError } from '../cache/cache-error';
import { compiledWorker, ThreadPool, WorkerRequestError } from '../workers/thread-pool';
import { verdictLine } from './verdict-line';

/**
 * `passport-kiosk verify --batch` on all cores. Payloads are read as a
 * stream and cut into batches; each batch goes to a worker thread
 * (verdict-worker.ts) that holds its own read-only handle on the cache
 * (SQLite allows any number of readers) and verifies the batch's payloads
 * concurrently. The answers are written strictly in input order, with a
 * bounded number of batches in flight so memory stays flat however long the
 * input. Verdicts are exactly those of one-at-a-time verification: the same
 * core function (`verdictForPayload`) over the same file, policy and `now`.
 */

/** What each worker is set up with. */
export interface BatchSetup {
  db: string;
  policy: SitePolicy;
  now: number;
  json: boolean;
}

export interface BatchOptions extends BatchSetup {
  /** The cache already opened on this thread (checked readable), for small inputs. */
  store: PassportStore;
  /** Worker threads; default the cores available, 0 = all on this thread. */
  threads?: number;
  write(text: string): void;
}

/** Payloads per batch, and batches in flight per thread. */
const BATCH = 200;
const IN_FLIGHT_PER_THREAD = 4;

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
  let batch = await take();
  const threads = opts.threads ?? availableParallelism();
  // A short input is not worth starting threads for (each costs a module load).
  const file = threads > 0 && batch.length === BATCH ? compiledWorker(__dirname, 'verdict-worker.js') : null;
  let count = 0;
  if (!file) {
    for (; batch.length; batch = await take()) {
      opts.write(await inline(batch, opts));
      count += batch.length;
    }
    return count;
  }
  const setup: BatchSetup = { db: opts.db, policy: opts.policy, now: opts.now, json: opts.json };
  const pool = new ThreadPool<string[], string>(file, threads, setup);
  const inFlight: { n: number; text: Promise<string> }[] = [];
  const drainOne = async () => {
    const next = inFlight.shift()!;
    opts.write(await next.text);
    count += next.n;
  };
  try {
    for (; batch.length; batch = await take()) {
      const text = pool.run(batch);
      // Settled later, in order; until then a rejection must not count as unhandled.
      text.catch(() => undefined);
      inFlight.push({ n: batch.length, text });
      while (inFlight.length >= threads * IN_FLIGHT_PER_THREAD) await drainOne();
    }
    while (inFlight.length) await drainOne();
  } catch (e) {
    throw fromWorker(e);
  } finally {
    await pool.close();
  }
  return count;
}
