import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Verdict } from '../../../src/core/verdict';
import type { Session } from '../../../src/core/sessions/model';
import { Records } from '../../../src/main/records/records';
import { SessionService } from '../../../src/main/sessions/session-service';
import { Deliverer } from '../../../src/main/upstream/deliverer';
import { outboxOf } from '../../../src/main/upstream/outbox';
import { HttpSender } from '../../../src/main/upstream/http-sender';
import { startReceiver, type RunningReceiver } from '../../../src/receiver/server';
import { POLICY } from '../../unit/core/fixtures';

/** Shared pieces of the upstream tests: kiosks with real records files, the real receiver on loopback. */

export const tempDir = (prefix = 'upstream-it-') => mkdtempSync(path.join(tmpdir(), prefix));

export const SESSION_AT = Date.parse('2026-11-24T09:05:00Z');

/** A verdict naming a person, as the scan path hands it to check-in. */
export function verdictFor(i: number, outcome: Verdict['outcome'] = 'cleared'): Verdict {
  return {
    outcome,
    reasons: [],
    passport: { id: `P${String(i).padStart(6, '0')}`, rev: 1, iss: 'RXL', issuerName: 'Blackpool', name: `Person ${i}`, staffGroup: 'nursing', role: 'Nurse' },
    localDate: '2026-11-24',
    dataPublished: '2026-11-24T08:00:00Z',
  };
}

/** A kiosk: a records file with its session service, clock pinned. */
export interface TestKiosk {
  file: string;
  records: Records;
  service: SessionService;
  clock: { now: number };
  close(): void;
}

export function openKiosk(file: string): TestKiosk {
  const records = Records.open(file);
  const clock = { now: SESSION_AT };
  const service = new SessionService({ records, store: null, policy: POLICY, clock: () => clock.now });
  return { file, records, service, clock, close: () => records.close() };
}

/** The same session on a kiosk (as `session create --from` moves one between desks). */
export function addSession(k: TestKiosk, session?: Session): Session {
  if (session) {
    k.records.sessions.create(session);
    return session;
  }
  const made = k.service.create({ title: 'Corporate induction', kind: 'local', starts: '2026-11-24T09:00:00Z', ends: '2026-11-24T12:00:00Z' });
  if (!made.ok) throw new Error(made.message);
  return made.session;
}

/** Check people `from…to-1` in through the real scan path (scan-log row, arrival and event in one transaction). */
export function arrive(k: TestKiosk, sessionId: string, from: number, to: number, atMs = SESSION_AT): void {
  for (let i = from; i < to; i++) {
    const r = k.service.recordScan({ at: new Date(atMs + i * 1000).toISOString(), source: 'wedge', readerId: null, verdict: verdictFor(i) }, sessionId);
    if (!('result' in r) || r.result !== 'ARRIVED') throw new Error(`person ${i} did not arrive`);
  }
}

/** Write the receiver's kiosk keys file (a JWK Set) for these kiosks. */
export function enrol(keysFile: string, kiosks: TestKiosk[]): void {
  writeFileSync(keysFile, JSON.stringify({ keys: kiosks.map((k) => outboxOf(k.records).identity().publicJwk) }));
}

/** The real receiver, in this process, on a free loopback port. */
export function receiver(dir: string, name = 'store.sqlite'): Promise<RunningReceiver> {
  return startReceiver({ store: path.join(dir, name), kioskKeys: path.join(dir, 'keys.json'), host: '127.0.0.1', port: 0 });
}

/** A deliverer from `k` to `url`, sleeping never (the back-off is asserted, not waited). */
export function delivererTo(k: TestKiosk, url: string, extra: Partial<ConstructorParameters<typeof Deliverer>[0]> = {}): Deliverer {
  return new Deliverer({ outbox: outboxOf(k.records), sender: new HttpSender(url, { env: {} }), clock: () => k.clock.now, ...extra });
}

/** GET a JSON document from the receiver. */
export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** POST a raw body to the receiver's events endpoint. */
export async function postEvents(base: string, body: string): Promise<{ status: number; body: { results?: { id: string | null; status: string; code?: string }[] } }> {
  const res = await fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed as { results?: { id: string | null; status: string; code?: string }[] } };
}

export type KioskHealth = { kiosk: string; lastSeen: string | null; lastSeq: number | null; missingSeqs: number[]; checkpoint: unknown; alarm: string | null };
