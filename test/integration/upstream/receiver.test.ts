import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CompactSign, importJWK } from 'jose';
import { outboxOf } from '../../../src/main/upstream/outbox';
import { signEvent } from '../../../src/main/upstream/sign-event';
import type { RunningReceiver } from '../../../src/receiver/server';
import { addSession, arrive, delivererTo, enrol, getJson, openKiosk, postEvents, receiver, tempDir, type KioskHealth, type TestKiosk } from './helpers';

/**
 * The kiosk's outbox against the real reference receiver on loopback
 * (upstream.md): delivery, duplicates, enrolment, every refusal code, the
 * body limits, the merge across kiosks and a restart with the store kept.
 */

let dir: string;
let rx: RunningReceiver;
let kiosks: TestKiosk[] = [];

beforeEach(async () => {
  dir = tempDir();
  kiosks = [];
  writeFileSync(path.join(dir, 'keys.json'), '{"keys":[]}');
  rx = await receiver(dir);
});

afterEach(async () => {
  await rx.stop();
  for (const k of kiosks) k.close();
  rmSync(dir, { recursive: true, force: true });
});

function kiosk(name: string): TestKiosk {
  const k = openKiosk(path.join(dir, `${name}.sqlite`));
  kiosks.push(k);
  return k;
}

const health = async () => (await getJson<KioskHealth[]>(`${rx.url}/v1/kiosks`)).body;

/** Sign a payload with `k`'s key but any header (jose, as an attacker or a broken kiosk would). */
async function signWith(k: TestKiosk, header: Record<string, unknown>, payload: object): Promise<string> {
  const { x, d } = outboxOf(k.records).identity().privateJwk;
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x, d }, 'EdDSA');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as never).sign(key);
}

test('events are delivered once, the outbox empties, and the kiosk list shows every seq', async () => {
  const k = kiosk('a');
  const s = addSession(k);
  arrive(k, s.id, 0, 30);
  enrol(path.join(dir, 'keys.json'), [k]);
  const report = await delivererTo(k, rx.url).deliver();
  expect(report).toMatchObject({ empty: true, delivered: 30, duplicate: 0, rejected: 0, pending: 0, error: null });
  expect(outboxOf(k.records).summary()).toMatchObject({ pending: 0, rejected: 0, oldest: null, lastError: null });
  expect(rx.store.count()).toBe(30);
  const [h] = await health();
  expect(h).toMatchObject({ kiosk: outboxOf(k.records).identity().kioskId, lastSeq: 30, missingSeqs: [], alarm: null });
  expect(Date.parse(h!.lastSeen!)).not.toBeNaN();
});

test('a re-send after a lost answer is a duplicate, never a second record', async () => {
  const k = kiosk('a');
  arrive(k, addSession(k).id, 0, 5);
  enrol(path.join(dir, 'keys.json'), [k]);
  const outbox = outboxOf(k.records);
  const identity = outbox.identity();
  const jws = await Promise.all(outbox.pending(10).map((e) => signEvent(e.payload, identity)));
  expect((await postEvents(rx.url, JSON.stringify({ events: jws }))).body.results!.map((r) => r.status)).toEqual(Array(5).fill('accepted'));
  // The kiosk never heard the answer: its deliverer sends the same events again.
  const again = await delivererTo(k, rx.url).deliver();
  expect(again).toMatchObject({ delivered: 0, duplicate: 5, empty: true });
  // The same event twice in one request: the second is a duplicate too.
  const twice = await postEvents(rx.url, JSON.stringify({ events: [jws[0], jws[0]] }));
  expect(twice.body.results!.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
  expect(rx.store.count()).toBe(5);
});

test('a kiosk not enrolled: KIOSK_UNKNOWN held in the outbox; enrolled (keys re-read) and retried, delivered', async () => {
  const k = kiosk('a');
  arrive(k, addSession(k).id, 0, 4);
  const first = await delivererTo(k, rx.url).deliver();
  expect(first).toMatchObject({ delivered: 0, rejected: 4, pending: 0, empty: false });
  expect(outboxOf(k.records).summary()).toMatchObject({ pending: 0, rejected: 4, rejectedCodes: { KIOSK_UNKNOWN: 4 } });
  // Rejected events are not sent again until IT asks.
  expect(await delivererTo(k, rx.url).deliver()).toMatchObject({ delivered: 0, rejected: 0 });
  enrol(path.join(dir, 'keys.json'), [k]); // the running receiver sees the new file
  expect(outboxOf(k.records).retry()).toBe(4);
  expect(await delivererTo(k, rx.url).deliver()).toMatchObject({ delivered: 4, empty: true });
  expect(rx.store.count()).toBe(4);
});

test('a bad signature, a wrong header and a payload whose kiosk is not its kid are rejected with their codes', async () => {
  const k = kiosk('a');
  const other = kiosk('b');
  arrive(k, addSession(k).id, 0, 1);
  enrol(path.join(dir, 'keys.json'), [k, other]);
  const outbox = outboxOf(k.records);
  const identity = outbox.identity();
  const [event] = outbox.pending(1);
  const payload = JSON.parse(event!.payload) as { id: string; kiosk: string };
  const good = await signEvent(event!.payload, identity);
  const [h, p, sig] = good.split('.');
  const flipped = `${h}.${p}.${sig!.slice(0, 10)}${sig![10] === 'A' ? 'B' : 'A'}${sig!.slice(11)}`;
  const otherKey = outboxOf(other.records).identity();
  const cases: [string, string, string][] = [
    ['bad signature', flipped, 'SIGNATURE_INVALID'],
    ['signed by another kiosk under this kid', `${h}.${p}.${(await signEvent(event!.payload, otherKey)).split('.')[2]}`, 'SIGNATURE_INVALID'],
    ['extra header member', await signWith(k, { alg: 'EdDSA', kid: identity.kioskId, typ: 'kiosk-event+jws', cty: 'json' }, payload), 'SIGNATURE_INVALID'],
    ['wrong typ', await signWith(k, { alg: 'EdDSA', kid: identity.kioskId, typ: 'passport+jws' }, payload), 'SIGNATURE_INVALID'],
    ['kid not enrolled', await signWith(k, { alg: 'EdDSA', kid: 'k-000000000000', typ: 'kiosk-event+jws' }, payload), 'KIOSK_UNKNOWN'],
    ['payload kiosk is not the kid', await signWith(k, { alg: 'EdDSA', kid: identity.kioskId, typ: 'kiosk-event+jws' }, { ...payload, kiosk: otherKey.kioskId }), 'EVENT_INVALID'],
    ['payload not an event', await signWith(k, { alg: 'EdDSA', kid: identity.kioskId, typ: 'kiosk-event+jws' }, { ...payload, seq: 0 }), 'EVENT_INVALID'],
  ];
  const res = await postEvents(rx.url, JSON.stringify({ events: cases.map((c) => c[1]) }));
  expect(res.status).toBe(200);
  expect(res.body.results!.map((r, i) => [cases[i]![0], r.status, r.code])).toEqual(cases.map(([what, , code]) => [what, 'rejected', code]));
  // The payload's id is carried wherever it can be read.
  expect(res.body.results!.every((r) => r.id === payload.id)).toBe(true);
  expect(rx.store.count()).toBe(0);
  // Nothing was stored, so the real event still goes in.
  expect(await delivererTo(k, rx.url).deliver()).toMatchObject({ delivered: 1 });
});

test('a body that is not JSON of the shape is 400; over 5 MB is 413, and the kiosk splits its batch until it fits', async () => {
  expect((await postEvents(rx.url, 'not json')).status).toBe(400);
  expect((await postEvents(rx.url, '{"events":"x"}')).status).toBe(400);
  expect((await postEvents(rx.url, '{"events":[1]}')).status).toBe(400);
  expect((await postEvents(rx.url, JSON.stringify({ events: ['a'.repeat(5 * 1024 * 1024 + 10)] }))).status).toBe(413);

  const k = kiosk('a');
  enrol(path.join(dir, 'keys.json'), [k]);
  const s = addSession(k);
  // 40 events of ~150 kB: 6 MB in one request unless split.
  const people = Array.from({ length: 600 }, (_, i) => ({ row: i + 1, name: `Person ${i} ${'x'.repeat(200)}`, passportId: null, status: 'absent', late: null, arrivedAt: null }));
  const outbox = outboxOf(k.records);
  for (let i = 0; i < 40; i++) outbox.add('close', new Date().toISOString(), { session: { id: s.id, title: s.title, kind: s.kind, starts: s.starts, ends: s.ends }, counts: { absent: 600 }, people });
  const sent: number[] = [];
  const d = delivererTo(k, rx.url, { maxBytes: 50_000_000, maxEvents: 500 });
  const sender = (d as unknown as { opts: { sender: { send: (e: unknown[]) => Promise<unknown> } } }).opts.sender;
  const send = sender.send.bind(sender);
  sender.send = (events: unknown[]) => {
    sent.push(events.length);
    return send(events);
  };
  expect(await d.deliver()).toMatchObject({ delivered: 40, empty: true, error: null });
  expect(sent[0]).toBe(40); // the first try was the whole batch (413), then halves
  expect(sent.length).toBeGreaterThan(2);
  expect(rx.store.count()).toBe(40);
});

test('one session checked in at two kiosks merges into one register; a person at both is a duplicateArrival', async () => {
  const a = kiosk('a');
  const b = kiosk('b');
  const session = addSession(a);
  addSession(b, session);
  const roster = Buffer.from('name,passport\nAnn Roster,P000001\nNo Scan,P000900\nHand Marked,\n');
  expect(a.service.importRoster(session.id, roster).ok).toBe(true);
  expect(b.service.importRoster(session.id, roster).ok).toBe(true);
  arrive(a, session.id, 1, 4); // people 1, 2, 3 at desk A
  arrive(b, session.id, 3, 5, Date.parse('2026-11-24T09:00:00Z')); // 3 (earlier!) and 4 at desk B
  a.clock.now = Date.parse('2026-11-24T10:00:00Z');
  expect(a.service.mark(session.id, { row: 3 }, 'present', 'forgot badge', 'Lead A').ok).toBe(true);
  expect((await a.service.close(session.id)).ok).toBe(true);
  enrol(path.join(dir, 'keys.json'), [a, b]);
  expect(await delivererTo(a, rx.url).deliver()).toMatchObject({ empty: true });
  expect(await delivererTo(b, rx.url).deliver()).toMatchObject({ empty: true });

  const { status, body } = await getJson<{ session: { id: string; title: string }; people: Record<string, unknown>[] }>(`${rx.url}/v1/sessions/${session.id}/register`);
  expect(status).toBe(200);
  expect(body.session).toEqual({ id: session.id, title: session.title, kind: session.kind, starts: session.starts, ends: session.ends });
  const ka = outboxOf(a.records).identity().kioskId;
  const kb = outboxOf(b.records).identity().kioskId;
  const byName = Object.fromEntries(body.people.map((p) => [p.name, p]));
  expect(byName['Ann Roster']).toMatchObject({ passportId: 'P000001', status: 'present', kiosks: [ka], duplicateArrival: false });
  expect(byName['Person 3']).toMatchObject({
    passportId: 'P000003',
    status: 'present',
    arrivedAt: new Date(Date.parse('2026-11-24T09:00:00Z') + 3000).toISOString(), // desk B's, the earliest
    kiosks: [ka, kb].sort(),
    duplicateArrival: true,
  });
  expect(byName['Person 4']).toMatchObject({ kiosks: [kb], duplicateArrival: false });
  expect(byName['No Scan']).toMatchObject({ passportId: 'P000900', status: 'absent', arrivedAt: null }); // from the close
  expect(byName['Hand Marked']).toMatchObject({ passportId: null, status: 'present-manual' }); // the mark beats all
  expect(body.people).toHaveLength(6);
  expect((await getJson(`${rx.url}/v1/sessions/no-such/register`)).status).toBe(404);
});

test('a restarted receiver keeps its store: counts, kiosk health and duplicates survive', async () => {
  const k = kiosk('a');
  const s = addSession(k);
  arrive(k, s.id, 0, 10);
  enrol(path.join(dir, 'keys.json'), [k]);
  const outbox = outboxOf(k.records);
  const jws = await Promise.all(outbox.pending(10).map((e) => signEvent(e.payload, outbox.identity())));
  expect(await delivererTo(k, rx.url).deliver()).toMatchObject({ delivered: 10 });
  await rx.stop();
  rx = await receiver(dir);
  expect(rx.store.count()).toBe(10);
  expect((await health())[0]).toMatchObject({ lastSeq: 10, missingSeqs: [] });
  expect((await postEvents(rx.url, JSON.stringify({ events: jws }))).body.results!.every((r) => r.status === 'duplicate')).toBe(true);
  arrive(k, s.id, 10, 12);
  expect(await delivererTo(k, rx.url).deliver()).toMatchObject({ delivered: 2 });
  expect((await health())[0]).toMatchObject({ lastSeq: 12, missingSeqs: [] });
});

test('a checkpoint that goes backwards is CHECKPOINT_REGRESSED and raises the alarm; a seq never seen is missing', async () => {
  const k = kiosk('a');
  enrol(path.join(dir, 'keys.json'), [k]);
  const outbox = outboxOf(k.records);
  const head = (seq: number, c: string) => ({ seq, hash: c.repeat(64) });
  let chain = head(5, 'a');
  const d = delivererTo(k, rx.url, { audit: { head: () => chain } });
  expect(await d.deliver()).toMatchObject({ delivered: 1 });
  expect(await d.deliver()).toMatchObject({ delivered: 0 }); // not grown: no new checkpoint
  chain = head(7, 'b');
  expect(await d.deliver()).toMatchObject({ delivered: 1 });
  expect(outbox.acknowledgedCheckpoint()).toEqual({ seq: 7, hash: 'b'.repeat(64) });
  expect((await health())[0]).toMatchObject({ checkpoint: { auditSeq: 7, auditHead: 'b'.repeat(64) }, alarm: null, lastSeq: 2 });
  // A kiosk whose chain was cut back (records restored, edited): an older checkpoint, made by hand.
  const at = new Date().toISOString();
  outbox.add('checkpoint', at, { auditSeq: 6, auditHead: 'c'.repeat(64) });
  outbox.add('checkpoint', at, { auditSeq: 7, auditHead: 'd'.repeat(64) });
  expect(await delivererTo(k, rx.url).deliver()).toMatchObject({ rejected: 2 });
  expect(outbox.summary().rejectedCodes).toEqual({ CHECKPOINT_REGRESSED: 2 });
  expect((await health())[0]).toMatchObject({ alarm: 'CHECKPOINT_REGRESSED', lastSeq: 2 });
  // An event whose earlier seqs never arrived: the gap shows.
  for (let i = 0; i < 2; i++) outbox.add('checkpoint', at, { auditSeq: 8 + i, auditHead: 'e'.repeat(64) });
  const [, last] = outbox.pending(2);
  await postEvents(rx.url, JSON.stringify({ events: [await signEvent(last!.payload, outbox.identity())] }));
  expect((await health())[0]).toMatchObject({ lastSeq: 6, missingSeqs: [3, 4, 5] });
});
