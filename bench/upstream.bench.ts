/**
 * `BENCH=upstream npm run bench` (issue 9): the attendance upstream on
 * loopback, both sides as the real commands run them (child processes, so
 * each peak RSS is its own):
 *   - drain 10,000 queued events with `passport-kiosk outbox flush` to
 *     `passport-feed receive`, end to end from the command's start to its
 *     exit (target ≤ 5 s);
 *   - the receiver's ingest rate: 10,000 events of a second kiosk, already
 *     signed, POSTed in batches of 500 as fast as it answers;
 *   - peak RSS (VmHWM) of the flush and of the receiver.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Session } from '../src/core/sessions/model';
import { Records } from '../src/main/records/records';
import { arrivalFields } from '../src/main/upstream/event-fields';
import { outboxOf } from '../src/main/upstream/outbox';
import { signEvent } from '../src/main/upstream/sign-event';
import { fmt } from './stats';
import type { BenchSection } from './sections';

const ROOT = path.resolve(__dirname, '..', '..');
const KIOSK = path.join(ROOT, 'bin', 'passport-kiosk.js');
const FEED = path.join(ROOT, 'bin', 'passport-feed.js');
const N = 10_000;

function peakKb(pid: number | undefined, prev: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.max(prev, Number(m[1])) : prev;
  } catch {
    return prev;
  }
}

/** A records file with `n` arrival events queued (one transaction; the scan path itself is the sessions bench's). */
function queue(file: string, n: number): Records {
  const records = Records.open(file);
  const session: Session = {
    id: '6f1c2c57-3a0e-4a56-9a43-1d1f3c1b8e01',
    title: 'Bench corporate induction',
    kind: 'corporate',
    starts: '2026-11-24T09:00:00.000Z',
    ends: '2026-11-24T17:00:00.000Z',
    room: null,
    lead: null,
    capacity: null,
    graceMinutes: 10,
    state: 'open',
    createdAt: '2026-11-24T08:00:00.000Z',
    closedAt: null,
  };
  const outbox = outboxOf(records);
  records.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.parse('2026-11-24T09:00:00Z') + i * 100).toISOString();
      outbox.add(
        'arrival',
        at,
        arrivalFields(session, {
          sessionId: session.id,
          passportId: `P${String(i).padStart(7, '0')}`,
          scanId: i + 1,
          at,
          late: i % 7 === 0,
          onRoster: i % 3 !== 0,
          row: i % 3 !== 0 ? i + 1 : null,
          name: `Person ${i} Surname-Double`,
          issuer: 'RXL',
          staffGroup: 'Nursing and Midwifery',
          outcome: i % 11 === 0 ? 'refer' : 'cleared',
          reasons: i % 11 === 0 ? ['CHECK_EXPIRED'] : [],
          priorInduction: null,
        }),
      );
    }
  });
  return records;
}

async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-upstream-'));
  let rx: ChildProcess | null = null;
  try {
    const a = queue(path.join(dir, 'kiosk-a.sqlite'), N);
    const b = queue(path.join(dir, 'kiosk-b.sqlite'), N);
    const keys = { keys: [outboxOf(a).identity().publicJwk, outboxOf(b).identity().publicJwk] };
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(keys));
    const ob = outboxOf(b);
    const idB = ob.identity();
    const signedB = await Promise.all(ob.pending(N).map((e) => signEvent(e.payload, idB)));
    a.close();
    b.close();

    // The receiver, as a trust runs it.
    const child = spawn(process.execPath, [FEED, 'receive', '--store', path.join(dir, 'receiver.sqlite'), '--kiosk-keys', path.join(dir, 'keys.json'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    rx = child;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\S+)\n/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error('receiver exited')));
    });
    let rxPeak = 0;
    const rxPoll = setInterval(() => (rxPeak = peakKb(child.pid, rxPeak)), 50);

    // Drain: the command, end to end.
    const t0 = performance.now();
    const flush = spawn(process.execPath, [KIOSK, 'outbox', 'flush', '--records', path.join(dir, 'kiosk-a.sqlite'), '--to', url, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let flushPeak = 0;
    const flushPoll = setInterval(() => (flushPeak = peakKb(flush.pid, flushPeak)), 50);
    let out = '';
    flush.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => flush.on('exit', r));
    const drainMs = performance.now() - t0;
    clearInterval(flushPoll);
    const result = JSON.parse(out) as { delivered: number; pending: number };
    if (code !== 0 || result.delivered !== N) throw new Error(`flush failed: exit ${code} ${out}`);
    console.log(`drain ${N.toLocaleString('en-GB')} queued events to the receiver on loopback (outbox flush, start to exit, signing included): ${fmt(drainMs / 1000, 2)} s (target ≤ 5 s)`);

    // Ingest: pre-signed batches of 500, one after another.
    const t1 = performance.now();
    for (let i = 0; i < N; i += 500) {
      const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: signedB.slice(i, i + 500) }) });
      const body = (await res.json()) as { results: { status: string }[] };
      if (res.status !== 200 || body.results.some((r) => r.status !== 'accepted')) throw new Error(`ingest refused: HTTP ${res.status}`);
    }
    const ingestMs = performance.now() - t1;
    console.log(`receiver ingest: ${fmt(N / (ingestMs / 1000), 0)} events/s (${N.toLocaleString('en-GB')} events in batches of 500, verified and stored: ${fmt(ingestMs / 1000, 2)} s)`);
    clearInterval(rxPoll);
    rxPeak = peakKb(child.pid, rxPeak);
    console.log(`peak RSS: outbox flush ${fmt(flushPeak / 1024, 0)} MB, receiver ${fmt(rxPeak / 1024, 0)} MB`);
  } finally {
    rx?.kill('SIGTERM');
    if (rx) await new Promise((r) => rx!.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export const upstream: BenchSection = { name: 'upstream', title: 'Attendance upstream (issue 9)', run };
