import { rmSync } from 'node:fs';
import path from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { kioskEventSchema } from '../../../src/core/upstream/events';
import { outboxOf } from '../../../src/main/upstream/outbox';
import { signEvent } from '../../../src/main/upstream/sign-event';
import { addSession, arrive, openKiosk, tempDir, verdictFor } from './helpers';

/**
 * Events in the records file (upstream.md "Events"): made in the same
 * transaction as what they report, numbered with no gap, payloads as the
 * table says, signed with exactly the specified header.
 */

let dir: string;
beforeEach(() => {
  dir = tempDir('upstream-events-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('arrival, mark and close events: the payloads of the table, seq 1, 2, 3… and exactly the header', async () => {
  const k = openKiosk(path.join(dir, 'r.sqlite'));
  const s = addSession(k);
  expect(k.service.importRoster(s.id, Buffer.from('name,passport\nAnn Lee,P000001\nBo Diaz,\n')).ok).toBe(true);
  arrive(k, s.id, 1, 3); // P000001 (row 1) and a walk-in P000002
  k.clock.now = Date.parse('2026-11-24T09:30:00Z');
  expect(k.service.mark(s.id, { row: 2 }, 'exempt', 'done elsewhere', 'Lead Lou').ok).toBe(true);
  expect((await k.service.close(s.id)).ok).toBe(true);
  const outbox = outboxOf(k.records);
  const events = outbox.pending(10);
  const kiosk = outbox.identity().kioskId;
  expect(events.map((e) => [e.seq, e.type])).toEqual([
    [1, 'arrival'],
    [2, 'arrival'],
    [3, 'mark'],
    [4, 'close'],
  ]);
  const payloads = events.map((e) => JSON.parse(e.payload) as Record<string, unknown>);
  const session = { id: s.id, title: s.title, kind: s.kind, starts: s.starts, ends: s.ends };
  expect(payloads[0]).toEqual({
    v: 1,
    id: events[0]!.id,
    kiosk,
    seq: 1,
    at: '2026-11-24T09:05:01.000Z',
    type: 'arrival',
    session,
    person: { passportId: 'P000001', iss: 'RXL', name: 'Person 1' },
    late: false,
    onRoster: true,
    row: 1,
    outcome: 'cleared',
    reasonCodes: [],
  });
  expect(payloads[1]).toMatchObject({ onRoster: false, row: null, person: { passportId: 'P000002' } });
  expect(payloads[2]).toEqual({
    v: 1,
    id: events[2]!.id,
    kiosk,
    seq: 3,
    at: '2026-11-24T09:30:00.000Z',
    type: 'mark',
    session,
    person: { passportId: null, row: 2, name: 'Bo Diaz' },
    status: 'exempt',
    reason: 'done elsewhere',
    by: 'Lead Lou',
  });
  expect(payloads[3]).toMatchObject({ type: 'close', session, counts: { present: 2, 'exempt-manual': 1, absent: 0 } });
  const people = payloads[3]!.people as { name: string; status: string }[];
  expect(people.map((p) => [p.name, p.status])).toEqual([
    ['Ann Lee', 'present'],
    ['Bo Diaz', 'exempt-manual'],
    ['Person 2', 'present'],
  ]);
  for (const p of payloads) expect(kioskEventSchema.safeParse(p).success).toBe(true);
  const jws = await signEvent(events[0]!.payload, outbox.identity());
  expect(decodeProtectedHeader(jws)).toEqual({ alg: 'EdDSA', kid: kiosk, typ: 'kiosk-event+jws' });
  expect(Object.keys(decodeProtectedHeader(jws)).sort()).toEqual(['alg', 'kid', 'typ']);
  // Deterministic: the same payload signs to the same JWS (a re-sign after a kill changes nothing).
  expect(await signEvent(events[0]!.payload, outbox.identity())).toBe(jws);
  k.close();
});

test('an arrival and its event exist together or not at all; a seq is never reused', () => {
  const k = openKiosk(path.join(dir, 'r.sqlite'));
  const s = addSession(k);
  arrive(k, s.id, 0, 2);
  // The outbox refuses the next event: the arrival and its scan-log entry must go with it.
  k.records.db.exec("CREATE TEMP TRIGGER no_events BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox full'); END");
  const scans = k.records.db.prepare('SELECT COUNT(*) FROM scan_log').pluck().get();
  expect(() => k.service.recordScan({ at: '2026-11-24T09:10:00Z', source: 'wedge', readerId: null, verdict: verdictFor(7) }, s.id)).toThrow(/outbox full/);
  expect(k.records.attendance.arrivalFor(s.id, 'P000007')).toBeNull();
  expect(k.records.db.prepare('SELECT COUNT(*) FROM scan_log').pluck().get()).toBe(scans);
  // A mark likewise: refused whole.
  expect(() => k.service.mark(s.id, { passportId: 'P000000' }, 'absent', 'left early', 'Lead')).toThrow(/outbox full/);
  expect(k.records.attendance.marks(s.id)).toEqual([]);
  k.records.db.exec('DROP TRIGGER no_events');
  // Delivered events are deleted, but the next seq follows the last one ever made.
  const outbox = outboxOf(k.records);
  outbox.applyResults(outbox.pending(10).map((e) => e.id), []);
  arrive(k, s.id, 7, 8);
  expect(outbox.pending(10).map((e) => e.seq)).toEqual([3]);
  k.close();
});
