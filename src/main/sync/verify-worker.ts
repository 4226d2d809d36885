import { parentPort } from 'node:worker_threads';
import { RecordVerifier, type LineResult } from './record-verifier';
import { trustListSchema } from '../../core/schemas/trust-list';

/**
 * Worker thread entry: verifies batches of record lines for the pool in
 * verifier-pool.ts. Messages: `{trust}` (the trust list JSON, once per sync),
 * then `{id, lines}` → `{id, results}`.
 */

let verifier: RecordVerifier | null = null;

parentPort?.on('message', (msg: { trust?: string; id?: number; lines?: string[] }) => {
  if (msg.trust !== undefined) {
    verifier = new RecordVerifier(trustListSchema.parse(JSON.parse(msg.trust)));
    return;
  }
  const results: LineResult[] = msg.lines!.map((l) => verifier!.verify(l));
  parentPort!.postMessage({ id: msg.id, results });
});
