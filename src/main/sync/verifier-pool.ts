import { availableParallelism } from 'node:os';
import type { TrustList } from '../../core/schemas/trust-list';
import { compiledWorker, ThreadPool } from '../workers/thread-pool';
import { RecordVerifier, type LineResult } from './record-verifier';

/**
 * Record verification spread over the cores. Signature checks are most of
 * a sync's work, so while the sync's own thread reads, hashes and writes to
 * SQLite, worker threads — one per core beyond the first — verify the
 * batches in order, and the sync's thread, whenever the next batch to write
 * is not answered yet, verifies the newest one no worker has started
 * (`helpUntil`; the dealing is the thread pool's, shared with `verify
 * --batch`). So no more threads run than there are cores, the workers
 * always have batches queued, the sync's thread is busy while a worker
 * starts, and a small delta (where writing is the larger share) is spread
 * over both cores. Verifies on the calling thread alone when asked
 * (`threads` 0 or 1) or when the compiled worker is absent (running from
 * TypeScript sources under Jest).
 */
export interface VerifierPool {
  verify(lines: string[]): Promise<LineResult[]>;
  /** Until this batch (a promise `verify` returned) is answered, verify on this thread batches no worker has started. */
  helpUntil(results: Promise<LineResult[]>): Promise<void>;
  close(): Promise<void>;
}

/** A pool for one sync's trust list. `threads` (this one included) defaults to the cores available. */
export function createVerifierPool(trust: TrustList, trustJson: string, threads = availableParallelism()): VerifierPool {
  const here = new RecordVerifier(trust);
  const inline = (lines: string[]) => lines.map((l) => here.verify(l));
  const workers = threads - 1;
  const file = workers > 0 ? compiledWorker(__dirname, 'verify-worker.js') : null;
  if (!file) return { verify: (lines) => Promise.resolve(inline(lines)), helpUntil: async () => undefined, close: async () => undefined };
  // Small heaps: a worker holds only the trust list and one batch at a
  // time, and the sync's peak RSS (target ≤ 300 MB) includes every isolate.
  // The young generation is 8 MB, not 4: a batch's lines (~0.5 MB) survive
  // until it is answered, and with 4 MB they were copied by a scavenge far
  // more often (3–4 % of a 150,000-record sync's time; 12 MB measured the
  // same as 8, 32 MB 15 % slower).
  const pool = new ThreadPool<string[], LineResult[]>(file, workers, trustJson, { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 24 });
  return {
    verify: (lines) => pool.run(lines),
    helpUntil: (results) => pool.helpUntil(results, inline),
    close: () => pool.close(),
  };
}
