import { Worker } from 'node:worker_threads';

/**
 * The verification half of the sync bench's floor: every record line's
 * Ed25519 signature checked with the primitive the sync itself uses
 * (libsodium, through sodium-native), the segment files shared out over
 * `threads` worker threads, nothing else (no parsing, no storing). The
 * worker is inline JavaScript so the floor depends on nothing in src/.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { crypto_sign_verify_detached: verify } = require(workerData.sodium);
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
const { createGunzip } = require('node:zlib');
const keys = new Map(Object.entries(workerData.keys).map(([kid, x]) => [kid, Buffer.from(x, 'base64url')]));
(async () => {
  let ok = 0, bad = 0;
  for (const file of workerData.files) {
    let input = createReadStream(file, { highWaterMark: 1 << 20 });
    if (file.endsWith('.gz')) input = input.pipe(createGunzip());
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (!line) continue;
      const d1 = line.indexOf('.'), d2 = line.indexOf('.', d1 + 1);
      const kid = JSON.parse(Buffer.from(line.slice(0, d1), 'base64url').toString()).kid;
      const good = verify(Buffer.from(line.slice(d2 + 1), 'base64url'), Buffer.from(line.slice(0, d2), 'latin1'), keys.get(kid));
      good ? ok++ : bad++;
    }
  }
  parentPort.postMessage({ ok, bad });
})();
`;

/** Verify every line's signature in `files` on `threads` threads; returns the wall time in ms. */
export async function verifySignaturesOnAllCores(
  files: string[],
  trust: { issuers: { keys: { kid: string; jwk: { x: string } }[] }[] },
  threads: number,
): Promise<number> {
  const keys: Record<string, string> = {};
  for (const i of trust.issuers) for (const k of i.keys) keys[k.kid] = k.jwk.x;
  const shares = Array.from({ length: threads }, (_, t) => files.filter((_f, i) => i % threads === t));
  const t0 = performance.now();
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<{ ok: number; bad: number }>((resolve, reject) => {
          const w = new Worker(WORKER, { eval: true, workerData: { files: share, keys, sodium: require.resolve('sodium-native') } });
          w.once('message', (m) => {
            resolve(m);
            void w.terminate();
          });
          w.once('error', reject);
        }),
    ),
  );
  const ms = performance.now() - t0;
  const bad = results.reduce((a, r) => a + r.bad, 0);
  if (bad) throw new Error(`floor: ${bad} signatures did not verify`);
  return ms;
}
