import path from 'node:path';
import { createVerifierPool } from '../../../src/main/sync/verifier-pool';
import { compiledWorker } from '../../../src/main/workers/thread-pool';
import { RecordVerifier } from '../../../src/main/sync/record-verifier';
import { makeKey, nurse, sign, trustList, type KeyPair } from '../core/fixtures';

/**
 * The pool queues batches for its worker threads (the compiled worker in
 * dist/, which `npm test` builds first); while the batch the caller needs
 * next is not answered, the calling thread verifies the newest batches no
 * worker has started (`helpUntil`). Whichever thread verifies a batch, the
 * answers are the verifier's, in order.
 */

const original = RecordVerifier.prototype.verify;

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
  // Lines verified on this thread (a worker has its own copy of the module).
  let here = 0;
  const verify = jest.spyOn(RecordVerifier.prototype, 'verify').mockImplementation(function (this: RecordVerifier, line: string) {
    here++;
    return original.call(this, line);
  });
  const pool = createVerifierPool(list, JSON.stringify(list), threads);
  try {
    const batches = Array.from({ length: 24 }, (_, b) => all.slice(b * 25, b * 25 + 25));
    // The first batch alone, answered without help: the workers are up after it.
    const first = pool.verify(batches[0]!);
    const answers = [await first];
    // The rest at once, taken in order as the sync does: this thread helps while it waits.
    const rest = batches.slice(1).map((b) => pool.verify(b));
    for (const r of rest) {
      await pool.helpUntil(r);
      answers.push(await r);
    }
    expect(answers.flat()).toEqual(expected);
    expect(new Set(expected.map((r) => (typeof r === 'string' ? r : 'ok')))).toEqual(new Set(['ok', 'KEY_UNTRUSTED', 'SIGNATURE_INVALID']));
    if (threads > 1) {
      // Both sides worked: the workers answered at least the first batch, this thread some of the rest.
      expect(here).toBeGreaterThan(0);
      expect(here).toBeLessThan(all.length);
    } else {
      expect(here).toBe(all.length);
    }
  } finally {
    verify.mockRestore();
    await pool.close();
  }
});
