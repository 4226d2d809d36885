import '../workers/compile-cache';
import { RecordVerifier, type LineResult } from './record-verifier';
import { trustListSchema } from '../../core/schemas/trust-list';
import { serveRequests } from '../workers/thread-pool';

/**
 * Worker thread entry: verifies batches of record lines for the pool in
 * verifier-pool.ts. Set up with the trust list JSON (once per sync); each
 * request is a batch of lines, each answer their results in order.
 */
serveRequests<string, string[], LineResult[]>((trustJson) => {
  const verifier = new RecordVerifier(trustListSchema.parse(JSON.parse(trustJson)));
  return (lines) => lines.map((l) => verifier.verify(l));
});
