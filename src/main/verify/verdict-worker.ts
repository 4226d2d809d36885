import { verdictForPayload } from '../../core/scan-verdict';
import { openPassportStore } from '../cache/passport-cache';
import { serveRequests } from '../workers/thread-pool';
import { verdictLine } from './verdict-line';
import type { BatchSetup } from './batch-verdicts';

/**
 * Worker thread entry for `verify --batch` (batch-verdicts.ts): opens the
 * cache read-only once, then turns each batch of payloads into the text the
 * command prints for them, in order. The payloads of a batch are verified
 * concurrently, so the signature checks (WebCrypto, on libuv's threads)
 * overlap instead of each waiting for the one before it.
 */
serveRequests<BatchSetup, string[], string>((setup) => {
  const { store } = openPassportStore(setup.db);
  return async (payloads) => {
    const results = await Promise.all(payloads.map((p) => verdictForPayload(p, store, setup.policy, setup.now)));
    return results.map((r, i) => verdictLine(payloads[i]!, r.verdict, setup.json)).join('');
  };
});
