import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { addSession, arrive, enrol, openKiosk, tempDir } from './helpers';

/**
 * "A kiosk killed at any instant of a delivery loses no event" (upstream.md),
 * the hard way: `passport-kiosk outbox flush` in a child process is
 * SIGKILLed at random moments, alternating with the receiver
 * (`passport-feed receive`, also a child) SIGKILLed while the kiosk is
 * sending and started again on its store. Afterwards the receiver holds
 * every seq the kiosk ever made exactly once, with no gap, and the
 * outbox is empty.
 */

const KIOSK = path.resolve(__dirname, '../../../bin/passport-kiosk.js');
const FEED = path.resolve(__dirname, '../../../bin/passport-feed.js');
const ITERATIONS = 50;
const PER_ITERATION = 40;

let dir: string;
let records: string;
let store: string;
let keys: string;
let port = 0;
let rx: ChildProcess | null = null;

function startReceiver(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FEED, 'receive', '--store', store, '--kiosk-keys', keys, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    rx = child;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(out);
      if (m) {
        port = Number(m[1]);
        resolve();
      }
    });
    child.on('exit', (code, signal) => reject(new Error(`receiver exited early (${code ?? signal})`)));
  });
}

function stopReceiver(signal: NodeJS.Signals): Promise<number | null> {
  const child = rx!;
  rx = null;
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

function flush(killAfterMs?: number): { done: Promise<{ code: number | null; killed: boolean; stdout: string }> } {
  const child = spawn(process.execPath, [KIOSK, 'outbox', 'flush', '--records', records, '--to', `http://127.0.0.1:${port}`, '--json'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return {
    done: new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, killed: signal === 'SIGKILL', stdout });
      }),
    ),
  };
}

beforeAll(async () => {
  dir = tempDir('upstream-kill-');
  records = path.join(dir, 'kiosk.sqlite');
  store = path.join(dir, 'receiver.sqlite');
  keys = path.join(dir, 'keys.json');
  const k = openKiosk(records);
  addSession(k);
  enrol(keys, [k]);
  k.close();
  await startReceiver();
}, 60_000);

afterAll(async () => {
  if (rx) await stopReceiver('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Queue `PER_ITERATION` more arrivals through the real scan path. */
function queueMore(i: number): void {
  const k = openKiosk(records);
  try {
    const session = k.records.sessions.list()[0]!;
    arrive(k, session.id, i * PER_ITERATION, (i + 1) * PER_ITERATION);
  } finally {
    k.close();
  }
}

test(`flushes SIGKILLed at random moments, alternating with the receiver killed mid-request (${ITERATIONS} rounds): nothing lost, nothing doubled, no seq gap`, async () => {
  // How long one flush of a round's events takes here, so the kills spread over all of it.
  queueMore(0);
  const t0 = Date.now();
  expect((await flush().done).code).toBe(0);
  const fullMs = Date.now() - t0;

  let kioskKills = 0;
  let flushesHit = 0;
  for (let i = 1; i <= ITERATIONS; i++) {
    queueMore(i);
    const at = Math.floor(fullMs * (0.15 + 0.85 * Math.random()));
    if (i % 2 === 1) {
      const r = await flush(at).done;
      if (r.killed) kioskKills++;
    } else {
      const running = flush();
      let finished = false;
      void running.done.then(() => (finished = true));
      await new Promise((r) => setTimeout(r, at));
      // Killed while the kiosk was still delivering (connecting, sending, or waiting for the answer).
      if (!finished) flushesHit++;
      await stopReceiver('SIGKILL');
      await startReceiver(); // same store, same port; the flush's back-off reaches it again
      await running.done;
    }
  }
  // The last word: a flush that finishes, then a graceful stop (exit 0 with everything acknowledged stored).
  expect((await flush().done).code).toBe(0);
  expect(await stopReceiver('SIGTERM')).toBe(0);

  const kiosk = new Database(records, { readonly: true });
  const made = kiosk.prepare('SELECT last_seq FROM kiosk_identity').pluck().get() as number;
  expect(kiosk.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
  kiosk.close();
  const rxdb = new Database(store, { readonly: true });
  expect(rxdb.pragma('integrity_check', { simple: true })).toBe('ok');
  const seqs = rxdb.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
  const arrivals = rxdb.prepare("SELECT COUNT(*) FROM events WHERE type = 'arrival'").pluck().get();
  rxdb.close();
  expect(made).toBeGreaterThanOrEqual((ITERATIONS + 1) * PER_ITERATION);
  expect(seqs).toEqual(Array.from({ length: made }, (_, j) => j + 1));
  expect(arrivals).toBe((ITERATIONS + 1) * PER_ITERATION);
  // The test means something only if many kills landed while a flush was running.
  expect(kioskKills).toBeGreaterThanOrEqual(ITERATIONS / 4);
  expect(flushesHit).toBeGreaterThanOrEqual(ITERATIONS / 8);
  await startReceiver(); // for afterAll's tidy stop
}, 400_000);

