import '../workers/compile-cache';
import { verdictForPayload } from '../../core/scan-verdict';
import { openPassportStore } from '../cache/passport-cache';
import { serveRequests } from '../workers/thread-pool';
import { verdictLine } from './verdict-line';
import type { BatchSetup } from './batch-verdicts';

/**
 * Worker thread entry for `verify --batch` (batch-verdicts.ts): opens the
 * cache read-only once, holding one read transaction for the worker's life
 * (every verdict it gives is against one state of the cache, and reads skip
 * WAL's per-statement locking), then turns each batch of payloads into the
 * text the command prints for them, in order. Signature checks are
 * libsodium's, synchronous: the parallelism is the pool's threads.
 */
serveRequests<BatchSetup, string[], string>((setup) => {
  const { store } = openPassportStore(setup.db, { held: true });
  return async (payloads) => {
    const results = await Promise.all(payloads.map((p) => verdictForPayload(p, store, setup.policy, setup.now)));
    return results.map((r, i) => verdictLine(payloads[i]!, r.verdict, setup.json)).join('');
  };
});
