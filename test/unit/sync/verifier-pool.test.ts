import path from 'node:path';
import { createVerifierPool } from '../../../src/main/sync/verifier-pool';
import { compiledWorker } from '../../../src/main/workers/thread-pool';
import { RecordVerifier } from '../../../src/main/sync/record-verifier';
import { makeKey, nurse, sign, trustList, type KeyPair } from '../core/fixtures';

/**
 * The pool deals batches to its worker threads (the compiled worker in
 * dist/, which `npm test` builds first) while they have fewer than two
 * waiting, and verifies the rest on the calling thread at once. Whichever
 * thread verifies a batch, the answers are the verifier's, in order.
 */

let rxl: KeyPair;
let stranger: KeyPair;
beforeAll(async () => {
  [rxl, stranger] = await Promise.all([makeKey('rxl-1'), makeKey('nobody')]);
});

async function lines(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const rec = { ...nurse(), id: `P${String(i).padStart(6, '0')}`, rev: 1 + (i % 3) };
    if (i % 7 === 3) out.push(await sign(rec, stranger));
    else if (i % 11 === 5) out.push(`${(await sign(rec, rxl)).slice(0, -4)}AAAA`);
    else if (i % 13 === 6) out.push('not a jws');
    else out.push(await sign(rec, rxl));
  }
  return out;
}

test.each([2, 3, 1, 0])('%i threads: every batch answered as the verifier answers it, in order', async (threads) => {
  // With more than one thread the workers are real: the compiled worker must be there.
  if (threads > 1) expect(compiledWorker(path.resolve(__dirname, '../../../src/main/sync'), 'verify-worker.js')).not.toBeNull();
  const list = trustList([{ key: rxl, iss: 'RXL' }]);
  const all = await lines(600);
  const expected = all.map((l) => new RecordVerifier(list).verify(l));
  const pool = createVerifierPool(list, JSON.stringify(list), threads);
  try {
    // All batches asked for at once: the first go to the workers, the rest are verified here.
    const batches = Array.from({ length: 24 }, (_, b) => all.slice(b * 25, b * 25 + 25));
    const answers = await Promise.all(batches.map((b) => pool.verify(b)));
    expect(answers.flat()).toEqual(expected);
    expect(new Set(expected.map((r) => (typeof r === 'string' ? r : 'ok')))).toEqual(new Set(['ok', 'KEY_UNTRUSTED', 'SIGNATURE_INVALID']));
  } finally {
    await pool.close();
  }
});
