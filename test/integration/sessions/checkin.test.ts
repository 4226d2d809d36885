import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { SitePolicy } from '../../../src/core/schemas/policy';
import { openPassportStore } from '../../../src/main/cache/passport-cache';
import { KioskService } from '../../../src/main/kiosk/kiosk-service';
import { Records } from '../../../src/main/records/records';
import { KioskSessionDesk } from '../../../src/main/sessions/kiosk-session-desk';
import { SessionService } from '../../../src/main/sessions/session-service';
import { signToken } from '../../../src/publisher';
import { specExamplePolicy } from '../../../src/publisher/demo/policy';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { sync, tempDir } from '../sync/helpers';

/**
 * Check-in (sessions.md "Check-in") against a real passport cache synced
 * from a signed feed and a real records file: every result code, capacity,
 * roster matching by passport and by badge, one person by three payloads.
 */

let fx: FeedFixture;
let dir: string;
let cache: ReturnType<typeof openPassportStore>;
let records: Records;
let now: number;
let service: SessionService;
// The spec's example policy (fixture records are cleared under it), recognising inductions of the last 3 years.
const policy: SitePolicy = { ...specExamplePolicy(), induction: { recognisedYears: 3 } };

const T = (hhmmss: string) => Date.parse(`2026-11-24T${hhmmss}Z`);
const barcode = (i: number) => fx.record(i).badges[0]!.value;
const nfc = (i: number) => fx.record(i).badges[1]!.value;
const idOf = (i: number) => fx.record(i).id;

beforeAll(async () => {
  fx = await buildFeedFixture({
    records: 8,
    edit: (r, i) => (i === 5 ? { ...r, status: 'revoked' } : i === 6 ? { ...r, checks: { ...r.checks, identity: { outcome: 'pending', on: '2024-03-01' } } } : r),
  });
  dir = await tempDir('checkin-');
  const db = path.join(dir, 'cache.db');
  expect(await sync(db, fx)).toMatchObject({ ok: true });
  cache = openPassportStore(db);
}, 60_000);

beforeEach(() => {
  records?.close();
  records = Records.open(path.join(dir, `records-${Math.random().toString(36).slice(2)}.sqlite`));
  now = T('08:00:00');
  service = new SessionService({ records, store: cache.store, policy, clock: () => now });
});

afterAll(async () => {
  records.close();
  cache.close();
  await rm(dir, { recursive: true, force: true });
});

function makeSession(extra: { capacity?: number; kind?: 'corporate' | 'local' | 'role' } = {}): string {
  const made = service.create({ title: 'Corporate induction', kind: extra.kind ?? 'corporate', starts: '2026-11-24T09:00:00Z', ends: '2026-11-24T12:00:00Z', graceMinutes: 10, ...(extra.capacity && { capacity: extra.capacity }) });
  if (!made.ok) throw new Error(made.message);
  return made.session.id;
}

function importRoster(id: string, csv: string) {
  const done = service.importRoster(id, Buffer.from(csv, 'utf8'));
  if (!done.ok) throw new Error(JSON.stringify(done));
  return done;
}

async function checkin(id: string, payload: string, at: string) {
  now = T(at);
  const r = await service.checkinPayload(id, payload, 'wedge');
  if (!r.ok) throw new Error(r.message);
  return r;
}

test('every check-in result, in order: ARRIVED, ALREADY_ARRIVED, NOT_IDENTIFIED, SESSION_FULL, SESSION_CLOSED', async () => {
  const id = makeSession({ capacity: 3 });
  importRoster(id, `name,passport,badge\nAlpha One,${idOf(0)},\nBeta Two,,${barcode(1)}\nGamma Three,,\n`);

  const a = await checkin(id, barcode(0), '08:55:00');
  expect(a).toMatchObject({ result: 'ARRIVED', arrival: { late: false, onRoster: true, row: 1, passportId: idOf(0) } });
  expect((await checkin(id, nfc(0), '09:01:00')).result).toBe('ALREADY_ARRIVED');
  // The answer carries the first arrival's time.
  expect((await checkin(id, nfc(0), '09:02:00')).arrival?.at).toBe('2026-11-24T08:55:00.000Z');

  // A badge-only roster row is matched by the person's badge.
  expect(await checkin(id, nfc(1), '09:03:00')).toMatchObject({ result: 'ARRIVED', arrival: { onRoster: true, row: 2 } });
  expect((await checkin(id, 'RZZ9999999', '09:04:00')).result).toBe('NOT_IDENTIFIED');
  // A walk-in: nobody on the roster matches.
  expect(await checkin(id, barcode(2), '09:05:00')).toMatchObject({ result: 'ARRIVED', arrival: { onRoster: false, row: null } });
  expect((await checkin(id, barcode(3), '09:06:00')).result).toBe('SESSION_FULL');
  expect(service.summary(id)).toMatchObject({ arrived: 3, expected: 3 });

  now = T('12:05:00');
  expect((await service.close(id)).ok).toBe(true);
  expect((await checkin(id, barcode(4), '12:06:00')).result).toBe('SESSION_CLOSED');
  // Only ARRIVED records anything; every scan is logged once.
  expect(records.attendance.arrivals(id).map((x) => x.passportId)).toEqual([idOf(0), idOf(1), idOf(2)]);
  expect(records.scanLog.recent(100)).toHaveLength(8);
});

test('one person scanned by barcode, NFC UID and QR token is counted once', async () => {
  const id = makeSession();
  importRoster(id, `name,passport\nAlpha One,${idOf(0)}\n`);
  const issuer = fx.issuers.find((x) => x.iss === fx.record(0).iss)!;
  const token = await signToken({ v: 1, pid: idOf(0), iss: issuer.iss, rev: 1, iat: T('06:00:00') / 1000, exp: T('23:00:00') / 1000 }, issuer.key);
  expect((await checkin(id, nfc(0), '08:50:00')).result).toBe('ARRIVED');
  expect((await checkin(id, token, '08:51:00')).result).toBe('ALREADY_ARRIVED');
  expect((await checkin(id, barcode(0), '08:52:00')).result).toBe('ALREADY_ARRIVED');
  expect(service.summary(id)?.arrived).toBe(1);
});

test('roster rows match by passport, by exact badge, and by an NFC UID written with separators', async () => {
  const id = makeSession();
  const separated = nfc(3).match(/../g)!.join(':').toLowerCase();
  importRoster(id, `name,passport,badge\nAlpha One,${idOf(0)},\nBeta Two,,${barcode(1)}\nGamma Three,,${nfc(2)}\nDelta Four,,${separated}\n`);
  expect((await checkin(id, barcode(0), '08:50:00')).arrival?.row).toBe(1);
  expect((await checkin(id, nfc(1), '08:51:00')).arrival?.row).toBe(2);
  expect((await checkin(id, barcode(2), '08:52:00')).arrival?.row).toBe(3);
  expect((await checkin(id, barcode(3), '08:53:00')).arrival?.row).toBe(4);
  expect((await checkin(id, barcode(4), '08:54:00')).arrival).toMatchObject({ onRoster: false, row: null });
});

test('late exactly after starts + grace; a not-cleared or refer person is still arrived, and flagged', async () => {
  const id = makeSession();
  expect((await checkin(id, barcode(0), '09:10:00')).arrival?.late).toBe(false);
  expect((await checkin(id, barcode(1), '09:10:01')).arrival?.late).toBe(true);
  const revoked = await checkin(id, barcode(5), '09:11:00');
  expect(revoked).toMatchObject({ result: 'ARRIVED', flagged: true, verdict: { outcome: 'not-cleared' } });
  const refer = await checkin(id, barcode(6), '09:12:00');
  expect(refer).toMatchObject({ result: 'ARRIVED', flagged: true, verdict: { outcome: 'refer' } });
  expect((await checkin(id, barcode(2), '09:13:00')).flagged).toBe(false);
});

test('a refused roster import leaves the previous roster, and attendance stays across a new import', async () => {
  const id = makeSession();
  importRoster(id, `name,passport\nAlpha One,${idOf(0)}\nBeta Two,${idOf(1)}\n`);
  await checkin(id, barcode(0), '08:55:00');
  const bad = service.importRoster(id, Buffer.from(`name,passport\n,${idOf(2)}\nDelta,not an id!\n`));
  expect(bad).toMatchObject({ ok: false, code: 'ROSTER_INVALID' });
  expect(bad.ok === false && bad.errors?.map((e) => e.line)).toEqual([2, 3]);
  expect(service.roster(id).map((r) => r.name)).toEqual(['Alpha One', 'Beta Two']);
  importRoster(id, `name,passport\nBeta Two,${idOf(1)}\n`);
  expect(service.roster(id).map((r) => r.name)).toEqual(['Beta Two']);
  expect(service.summary(id)?.arrived).toBe(1);
});

test('marks override, close makes the rest absent or exempt, and nothing more is accepted after', async () => {
  const local = makeSession({ kind: 'local' });
  const id = makeSession();
  const csv = `name,passport\nAlpha One,${idOf(0)}\nBeta Two,${idOf(1)}\nGamma Three,\nDelta Four,${idOf(3)}\n`;
  importRoster(id, csv);
  importRoster(local, csv);
  await checkin(id, barcode(0), '08:55:00');
  now = T('09:30:00');
  expect(service.mark(id, { row: 3 }, 'present', 'No passport yet: photo ID seen', 'Priya Sharma')).toEqual({ ok: true });
  expect(service.mark(id, { row: 4 }, 'absent', 'Rang in sick', 'Priya Sharma')).toEqual({ ok: true });
  expect(service.mark(id, { row: 4 }, 'exempt', 'Inducted here last month', 'Priya Sharma')).toEqual({ ok: true });
  expect(service.mark(id, { row: 9 }, 'present', 'x', 'Priya Sharma')).toMatchObject({ ok: false, code: 'ROW_UNKNOWN' });
  expect(service.mark(id, { row: 1 }, 'present', '   ', 'Priya Sharma')).toMatchObject({ ok: false, code: 'SESSION_INVALID' });

  const open = await service.register(id);
  if (!open.ok) throw new Error(open.message);
  // Fixture inductions were completed 2024-03-04: recognised (3 years) for a corporate session.
  expect(open.register.people.map((p) => p.status)).toEqual(['present', 'exempt-prior', 'present-manual', 'exempt-manual']);
  const openLocal = await service.register(local);
  if (!openLocal.ok) throw new Error(openLocal.message);
  expect(openLocal.register.people.map((p) => p.status)).toEqual(['expected', 'expected', 'expected', 'expected']);

  now = T('12:10:00');
  const closed = await service.close(id);
  if (!closed.ok) throw new Error(closed.message);
  expect(closed.register.session).toMatchObject({ state: 'closed', closedAt: '2026-11-24T12:10:00.000Z' });
  expect(closed.register.people[1]).toMatchObject({ status: 'exempt-prior', priorInduction: { by: fx.record(1).iss, completed: '2024-03-04' } });
  const closedLocal = await service.close(local);
  if (!closedLocal.ok) throw new Error(closedLocal.message);
  expect(closedLocal.register.counts).toMatchObject({ absent: 4, expected: 0 });

  expect(await service.close(id)).toMatchObject({ ok: false, code: 'SESSION_CLOSED' });
  expect(service.mark(id, { row: 2 }, 'present', 'late arrival', 'Priya Sharma')).toMatchObject({ ok: false, code: 'SESSION_CLOSED' });
  expect(service.importRoster(id, Buffer.from(csv))).toMatchObject({ ok: false, code: 'SESSION_CLOSED' });
});

test('pre-check: passport and badge rows found, rows with neither or not in the cache unknown; nothing recorded', async () => {
  const id = makeSession();
  importRoster(id, `name,passport,badge\nAlpha One,${idOf(0)},\nBeta Two,,${barcode(1)}\nGamma Three,,\nNobody,RXL-9999,\n`);
  const pre = await service.precheck(id);
  if (!pre.ok) throw new Error(pre.message);
  expect(pre.lines.map((l) => [l.row, l.passportId, l.outcome])).toEqual([
    [1, idOf(0), 'cleared'],
    [2, idOf(1), 'cleared'],
    [3, null, 'unknown'],
    [4, null, 'unknown'],
  ]);
  expect(pre.lines[3]!.reasons).toEqual(['PASSPORT_NOT_IN_CACHE']);
  expect(pre.lines[0]!.priorInduction).toMatchObject({ completed: '2024-03-04' });
  expect(records.scanLog.recent(10)).toEqual([]);
  expect(service.summary(id)?.arrived).toBe(0);
});

test('session mode on the scan screen: the kiosk scan path checks in, and leaving session mode stops it', async () => {
  const id = makeSession();
  importRoster(id, `name,passport\nAlpha One,${idOf(0)}\n`);
  const desk = new KioskSessionDesk(service, () => now);
  const kiosk = new KioskService({ store: cache.store, policy, clock: () => now, scanLog: records.scanLog, sessions: desk });
  const changes: number[] = [];
  const off = kiosk.subscribe((event, payload) => {
    if (event === 'sessionChanged') changes.push((payload as { arrived: number }).arrived);
  });
  now = T('08:58:00');
  expect(await desk.setSessionMode({ sessionId: id })).toMatchObject({ ok: true, active: { arrived: 0, expected: 1 } });
  const first = await kiosk.scan({ payload: barcode(0), source: 'wedge' });
  expect(first.checkin).toMatchObject({ sessionId: id, result: 'ARRIVED', arrival: { onRoster: true, row: 1 }, summary: { arrived: 1 } });
  expect((await kiosk.getStatus()).session).toMatchObject({ arrived: 1, expected: 1 });
  expect(changes).toEqual([1]);
  await desk.setSessionMode({ sessionId: null });
  const after = await kiosk.scan({ payload: barcode(1), source: 'wedge' });
  expect(after.checkin).toBeUndefined();
  expect(service.summary(id)?.arrived).toBe(1);
  expect(records.scanLog.recent(10)).toHaveLength(2);
  off();
  kiosk.dispose();
});
