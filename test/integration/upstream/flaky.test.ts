import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { outboxOf } from '../../../src/main/upstream/outbox';
import { HttpSender } from '../../../src/main/upstream/http-sender';
import { Deliverer } from '../../../src/main/upstream/deliverer';
import type { RunningReceiver } from '../../../src/receiver/server';
import { addSession, arrive, enrol, getJson, openKiosk, receiver, tempDir, type KioskHealth, type TestKiosk } from './helpers';

/**
 * A flaky path to the receiver: a loopback proxy written here, in front of
 * the real receiver, that on its turn resets the connection, answers 500,
 * answers 429 with Retry-After, hangs past the kiosk's time-out, or
 * forwards the batch and then drops the receiver's answer. Whatever it
 * does, the receiver ends with every event exactly once and the outbox
 * empty, and the kiosk's waits follow the back-off and Retry-After.
 */

type Trick = 'reset' | '500' | '429' | 'hang' | 'drop-answer' | 'pass';

let dir: string;
let rx: RunningReceiver;
let proxy: http.Server;
let proxyUrl: string;
let k: TestKiosk;
const tricks: Trick[] = [];
const seen: Trick[] = [];

beforeAll(async () => {
  dir = tempDir('upstream-flaky-');
  writeFileSync(path.join(dir, 'keys.json'), '{"keys":[]}');
  rx = await receiver(dir);
  const target = new URL(rx.url);
  proxy = http.createServer((req, res) => {
    const trick = tricks.shift() ?? 'pass';
    seen.push(trick);
    if (trick === 'reset') return void req.socket.destroy();
    if (trick === 'hang') return; // never answers; the kiosk's time-out ends it
    if (trick === '500' || trick === '429') {
      req.resume();
      res.writeHead(Number(trick), trick === '429' ? { 'retry-after': '7' } : {});
      return void res.end('{"error":"busy"}');
    }
    const fwd = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      if (trick === 'drop-answer') {
        // The receiver has stored the batch and answered; the kiosk never hears it.
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(fwd);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  k = openKiosk(path.join(dir, 'kiosk.sqlite'));
  enrol(path.join(dir, 'keys.json'), [k]);
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
  await rx.stop();
  k.close();
  rmSync(dir, { recursive: true, force: true });
});

test('resets, 500, 429 with Retry-After, a hang and a lost answer: every event reaches the receiver exactly once, the outbox ends empty', async () => {
  const s = addSession(k);
  arrive(k, s.id, 0, 1200); // three batches of ≤ 500
  tricks.push('reset', '500', '429', 'hang', 'drop-answer', 'pass', 'drop-answer', 'reset', 'pass', 'pass');
  const waits: number[] = [];
  const deliverer = new Deliverer({
    outbox: outboxOf(k.records),
    sender: new HttpSender(proxyUrl, { env: {}, timeoutMs: 4000 }),
    clock: () => k.clock.now,
    random: () => 0.5,
  });
  const report = await deliverer.drain(20, async (ms) => {
    waits.push(ms);
  });

  expect(report).toMatchObject({ empty: true, pending: 0, error: null });
  expect(seen).toEqual(['reset', '500', '429', 'hang', 'drop-answer', 'pass', 'drop-answer', 'reset', 'pass', 'pass']);
  // Back-off: 1 s doubling (jitter pinned at the middle: ¾ of each step), at least Retry-After (7 s);
  // it starts again after a round that got something acknowledged ('pass', then the second lost answer).
  expect(waits).toEqual([750, 1500, 7000, 6000, 12000, 750, 1500]);
  expect(outboxOf(k.records).summary()).toMatchObject({ pending: 0, rejected: 0, lastError: null });
  // Exactly once: 1,200 rows, seqs 1…1200, no gap, no id twice (the primary key would refuse it anyway).
  expect(rx.store.count()).toBe(1200);
  const [h] = (await getJson<KioskHealth[]>(`${rx.url}/v1/kiosks`)).body;
  expect(h).toMatchObject({ lastSeq: 1200, missingSeqs: [] });
  expect(rx.store.db.prepare('SELECT COUNT(DISTINCT seq) FROM events').pluck().get()).toBe(1200);
  // The lost answers came back as duplicates on the re-send.
  expect(report.duplicate).toBe(1000);
  expect(report.delivered).toBe(200);
});
