import path from 'node:path';
import type { Mark, PrecheckLine, Session } from '../../../src/core/sessions/model';
import { DuplicateArrivalError } from '../../../src/main/records/attendance-repo';
import { ReadonlyRecords, Records } from '../../../src/main/records/records';
import { arrival, ROSTER, scanEntries, SESSION, tempDir } from './helpers';

const open = () => {
  const file = path.join(tempDir(), 'records.sqlite');
  return { file, records: Records.open(file, { legacyScanLog: null }) };
};

test('scan log: record returns rising ids; recent is newest first, limited, and reads back what was written', () => {
  const { records } = open();
  const entries = scanEntries(6);
  const ids = entries.map((e) => records.scanLog.record(e));
  expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
  expect(records.scanLog.recent(2)).toEqual([
    { id: 6, ...entries[5] },
    { id: 5, ...entries[4] },
  ]);
  expect(records.scanLog.recent()).toHaveLength(6);
  records.close();
});

test('sessions: create, get, list by start time, setClosed only once', () => {
  const { records, file } = open();
  const later: Session = { ...SESSION, id: '0a6f0c1e-2b3c-4d5e-8f90-a1b2c3d4e5f6', title: 'Local induction', kind: 'local', starts: '2026-11-25T09:00:00.000Z', ends: '2026-11-25T10:00:00.000Z', room: null, lead: null, capacity: null };
  records.sessions.create(later);
  records.sessions.create(SESSION);
  expect(records.sessions.get(SESSION.id)).toEqual(SESSION);
  expect(records.sessions.get('missing')).toBeNull();
  expect(records.sessions.list().map((s) => s.id)).toEqual([SESSION.id, later.id]);
  expect(() => records.sessions.create(SESSION)).toThrow(/UNIQUE|PRIMARY KEY/);

  expect(records.sessions.setClosed(SESSION.id, '2026-11-24T12:05:00.000Z')).toBe(true);
  expect(records.sessions.setClosed(SESSION.id, '2026-11-24T13:00:00.000Z')).toBe(false);
  expect(records.sessions.setClosed('missing', '2026-11-24T13:00:00.000Z')).toBe(false);
  expect(records.sessions.get(SESSION.id)).toEqual({ ...SESSION, state: 'closed', closedAt: '2026-11-24T12:05:00.000Z' });
  records.close();

  const ro = ReadonlyRecords.open(file)!;
  expect(ro.sessions.get(SESSION.id)?.state).toBe('closed');
  ro.close();
});

test('roster: replaced wholesale, in row order; lookups by passport and by badge within the session', () => {
  const { records } = open();
  const other: Session = { ...SESSION, id: '11111111-2222-4333-8444-555555555555' };
  records.sessions.create(SESSION);
  records.sessions.create(other);
  records.sessions.replaceRoster(SESSION.id, [...ROSTER].reverse());
  records.sessions.replaceRoster(other.id, [{ row: 1, name: 'Someone Else', passport: 'RXL-0001', badge: 'RXL0000001', staffGroup: null, note: null }]);
  expect(records.sessions.roster(SESSION.id)).toEqual(ROSTER);
  expect(records.sessions.rosterCount(SESSION.id)).toBe(4);
  expect(records.sessions.rosterRowByPassport(SESSION.id, 'RJ1-0002')).toEqual(ROSTER[2]);
  expect(records.sessions.rosterRowByPassport(SESSION.id, 'RJ1-9999')).toBeNull();
  expect(records.sessions.rosterRowByPassport(other.id, 'RXL-0001')?.name).toBe('Someone Else');
  expect(records.sessions.rosterRowByBadge(SESSION.id, ['NOPE', '04A1B2C3D4E5F6'])).toEqual(ROSTER[1]);
  // Two of a passport's badges on two rows: the lower row number.
  expect(records.sessions.rosterRowByBadge(SESSION.id, ['04A1B2C3D4E5F6', 'RXL0000001'])?.row).toBe(1);
  expect(records.sessions.rosterRowByBadge(SESSION.id, [])).toBeNull();

  const next = [{ row: 1, name: 'Only One', passport: null, badge: null, staffGroup: null, note: null }];
  records.sessions.replaceRoster(SESSION.id, next);
  expect(records.sessions.roster(SESSION.id)).toEqual(next);
  expect(records.sessions.rosterCount(other.id)).toBe(1);
  records.close();
});

test('roster: a replacement that fails part-way (a repeated passport) leaves the previous roster whole', () => {
  const { records } = open();
  records.sessions.create(SESSION);
  records.sessions.replaceRoster(SESSION.id, ROSTER);
  const bad = [ROSTER[0]!, { ...ROSTER[2]!, row: 2 }, { ...ROSTER[2]!, row: 3, name: 'Repeat' }];
  expect(() => records.sessions.replaceRoster(SESSION.id, bad)).toThrow(/UNIQUE/);
  expect(records.sessions.roster(SESSION.id)).toEqual(ROSTER);
  expect(() => records.sessions.replaceRoster('no-such-session', ROSTER)).toThrow(/FOREIGN KEY/);
  records.close();
});

test('attendance: arrivals round-trip in arrival order, counted per session, found per person', () => {
  const { records, file } = open();
  records.sessions.create(SESSION);
  const s1 = records.scanLog.record(scanEntries(1)[0]!);
  const s2 = records.scanLog.record(scanEntries(2)[1]!);
  const first = arrival(s1, { passportId: 'RJ1-0002', row: 3, name: 'Nguyễn Thị Lan', issuer: 'RJ1', staffGroup: 'Medical', late: true, outcome: 'refer', reasons: ['CHECK_MISSING', 'INDUCTION_NOT_RECORDED'] });
  const walkIn = arrival(s2, {
    passportId: 'RXL-0042',
    onRoster: false,
    row: null,
    name: 'Walk In',
    reasons: [],
    priorInduction: { by: 'RJ1', byName: 'Guy\'s and St Thomas\'', completed: '2025-03-01' },
  });
  records.attendance.addArrival(first);
  records.attendance.addArrival(walkIn);
  expect(records.attendance.arrivals(SESSION.id)).toEqual([first, walkIn]);
  expect(records.attendance.arrivalFor(SESSION.id, 'RXL-0042')).toEqual(walkIn);
  expect(records.attendance.arrivalFor(SESSION.id, 'RXL-0001')).toBeNull();
  expect(records.attendance.arrivedCount(SESSION.id)).toBe(2);
  expect(records.attendance.arrivedCount('other')).toBe(0);
  records.close();
  const ro = ReadonlyRecords.open(file)!;
  expect(ro.attendance.arrivals(SESSION.id)).toEqual([first, walkIn]);
  ro.close();
});

test('attendance: a second arrival for the same person in the same session is refused, and an arrival needs its scan', () => {
  const { records } = open();
  records.sessions.create(SESSION);
  const s1 = records.scanLog.record(scanEntries(1)[0]!);
  const s2 = records.scanLog.record(scanEntries(2)[1]!);
  records.attendance.addArrival(arrival(s1));
  expect(() => records.attendance.addArrival(arrival(s2, { at: '2026-11-24T09:30:00.000Z' }))).toThrow(DuplicateArrivalError);
  expect(() => records.attendance.addArrival(arrival(s2, { at: '2026-11-24T09:30:00.000Z' }))).toThrow(/RXL-0001 has already arrived in session/);
  expect(records.attendance.arrivals(SESSION.id)).toHaveLength(1);
  expect(records.attendance.arrivals(SESSION.id)[0]!.at).toBe('2026-11-24T09:04:00.000Z');
  expect(() => records.attendance.addArrival(arrival(999, { passportId: 'RXL-0009' }))).toThrow(/FOREIGN KEY/);
  records.close();
});

test('marks: appended in order, never changed or deleted', () => {
  const { records } = open();
  records.sessions.create(SESSION);
  const marks: Mark[] = [
    { sessionId: SESSION.id, row: 4, passportId: null, status: 'present', reason: 'no passport yet', by: 'Dana Okafor', at: '2026-11-24T09:10:00.000Z' },
    { sessionId: SESSION.id, row: null, passportId: 'RXL-0042', status: 'exempt', reason: 'done last month', by: 'Dana Okafor', at: '2026-11-24T09:11:00.000Z' },
    { sessionId: SESSION.id, row: 4, passportId: null, status: 'absent', reason: 'left early', by: 'Sam Lee', at: '2026-11-24T11:00:00.000Z' },
  ];
  expect(marks.map((m) => records.attendance.addMark(m))).toEqual([1, 2, 3]);
  expect(records.attendance.marks(SESSION.id)).toEqual(marks);
  expect(() => records.db.prepare("UPDATE marks SET status = 'present'").run()).toThrow(/append-only/);
  expect(() => records.db.prepare('DELETE FROM marks').run()).toThrow(/append-only/);
  expect(records.attendance.marks(SESSION.id)).toEqual(marks);
  records.close();
});

test('close-time pre-check: kept in row order, replaced when kept again', () => {
  const { records } = open();
  records.sessions.create(SESSION);
  const lines: PrecheckLine[] = [
    { row: 3, name: 'Nguyễn Thị Lan', passportId: 'RJ1-0002', issuer: 'RJ1', outcome: 'cleared', reasons: ['INDUCTION_RECORDED'], priorInduction: { by: 'RJ1', completed: '2025-01-10' } },
    { row: 2, name: 'Łukasz Nowak', passportId: null, issuer: null, outcome: 'unknown', reasons: [], priorInduction: null },
  ];
  records.sessions.savePrecheck(SESSION.id, lines);
  expect(records.sessions.savedPrecheck(SESSION.id)).toEqual([lines[1], lines[0]]);
  records.sessions.savePrecheck(SESSION.id, [lines[1]!]);
  expect(records.sessions.savedPrecheck(SESSION.id)).toEqual([lines[1]]);
  records.close();
});

test('transaction: a scan-log row and an arrival commit together, or neither when the second write throws', () => {
  const { records } = open();
  records.sessions.create(SESSION);
  const ok = records.transaction(() => {
    const scanId = records.scanLog.record(scanEntries(1)[0]!);
    records.attendance.addArrival(arrival(scanId));
    return scanId;
  });
  expect(ok).toBe(1);

  expect(() =>
    records.transaction(() => {
      const scanId = records.scanLog.record(scanEntries(2)[1]!);
      records.attendance.addArrival(arrival(scanId)); // RXL-0001 again: refused
    }),
  ).toThrow(DuplicateArrivalError);
  expect(records.scanLog.recent(10).map((r) => r.id)).toEqual([1]);
  expect(records.attendance.arrivedCount(SESSION.id)).toBe(1);

  // A repository transaction nested in a caller's is part of it (a savepoint).
  expect(() =>
    records.transaction(() => {
      records.sessions.replaceRoster(SESSION.id, ROSTER);
      throw new Error('changed my mind');
    }),
  ).toThrow('changed my mind');
  expect(records.sessions.rosterCount(SESSION.id)).toBe(0);
  records.close();
});
