/** validateNewSession and isLate (sessions.md "Session"). */
import { isLate, validateNewSession } from '../../../../src/core/sessions';
import { SESSION_ID, session } from './helpers';

const made = { id: SESSION_ID, createdAt: '2026-11-01T08:00:00.000Z' };
const good = { title: 'Corporate induction', kind: 'corporate', starts: '2026-07-01T09:00:00+01:00', ends: '2026-07-01T12:30:00+01:00' };

describe('validateNewSession', () => {
  it('makes an open session with UTC instants and the defaults', () => {
    expect(validateNewSession(good, made)).toEqual({
      ok: true,
      session: {
        id: SESSION_ID,
        title: 'Corporate induction',
        kind: 'corporate',
        starts: '2026-07-01T08:00:00.000Z',
        ends: '2026-07-01T11:30:00.000Z',
        room: null,
        lead: null,
        capacity: null,
        graceMinutes: 10,
        state: 'open',
        createdAt: made.createdAt,
        closedAt: null,
      },
    });
  });

  it('keeps the optional fields, trimmed', () => {
    const r = validateNewSession({ ...good, title: '  Ward 4 local  ', kind: 'local', room: ' Seminar room 2 ', lead: 'Jo Lead', capacity: 12, graceMinutes: 0 }, made);
    expect(r).toMatchObject({ ok: true, session: { title: 'Ward 4 local', kind: 'local', room: 'Seminar room 2', lead: 'Jo Lead', capacity: 12, graceMinutes: 0 } });
  });

  it('accepts a time without seconds and a lower-case zone', () => {
    expect(validateNewSession({ ...good, starts: '2026-11-24T09:00Z', ends: '2026-11-24t10:00:00z' }, made)).toMatchObject({
      ok: true,
      session: { starts: '2026-11-24T09:00:00.000Z', ends: '2026-11-24T10:00:00.000Z' },
    });
  });

  it.each([
    [{ ...good, title: '   ' }, 'session: title: must be 1–120 characters'],
    [{ ...good, title: 'x'.repeat(121) }, 'session: title: must be 1–120 characters'],
    [{ ...good, kind: 'regional' }, 'session: kind: '],
    [{ ...good, starts: '2026-07-01 09:00' }, 'session: starts: must be an RFC 3339 date and time with a zone'],
    [{ ...good, starts: '2026-07-01T09:00:00' }, 'session: starts: must be an RFC 3339 date and time with a zone'],
    [{ ...good, starts: '2026-02-30T09:00:00Z' }, 'session: starts: is not a real date and time'],
    [{ ...good, starts: '2026-07-01T24:00:00Z' }, 'session: starts: is not a real date and time'],
    [{ ...good, ends: '2026-07-01T09:00:00+01:00' }, 'session: ends: must be after starts'],
    [{ ...good, ends: '2026-07-01T07:59:59Z' }, 'session: ends: must be after starts'],
    [{ ...good, room: '' }, 'session: room: must be 1–120 characters'],
    [{ ...good, lead: 'y'.repeat(121) }, 'session: lead: must be 1–120 characters'],
    [{ ...good, capacity: 0 }, 'session: capacity: must be a whole number ≥ 1'],
    [{ ...good, capacity: 2.5 }, 'session: capacity: must be a whole number ≥ 1'],
    [{ ...good, graceMinutes: 121 }, 'session: graceMinutes: must be a whole number of minutes, 0–120'],
    [{ ...good, graceMinutes: -1 }, 'session: graceMinutes: must be a whole number of minutes, 0–120'],
  ])('refuses %j naming the field', (input, message) => {
    const r = validateNewSession(input, made);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('refuses an id that is not a lower-case v4 UUID', () => {
    expect(validateNewSession(good, { ...made, id: SESSION_ID.toUpperCase() })).toEqual({
      ok: false,
      message: 'session: id: must be a lower-case UUID (RFC 9562 version 4)',
    });
    expect(validateNewSession(good, { ...made, id: '3f2b8c1e-9d4a-1f6b-8e2c-1a5d7b9c0e3f' }).ok).toBe(false);
  });
});

describe('isLate', () => {
  const starts = Date.parse('2026-11-24T09:00:00.000Z');
  const s = session({ graceMinutes: 10 });

  it('is not late exactly at starts + grace', () => expect(isLate(s, starts + 10 * 60_000)).toBe(false));
  it('is late 1 ms after starts + grace', () => expect(isLate(s, starts + 10 * 60_000 + 1)).toBe(true));
  it('is late 1 s after starts + grace', () => expect(isLate(s, starts + 10 * 60_000 + 1000)).toBe(true));
  it('is not late before starts', () => expect(isLate(s, starts - 3_600_000)).toBe(false));

  it('with grace 0: on time exactly at starts, late 1 ms after', () => {
    const zero = session({ graceMinutes: 0 });
    expect(isLate(zero, starts)).toBe(false);
    expect(isLate(zero, starts + 1)).toBe(true);
  });

  it('with grace 120', () => {
    const long = session({ graceMinutes: 120 });
    expect(isLate(long, starts + 7_200_000)).toBe(false);
    expect(isLate(long, starts + 7_200_001)).toBe(true);
  });
});
