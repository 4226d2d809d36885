import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { compiledWorker, startWorkers } from '../workers/thread-pool';

/**
 * `verify --batch`'s worker threads, started before the command's own
 * modules load (src/cli/kiosk/commands.ts): a worker spends ~0.15 s loading
 * its modules and opening the cache, and this way that overlaps the
 * command's thread doing the same, instead of following it. This module
 * loads nothing else. batch-verdicts.ts takes them; if it has no use for
 * them (a short input), it stops them.
 */

let early: { live(): Worker[] } | null = null;

/** Start one verdict worker per core beyond the first, unless already started. */
export function startVerdictWorkers(threads = availableParallelism()): void {
  const file = threads > 1 ? compiledWorker(__dirname, 'verdict-worker.js') : null;
  if (file && !early) early = startWorkers(file, threads - 1);
}

/** The workers started ahead of time and still running, once (then none). */
export function takeVerdictWorkers(): Worker[] {
  const taken = early?.live() ?? [];
  early = null;
  return taken;
}
