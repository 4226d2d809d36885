/** buildRegister and marks (sessions.md "Register", "Marks by the lead", "Close"). */
import { REGISTER_STATUSES, buildRegister, markTarget, type PrecheckLine, type PriorInduction } from '../../../../src/core/sessions';
import { arrival, mark, row, session } from './helpers';

const PRIOR: PriorInduction = { by: 'RXL', byName: 'Blackpool Teaching Hospitals', completed: '2025-01-10' };
const priorFor = (rows: number[]) => (r: { row: number }) => (rows.includes(r.row) ? PRIOR : null);
const statuses = (reg: ReturnType<typeof buildRegister>) => reg.people.map((p) => p.status);

describe('buildRegister: status, first that applies', () => {
  const roster = [row(1), row(2), row(3), row(4)];

  it('expected while open, absent once closed, for someone who did nothing', () => {
    expect(statuses(buildRegister({ session: session(), roster, arrivals: [], marks: [] }))).toEqual(['expected', 'expected', 'expected', 'expected']);
    expect(statuses(buildRegister({ session: session({ state: 'closed' }), roster, arrivals: [], marks: [] }))).toEqual(['absent', 'absent', 'absent', 'absent']);
  });

  it('present if arrived, with late and the arrival time', () => {
    const reg = buildRegister({
      session: session(),
      roster,
      arrivals: [arrival('P-2', '2026-11-24T09:20:00.000Z', { row: 2, onRoster: true, late: true })],
      marks: [],
    });
    expect(reg.people[1]).toMatchObject({ row: 2, status: 'present', late: true, arrivedAt: '2026-11-24T09:20:00.000Z', onRoster: true });
    expect(reg.people[0]).toMatchObject({ status: 'expected', late: null, arrivedAt: null });
  });

  it('exempt-prior if prior induction is recognised, both open and closed', () => {
    for (const state of ['open', 'closed'] as const) {
      const reg = buildRegister({ session: session({ state }), roster, arrivals: [], marks: [], prior: priorFor([3]) });
      expect(reg.people[2]).toMatchObject({ status: 'exempt-prior', priorInduction: PRIOR, late: null });
    }
  });

  it('arrival beats prior induction: present, and the register still names the recognised induction', () => {
    const reg = buildRegister({
      session: session(),
      roster,
      arrivals: [arrival('P-3', '2026-11-24T09:00:00.000Z', { row: 3, onRoster: true, priorInduction: PRIOR })],
      marks: [],
      prior: priorFor([3]),
    });
    expect(reg.people[2]).toMatchObject({ status: 'present', priorInduction: PRIOR });
  });

  it('a mark beats an arrival and prior induction; the arrival facts stay', () => {
    const reg = buildRegister({
      session: session(),
      roster,
      arrivals: [arrival('P-1', '2026-11-24T09:30:00.000Z', { row: 1, onRoster: true, late: true })],
      marks: [
        mark({ row: 1 }, 'absent', '2026-11-24T10:00:00.000Z', { reason: 'left after ten minutes' }),
        mark({ row: 3 }, 'present', '2026-11-24T10:00:00.000Z'),
      ],
      prior: priorFor([3]),
    });
    expect(reg.people[0]).toMatchObject({ status: 'absent', late: true, arrivedAt: '2026-11-24T09:30:00.000Z', markedBy: 'Jo Lead', markReason: 'left after ten minutes' });
    expect(reg.people[2]).toMatchObject({ status: 'present-manual', priorInduction: PRIOR, late: null });
  });

  it.each([
    ['present', 'present-manual'],
    ['exempt', 'exempt-manual'],
    ['absent', 'absent'],
  ] as const)('a mark %s gives %s, open or closed', (status, expected) => {
    for (const state of ['open', 'closed'] as const) {
      const reg = buildRegister({ session: session({ state }), roster, arrivals: [], marks: [mark({ row: 4 }, status, '2026-11-24T09:00:00.000Z')] });
      expect(reg.people[3]!.status).toBe(expected);
    }
  });

  it('a later mark replaces an earlier one, by time whatever the recorded order', () => {
    const reg = buildRegister({
      session: session(),
      roster,
      arrivals: [],
      marks: [
        mark({ row: 1 }, 'exempt', '2026-11-24T10:00:00.000Z', { by: 'Second' }),
        mark({ row: 1 }, 'present', '2026-11-24T09:00:00.000Z', { by: 'First' }),
        mark({ row: 2 }, 'present', '2026-11-24T09:00:00.000Z', { by: 'First' }),
        mark({ row: 2 }, 'absent', '2026-11-24T09:05:00.000Z', { by: 'Second' }),
      ],
    });
    expect(reg.people[0]).toMatchObject({ status: 'exempt-manual', markedBy: 'Second' });
    expect(reg.people[1]).toMatchObject({ status: 'absent', markedBy: 'Second' });
  });

  it('marks made at the same instant: the one recorded last wins', () => {
    const at = '2026-11-24T09:00:00.000Z';
    const reg = buildRegister({ session: session(), roster, arrivals: [], marks: [mark({ row: 1 }, 'present', at), mark({ row: 1 }, 'exempt', at)] });
    expect(reg.people[0]!.status).toBe('exempt-manual');
  });
});

describe('buildRegister: lines and counts', () => {
  it('roster rows in row order, then walk-ins in arrival order', () => {
    const reg = buildRegister({
      session: session(),
      roster: [row(1), row(2)],
      arrivals: [
        arrival('W-late', '2026-11-24T09:30:00.000Z', { name: 'Late Walker', scanId: 3 }),
        arrival('P-2', '2026-11-24T09:10:00.000Z', { row: 2, onRoster: true, scanId: 2 }),
        arrival('W-early', '2026-11-24T08:50:00.000Z', { name: 'Early Walker', scanId: 1 }),
      ],
      marks: [],
    });
    expect(reg.people.map((p) => [p.row, p.name, p.onRoster, p.status])).toEqual([
      [1, 'Person 1', true, 'expected'],
      [2, 'Person 2', true, 'present'],
      [null, 'Early Walker', false, 'present'],
      [null, 'Late Walker', false, 'present'],
    ]);
  });

  it('counts every status, zeros included', () => {
    const reg = buildRegister({
      session: session({ state: 'closed' }),
      roster: [row(1), row(2), row(3), row(4), row(5)],
      arrivals: [arrival('P-1', '2026-11-24T09:00:00.000Z', { row: 1 }), arrival('W', '2026-11-24T09:01:00.000Z')],
      marks: [mark({ row: 2 }, 'exempt', '2026-11-24T09:00:00.000Z')],
      prior: priorFor([3]),
    });
    expect(Object.keys(reg.counts).sort()).toEqual([...REGISTER_STATUSES].sort());
    expect(reg.counts).toEqual({ present: 2, 'present-manual': 0, 'exempt-prior': 1, 'exempt-manual': 1, expected: 0, absent: 2 });
  });

  it('an empty session counts zero of everything', () => {
    const reg = buildRegister({ session: session(), roster: [], arrivals: [], marks: [] });
    expect(reg.people).toEqual([]);
    expect(Object.values(reg.counts)).toEqual(REGISTER_STATUSES.map(() => 0));
  });

  it('outcome and reason codes from the arrival, else the pre-check, else none; flagged for refer and not-cleared arrivals', () => {
    const precheck = new Map<number, PrecheckLine>([
      [1, { row: 1, name: 'Person 1', passportId: 'P-1', issuer: 'RXL', outcome: 'refer', reasons: ['CHECK_MISSING'], priorInduction: null }],
      [2, { row: 2, name: 'Person 2', passportId: 'P-2', issuer: 'RXL', outcome: 'refer', reasons: ['CHECK_MISSING'], priorInduction: null }],
    ]);
    const reg = buildRegister({
      session: session(),
      roster: [row(1), row(2), row(3)],
      arrivals: [
        arrival('P-2', '2026-11-24T09:00:00.000Z', { row: 2, outcome: 'not-cleared', reasons: ['PASSPORT_REVOKED'], issuer: 'RYJ' }),
        arrival('W', '2026-11-24T09:00:00.000Z', { outcome: 'refer', reasons: ['TRAINING_EXPIRED'] }),
        arrival('V', '2026-11-24T09:00:00.000Z', { outcome: 'cleared', reasons: ['INDUCTION_RECORDED'] }),
      ],
      marks: [],
      precheck,
    });
    expect(reg.people.map((p) => [p.outcome, p.reasonCodes, p.flagged, p.issuer])).toEqual([
      ['refer', ['CHECK_MISSING'], false, 'RXL'],
      ['not-cleared', ['PASSPORT_REVOKED'], true, 'RYJ'],
      [null, [], false, null],
      ['refer', ['TRAINING_EXPIRED'], true, 'RXL'],
      ['cleared', ['INDUCTION_RECORDED'], false, 'RXL'],
    ]);
  });

  it('without a prior function, the pre-check decides prior induction; with one, it does', () => {
    const precheck = new Map<number, PrecheckLine>([
      [1, { row: 1, name: 'Person 1', passportId: 'P-1', issuer: 'RXL', outcome: 'cleared', reasons: [], priorInduction: PRIOR }],
    ]);
    const base = { session: session(), roster: [row(1)], arrivals: [], marks: [], precheck };
    expect(buildRegister(base).people[0]!.status).toBe('exempt-prior');
    expect(buildRegister({ ...base, prior: () => null }).people[0]!.status).toBe('expected');
  });

  it('a local or role session never shows prior induction, whatever it is given', () => {
    for (const kind of ['local', 'role'] as const) {
      const reg = buildRegister({
        session: session({ kind }),
        roster: [row(1), row(2)],
        arrivals: [arrival('P-2', '2026-11-24T09:00:00.000Z', { row: 2, priorInduction: PRIOR })],
        marks: [],
        prior: () => PRIOR,
      });
      expect(reg.people.map((p) => [p.status, p.priorInduction])).toEqual([
        ['expected', null],
        ['present', null],
      ]);
    }
  });

  it('a roster row keeps its own name, staff group and note; a walk-in has the passport’s', () => {
    const reg = buildRegister({
      session: session(),
      roster: [row(1, { name: 'Amira P.', staffGroup: 'Nursing', note: 'starts on ward 4' })],
      arrivals: [
        arrival('P-1', '2026-11-24T09:00:00.000Z', { row: 1, name: 'Amira Patel', staffGroup: 'nursing-midwifery-registered' }),
        arrival('W', '2026-11-24T09:00:00.000Z', { name: 'Sam Okafor', staffGroup: 'medical-dental' }),
      ],
      marks: [],
    });
    expect(reg.people.map((p) => [p.name, p.staffGroup, p.note, p.passportId])).toEqual([
      ['Amira P.', 'Nursing', 'starts on ward 4', 'P-1'],
      ['Sam Okafor', 'medical-dental', null, 'W'],
    ]);
  });

  it('a second person arriving on a row already taken gets a line of their own after the roster', () => {
    const reg = buildRegister({
      session: session(),
      roster: [row(1, { passport: null, badge: 'B1' })],
      arrivals: [
        arrival('A', '2026-11-24T09:00:00.000Z', { row: 1, onRoster: true, name: 'First' }),
        arrival('B', '2026-11-24T09:05:00.000Z', { row: 1, onRoster: true, name: 'Second' }),
      ],
      marks: [],
    });
    expect(reg.people.map((p) => [p.row, p.name, p.passportId, p.onRoster])).toEqual([
      [1, 'Person 1', 'A', true],
      [1, 'Second', 'B', true],
    ]);
  });
});

describe('marks by passport id', () => {
  const roster = [row(1, { passport: 'RXL-1' }), row(2, { passport: null, badge: 'B2' })];
  const arrivals = [
    arrival('RXL-2', '2026-11-24T09:00:00.000Z', { row: 2, onRoster: true }),
    arrival('WALK', '2026-11-24T09:01:00.000Z'),
  ];

  it('applies to the roster row with that passport, to the row the passport arrived on, else to the walk-in', () => {
    expect(markTarget({ row: null, passportId: 'RXL-1' }, roster, arrivals)).toEqual({ kind: 'row', row: 1 });
    expect(markTarget({ row: null, passportId: 'RXL-2' }, roster, arrivals)).toEqual({ kind: 'row', row: 2 });
    expect(markTarget({ row: null, passportId: 'WALK' }, roster, arrivals)).toEqual({ kind: 'walk-in', passportId: 'WALK' });
    const reg = buildRegister({
      session: session(),
      roster,
      arrivals,
      marks: [
        mark({ passportId: 'RXL-1' }, 'exempt', '2026-11-24T10:00:00.000Z'),
        mark({ passportId: 'RXL-2' }, 'absent', '2026-11-24T10:00:00.000Z'),
        mark({ passportId: 'WALK' }, 'absent', '2026-11-24T10:00:00.000Z'),
      ],
    });
    expect(statuses(reg)).toEqual(['exempt-manual', 'absent', 'absent']);
  });

  it('a row mark and a passport mark on the same person: the later wins', () => {
    const reg = buildRegister({
      session: session(),
      roster,
      arrivals,
      marks: [mark({ row: 1 }, 'present', '2026-11-24T10:05:00.000Z'), mark({ passportId: 'RXL-1' }, 'exempt', '2026-11-24T10:00:00.000Z')],
    });
    expect(reg.people[0]!.status).toBe('present-manual');
  });

  it('names nobody when the row or passport is not in the session (the services refuse it: ROW_UNKNOWN)', () => {
    expect(markTarget({ row: 9, passportId: null }, roster, arrivals)).toBeNull();
    expect(markTarget({ row: null, passportId: 'NOBODY' }, roster, arrivals)).toBeNull();
    const reg = buildRegister({ session: session(), roster, arrivals, marks: [mark({ row: 9 }, 'absent', '2026-11-24T10:00:00.000Z')] });
    expect(statuses(reg)).toEqual(['expected', 'present', 'present']);
  });

  it('after a new roster, an arrival follows the row whose passport is its own', () => {
    // The arrival was recorded against row 1 of an earlier roster; the new roster has that passport on row 2.
    const reg = buildRegister({
      session: session(),
      roster: [row(1, { passport: 'OTHER' }), row(2, { passport: 'MOVED' })],
      arrivals: [arrival('MOVED', '2026-11-24T09:00:00.000Z', { row: 1, onRoster: true })],
      marks: [],
    });
    expect(statuses(reg)).toEqual(['expected', 'present']);
  });
});
