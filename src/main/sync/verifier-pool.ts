import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrustList } from '../../core/schemas/trust-list';
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

/** The compiled worker beside this module, or in dist/ when running from src/ under Jest. */
function workerFile(): string | null {
  const here = path.join(__dirname, 'verify-worker.js');
  if (existsSync(here)) return here;
  const dist = path.resolve(__dirname, '../../../dist/src/main/sync/verify-worker.js');
  return existsSync(dist) ? dist : null;
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

class ThreadPool implements VerifierPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(r: LineResult[]): void; reject(e: Error): void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(file: string, trustJson: string, threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      // Small heaps: a worker holds only the trust list and one batch at a
      // time, and the sync's peak RSS (target ≤ 400 MB) includes every isolate.
      const w = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 } });
      w.on('message', (m: { id: number; results: LineResult[] }) => {
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        p?.resolve(m.results);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`verification worker stopped (exit ${code})`));
      });
      w.postMessage({ trust: trustJson });
      return w;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  verify(lines: string[]): Promise<LineResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // Round-robin: batches are equal-sized, so the load evens out.
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, lines });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('pool closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A pool for one sync's trust list. `threads` defaults to the cores available. */
export function createVerifierPool(trust: TrustList, trustJson: string, threads = availableParallelism()): VerifierPool {
  const file = threads > 0 ? workerFile() : null;
  return file ? new ThreadPool(file, trustJson, threads) : new InlinePool(trust);
}
