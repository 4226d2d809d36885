/**
 * verdict.md "Dates": D is the local date in Europe/London; expiry is
 * inclusive; date + N years keeps month and day, 29 February → 28 February.
 */
import { addDays, addYears, formatLongDate, londonDate } from '../../../src/core/dates';
import { evaluateChecks, reachVerdict } from '../../../src/core/verdict';
import type { LivePassport } from '../../../src/core/schemas/passport';
import { context, makePolicy, nurse, POLICY } from './fixtures';

const at = (iso: string) => londonDate(Date.parse(iso));

describe('londonDate: the local date at an instant', () => {
  it('23:30Z in summer (BST, UTC+1) is the next local day', () => {
    expect(at('2026-07-15T23:30:00Z')).toBe('2026-07-16');
    expect(at('2026-06-30T23:30:00Z')).toBe('2026-07-01');
    expect(at('2026-07-15T22:59:59Z')).toBe('2026-07-15');
    expect(at('2026-07-15T23:00:00Z')).toBe('2026-07-16');
  });

  it('23:30Z in winter (GMT) is the same day', () => {
    expect(at('2026-01-15T23:30:00Z')).toBe('2026-01-15');
    expect(at('2026-12-31T23:59:59Z')).toBe('2026-12-31');
    expect(at('2027-01-01T00:00:00Z')).toBe('2027-01-01');
  });

  it('around the March change (clocks go forward at 01:00Z on Sunday 29 March 2026)', () => {
    // The evening before: still GMT, so 23:30Z is the same day.
    expect(at('2026-03-28T23:30:00Z')).toBe('2026-03-28');
    expect(at('2026-03-29T00:59:59Z')).toBe('2026-03-29'); // 00:59:59 GMT
    expect(at('2026-03-29T01:00:00Z')).toBe('2026-03-29'); // 02:00 BST, the exact change
    // The evening after: BST, so 23:00Z is already the next day.
    expect(at('2026-03-29T22:59:59Z')).toBe('2026-03-29');
    expect(at('2026-03-29T23:00:00Z')).toBe('2026-03-30');
  });

  it('around the October change (clocks go back at 01:00Z on Sunday 25 October 2026)', () => {
    // The evening before: still BST.
    expect(at('2026-10-24T22:59:59Z')).toBe('2026-10-24');
    expect(at('2026-10-24T23:00:00Z')).toBe('2026-10-25');
    expect(at('2026-10-25T00:59:59Z')).toBe('2026-10-25'); // 01:59:59 BST
    expect(at('2026-10-25T01:00:00Z')).toBe('2026-10-25'); // 01:00 GMT, the exact change
    // The evening after: GMT again, so 23:30Z is the same day.
    expect(at('2026-10-25T23:30:00Z')).toBe('2026-10-25');
    expect(at('2026-10-25T23:59:59Z')).toBe('2026-10-25');
  });

  it('gives a fresh answer for each instant (its one-entry cache never goes stale)', () => {
    expect(at('2026-07-15T23:30:00Z')).toBe('2026-07-16');
    expect(at('2026-01-15T23:30:00Z')).toBe('2026-01-15');
    expect(at('2026-07-15T23:30:00Z')).toBe('2026-07-16');
  });

  it('the verdict uses the local date: a check expiring on 15 July has expired at 23:30Z that evening', () => {
    const r = nurse();
    r.checks.rightToWork!.until = '2026-07-15';
    const summer = reachVerdict({ kind: 'passport', record: r }, context({ now: Date.parse('2026-07-15T23:30:00Z'), dataPublished: '2026-01-01T00:00:00Z', dataExpires: null }));
    expect(summer.localDate).toBe('2026-07-16');
    expect(summer.reasons[0]).toMatchObject({ code: 'CHECK_EXPIRED', until: '2026-07-15' });
    r.checks.rightToWork!.until = '2026-01-15';
    const winter = reachVerdict({ kind: 'passport', record: r }, context({ now: Date.parse('2026-01-15T23:30:00Z'), dataPublished: '2026-01-01T00:00:00Z', dataExpires: null }));
    expect(winter.localDate).toBe('2026-01-15');
    expect(winter.reasons[0]).toMatchObject({ code: 'CHECK_EXPIRING', until: '2026-01-15' });
  });
});

describe('addYears and addDays', () => {
  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 3, '2027-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2000-02-29', 100, '2100-02-28'], // 2100 is not a leap year
    ['1996-02-29', 4, '2000-02-29'], // 2000 is
    ['2023-02-28', 1, '2024-02-28'],
    ['2023-03-01', 1, '2024-03-01'],
    ['2026-12-31', 2, '2028-12-31'],
  ])('%s + %i years = %s', (d, n, want) => expect(addYears(d, n)).toBe(want));

  it.each([
    ['2026-11-24', 30, '2026-12-24'],
    ['2026-12-20', 30, '2027-01-19'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-28', 2, '2026-03-30'], // across the clock change: days are calendar days
    ['2026-11-24', 0, '2026-11-24'],
  ])('%s + %i days = %s', (d, n, want) => expect(addDays(d, n)).toBe(want));
});

describe('inclusive expiry around D and D + warnDays (D = 2026-11-24, warnDays 30)', () => {
  const D = '2026-11-24';
  type Setter = (r: LivePassport, until: string) => void;
  const setters: [string, Setter, 'CHECK' | 'TRAINING'][] = [
    ['rightToWork.until', (r, u) => (r.checks.rightToWork!.until = u), 'CHECK'],
    ['registration.until', (r, u) => (r.checks.registration!.until = u), 'CHECK'],
    ['occupationalHealth.review', (r, u) => (r.checks.occupationalHealth!.review = u), 'CHECK'],
    ['training until', (r, u) => (r.checks.training![0] = { subject: 'fire-safety', completed: '2026-01-01', until: u }), 'TRAINING'],
  ];
  const edges: [string, string, string | null][] = [
    ['D − 1', '2026-11-23', 'EXPIRED'],
    ['D', '2026-11-24', 'EXPIRING'],
    ['D + 1', '2026-11-25', 'EXPIRING'],
    ['D + warnDays', '2026-12-24', 'EXPIRING'],
    ['D + warnDays + 1', '2026-12-25', null],
  ];
  for (const [name, set, kind] of setters) {
    it.each(edges)(`${name} on %s (%s) → %s`, (_label, until, want) => {
      const r = nurse();
      set(r, until);
      const got = evaluateChecks(r, POLICY, D).filter((x) => x.code.endsWith('EXPIRED') || x.code.endsWith('EXPIRING'));
      expect(got).toEqual(want === null ? [] : [expect.objectContaining({ code: `${kind}_${want}`, until })]);
    });
  }

  it('the DBS age limit (on + dbsMaxAgeYears) is an inclusive expiry too', () => {
    const dbsOn = (on: string) => {
      const r = nurse();
      r.checks.dbs!.updateService = false;
      r.checks.dbs!.on = on;
      return evaluateChecks(r, POLICY, D).find((x) => x.check === 'dbs')?.code ?? null;
    };
    expect(dbsOn('2023-11-23')).toBe('CHECK_EXPIRED');
    expect(dbsOn('2023-11-24')).toBe('CHECK_EXPIRING');
    expect(dbsOn('2023-12-24')).toBe('CHECK_EXPIRING');
    expect(dbsOn('2023-12-25')).toBeNull();
  });

  it('with warnDays 0 only an expiry on D itself is expiring', () => {
    const p = makePolicy((x) => { x.warnDays = 0; });
    const code = (until: string) => {
      const r = nurse();
      r.checks.rightToWork!.until = until;
      return evaluateChecks(r, p, D).find((x) => x.check === 'rightToWork')?.code ?? null;
    };
    expect(code('2026-11-23')).toBe('CHECK_EXPIRED');
    expect(code('2026-11-24')).toBe('CHECK_EXPIRING');
    expect(code('2026-11-25')).toBeNull();
  });
});

describe('29 February + N years', () => {
  it('training completed on 29 February 2024 with a 1-year refresher expires on 28 February 2025', () => {
    const r = nurse();
    r.person.staffGroup = 'admin-clerical'; // "*": fire-safety (2y), information-governance (1y), health-safety-welfare (3y)
    r.checks.training = [
      { subject: 'information-governance', completed: '2024-02-29' },
      { subject: 'fire-safety', completed: '2024-02-29' },
      { subject: 'health-safety-welfare', completed: '2024-02-29' },
    ];
    const on = (d: string) => evaluateChecks(r, POLICY, d).filter((x) => x.subject);
    expect(on('2025-02-28')).toEqual(expect.arrayContaining([{ code: 'TRAINING_EXPIRING', severity: 'warn', subject: 'information-governance', until: '2025-02-28' }]));
    expect(on('2025-03-01')).toEqual(expect.arrayContaining([{ code: 'TRAINING_EXPIRED', severity: 'refer', subject: 'information-governance', until: '2025-02-28' }]));
    expect(on('2026-03-01')).toEqual(expect.arrayContaining([{ code: 'TRAINING_EXPIRED', severity: 'refer', subject: 'fire-safety', until: '2026-02-28' }]));
    // 3 years on is 2027-02-28; on 2027-02-01 it is within warnDays
    expect(on('2027-02-01')).toEqual(expect.arrayContaining([{ code: 'TRAINING_EXPIRING', severity: 'warn', subject: 'health-safety-welfare', until: '2027-02-28' }]));
  });

  it('a DBS issued on 29 February 2024 reaches its 3-year limit on 28 February 2027', () => {
    const r = nurse();
    r.checks.dbs!.updateService = false;
    r.checks.dbs!.on = '2024-02-29';
    expect(evaluateChecks(r, POLICY, '2027-03-01').find((x) => x.check === 'dbs')).toEqual({
      code: 'CHECK_EXPIRED', severity: 'refer', check: 'dbs', until: '2027-02-28',
    });
  });
});

describe('formatLongDate', () => {
  it.each([
    ['2026-12-10', '10 December 2026'],
    ['2027-01-01', '1 January 2027'],
    ['2028-02-29', '29 February 2028'],
  ])('%s → %s', (d, want) => expect(formatLongDate(d)).toBe(want));
});
