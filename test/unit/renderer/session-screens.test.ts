import { fileToBase64 } from '../../../src/renderer/sessions/downloads';
import { formatSpan, formatTime, londonRfc3339, parseTimeOfDay } from '../../../src/renderer/sessions/london-time';
import { checkSessionForm, type SessionFormFields } from '../../../src/renderer/sessions/session-form-rules';
import { filterRegister, wouldBecomeAbsent } from '../../../src/renderer/sessions/register-filters';
import { arrivedLine, checkinLine, priorInductionLine } from '../../../src/renderer/sessions/session-words';
import type { CheckinDto, RegisterDto, RegisterLineDto } from '../../../src/shared/sessions-api';

/** The pure pieces of the lead's screens: London times, the create form's rules, the register filters, the words. */

describe('London time', () => {
  test('a winter time is GMT, a summer time BST, each with its offset', () => {
    expect(londonRfc3339({ year: 2026, month: 11, day: 24, hour: 9, minute: 0 })).toMatchObject({ ok: true, value: '2026-11-24T09:00:00+00:00' });
    const summer = londonRfc3339({ year: 2026, month: 7, day: 1, hour: 9, minute: 5 });
    expect(summer).toMatchObject({ ok: true, value: '2026-07-01T09:05:00+01:00' });
    expect(summer.ok && new Date(summer.ms).toISOString()).toBe('2026-07-01T08:05:00.000Z');
  });

  test('the hour skipped when clocks go forward is refused; the hour repeated in October takes BST', () => {
    expect(londonRfc3339({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 })).toEqual({ ok: false, error: 'clocks-change' });
    expect(londonRfc3339({ year: 2026, month: 3, day: 29, hour: 2, minute: 0 })).toMatchObject({ ok: true, value: '2026-03-29T02:00:00+01:00' });
    expect(londonRfc3339({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 })).toMatchObject({ ok: true, value: '2026-10-25T01:30:00+01:00' });
  });

  test('dates that do not exist are refused', () => {
    expect(londonRfc3339({ year: 2026, month: 2, day: 29, hour: 9, minute: 0 })).toEqual({ ok: false, error: 'not-a-date' });
    expect(londonRfc3339({ year: 2028, month: 2, day: 29, hour: 9, minute: 0 }).ok).toBe(true);
    expect(londonRfc3339({ year: 2026, month: 13, day: 1, hour: 9, minute: 0 }).ok).toBe(false);
  });

  test('times of day as leads type them', () => {
    expect(parseTimeOfDay('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseTimeOfDay(' 9.30 ')).toEqual({ hour: 9, minute: 30 });
    expect(parseTimeOfDay('1345')).toEqual({ hour: 13, minute: 45 });
    expect(parseTimeOfDay('24:00')).toBeNull();
    expect(parseTimeOfDay('9am')).toBeNull();
  });

  test('times read back in London time, whatever the instant’s zone', () => {
    expect(formatTime('2026-07-01T08:05:00Z')).toBe('09:05');
    expect(formatSpan('2026-11-24T09:00:00Z', '2026-11-24T12:30:00Z')).toBe('Tue 24 Nov 2026, 09:00 to 12:30');
  });
});

describe('create-session form rules', () => {
  const good: SessionFormFields = {
    title: ' Corporate induction ',
    kind: 'corporate',
    day: '24',
    month: '11',
    year: '2026',
    startTime: '09:00',
    endTime: '12:30',
    room: 'Seminar room 2',
    lead: '',
    capacity: '40',
    grace: '',
  };

  test('a good form becomes a request with London offsets and the default grace', () => {
    expect(checkSessionForm(good)).toEqual({
      ok: true,
      request: {
        title: 'Corporate induction',
        kind: 'corporate',
        starts: '2026-11-24T09:00:00+00:00',
        ends: '2026-11-24T12:30:00+00:00',
        room: 'Seminar room 2',
        capacity: 40,
        graceMinutes: 10,
      },
    });
  });

  test('every bad field is reported once, in the form’s order, naming its control', () => {
    const r = checkSessionForm({ ...good, title: '', kind: '', day: '31', month: '2', startTime: '9am', endTime: '', capacity: '0', grace: '121' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.field, p.message])).toEqual([
      ['session-title', 'Enter a title for the session'],
      ['session-kind-corporate', 'Select the kind of induction'],
      ['session-date-day', 'Date must be a real date, for example 24 11 2026'],
      ['session-start', 'Start time must be a time of day from 00:00 to 23:59, for example 09:00'],
      ['session-end', 'Enter the end time, for example 12:30'],
      ['session-capacity', 'Capacity must be a whole number, 1 or more, or left empty'],
      ['session-grace', 'Minutes before someone counts as late must be a whole number from 0 to 120'],
    ]);
  });

  test('an end before the start, and a 121-character title, are refused', () => {
    const r = checkSessionForm({ ...good, title: 'x'.repeat(121), endTime: '08:59' });
    expect(r.ok === false && r.problems.map((p) => p.message)).toEqual(['Title must be 120 characters or fewer', 'End time must be after the start time']);
  });
});

const line = (over: Partial<RegisterLineDto>): RegisterLineDto => ({
  row: 1,
  name: 'A',
  passportId: null,
  issuer: null,
  staffGroup: null,
  onRoster: true,
  status: 'expected',
  late: null,
  arrivedAt: null,
  markedBy: null,
  markReason: null,
  outcome: null,
  reasonCodes: [],
  priorInduction: null,
  ...over,
});

describe('register filters', () => {
  const register: RegisterDto = {
    session: {
      id: '0f7c2b1e-4d5a-4c3b-9a8e-7d6c5b4a3f21',
      title: 'T',
      kind: 'corporate',
      starts: '2026-11-24T09:00:00.000Z',
      ends: '2026-11-24T12:00:00.000Z',
      room: null,
      lead: null,
      capacity: null,
      graceMinutes: 10,
      state: 'open',
      createdAt: '2026-11-20T09:00:00.000Z',
      closedAt: null,
    },
    people: [
      line({ row: 1, name: 'here', status: 'present', late: false }),
      line({ row: 2, name: 'waiting', status: 'expected' }),
      line({ row: 3, name: 'exempt', status: 'exempt-prior' }),
      line({ row: 4, name: 'marked absent', status: 'absent' }),
      line({ row: 5, name: 'marked present', status: 'present-manual' }),
      line({ row: 6, name: 'marked exempt', status: 'exempt-manual' }),
      line({ row: null, name: 'walk-in', status: 'present', onRoster: false, late: true }),
    ],
    counts: { present: 2, 'present-manual': 1, 'exempt-prior': 1, 'exempt-manual': 1, expected: 1, absent: 1 },
  };
  const names = (ls: RegisterLineDto[]) => ls.map((l) => l.name);

  test('before the start, not-yet-arrived people are expected, not missing', () => {
    const f = filterRegister(register, Date.parse('2026-11-24T08:59:59Z'));
    expect(names(f.expected)).toEqual(['here', 'waiting', 'exempt', 'marked absent', 'marked present', 'marked exempt']);
    expect(names(f.arrived)).toEqual(['here', 'marked present', 'walk-in']);
    expect(names(f.exempt)).toEqual(['exempt', 'marked exempt']);
    expect(names(f.missing)).toEqual(['marked absent']);
  });

  test('from the start, anyone on the list not here and not exempt is missing', () => {
    expect(names(filterRegister(register, Date.parse('2026-11-24T09:00:00Z')).missing)).toEqual(['waiting', 'marked absent']);
    expect(wouldBecomeAbsent(register)).toBe(1);
  });
});

describe('check-in words', () => {
  const summary = { session: {} as RegisterDto['session'], arrived: 23, expected: 40 };
  const c = (over: Partial<CheckinDto>): CheckinDto => ({ sessionId: 'x', result: 'ARRIVED', arrival: null, flagged: false, summary, ...over });

  test('each result in words, with lateness, walk-ins and the first arrival time', () => {
    const at = '2026-11-24T09:02:00Z';
    expect(checkinLine(c({ arrival: { at, late: false, onRoster: true, row: 1 } })).headline).toBe('Signed in');
    expect(checkinLine(c({ arrival: { at, late: true, onRoster: true, row: 1 } })).headline).toBe('Signed in — late');
    expect(checkinLine(c({ arrival: { at, late: false, onRoster: false, row: null } })).headline).toBe('Not on the list — signed in as a walk-in');
    expect(checkinLine(c({ result: 'ALREADY_ARRIVED', arrival: { at, late: false, onRoster: true, row: 1 } }))).toMatchObject({
      headline: 'Already signed in at 09:02',
      tone: 'repeat',
    });
    expect(checkinLine(c({ result: 'SESSION_FULL' }))).toMatchObject({ headline: 'Session full: not signed in', tone: 'refused' });
    expect(checkinLine(c({ result: 'SESSION_CLOSED' })).headline).toBe('Session closed: not signed in');
    expect(checkinLine(c({ result: 'NOT_IDENTIFIED' })).headline).toBe('Not identified: not signed in');
  });

  test('a flagged arrival is signed in but told to wait for the lead, never to go through', () => {
    const at = '2026-11-24T09:02:00Z';
    expect(checkinLine(c({ arrival: { at, late: false, onRoster: true, row: 1 } })).advice).toBe('Please go through.');
    expect(checkinLine(c({ flagged: true, arrival: { at, late: false, onRoster: true, row: 1 } }))).toMatchObject({
      headline: 'Signed in',
      advice: 'Please wait for the induction lead to check with you.',
    });
  });

  test('counts and prior induction lines', () => {
    expect(arrivedLine(23, 40)).toBe('23 of 40 arrived');
    expect(arrivedLine(3, 0)).toBe('3 arrived');
    expect(arrivedLine(23, 40, 1)).toBe('23 of 40 arrived, and 1 walk-in');
    expect(arrivedLine(23, 40, 2)).toBe('23 of 40 arrived, and 2 walk-ins');
    expect(priorInductionLine({ by: 'RHA', byName: 'Riverside Hospitals', completed: '2025-03-12' })).toBe(
      'Prior induction recognised: Riverside Hospitals (RHA), 12 Mar 2025',
    );
  });
});

describe('roster upload bytes', () => {
  test('a picked file is sent as its exact bytes in base64, non-UTF-8 and larger than one chunk included', async () => {
    const bytes = new Uint8Array(100_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    bytes.set([0xff, 0xfe, 0xe9], 0); // not UTF-8: the services, not the screen, must see that
    expect(await fileToBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString('base64'));
    expect(await fileToBase64(new Blob([]))).toBe('');
  });
});
