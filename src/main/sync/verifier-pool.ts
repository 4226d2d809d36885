import { availableParallelism } from 'node:os';
import type { TrustList } from '../../core/schemas/trust-list';
import { compiledWorker, ThreadPool } from '../workers/thread-pool';
import { RecordVerifier, type LineResult } from './record-verifier';

/**
 * Record verification spread over worker threads — signature checks are
 * the sync's bottleneck — so the main thread reads, hashes and writes to
 * SQLite while the workers verify the following batches. Falls back to
 * verifying on the calling thread when asked (`threads: 0`) or when the
 * compiled worker is absent (running from TypeScript sources under Jest).
 */
export interface VerifierPool {
  verify(lines: string[]): Promise<LineResult[]>;
  close(): Promise<void>;
}

class InlinePool implements VerifierPool {
  private readonly verifier: RecordVerifier;
  constructor(trust: TrustList) {
    this.verifier = new RecordVerifier(trust);
  }
  async verify(lines: string[]): Promise<LineResult[]> {
    return lines.map((l) => this.verifier.verify(l));
  }
  async close(): Promise<void> {}
}

/** A pool for one sync's trust list. `threads` defaults to the cores available. */
export function createVerifierPool(trust: TrustList, trustJson: string, threads = availableParallelism()): VerifierPool {
  const file = threads > 0 ? compiledWorker(__dirname, 'verify-worker.js') : null;
  if (!file) return new InlinePool(trust);
  // Small heaps: a worker holds only the trust list and one batch at a
  // time, and the sync's peak RSS (target ≤ 300 MB) includes every isolate.
  // The young generation is 8 MB, not 4: a batch's lines (~0.5 MB) survive
  // until it is answered, and with 4 MB they were copied by a scavenge far
  // more often (3–4 % of a 150,000-record sync's time; 12 MB measured the
  // same as 8, 32 MB 15 % slower).
  const pool = new ThreadPool<string[], LineResult[]>(file, threads, trustJson, { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 24 });
  return { verify: (lines) => pool.run(lines), close: () => pool.close() };
}
