/** decideCheckin (sessions.md "Check-in", first that applies) and matchRosterRow ("A roster row matches…"). */
import { CHECKIN_RESULTS, decideCheckin, matchRosterRow, type CheckinFacts } from '../../../../src/core/sessions';
import { row, session } from './helpers';

const first = { at: '2026-11-24T09:02:00.000Z' };
const base: CheckinFacts = { session: session({ capacity: 2 }), identifiedPassportId: 'P-1', firstArrival: null, arrivedCount: 0 };

describe('decideCheckin', () => {
  it('ARRIVED when nothing else applies', () => expect(decideCheckin(base)).toBe('ARRIVED'));

  it('SESSION_CLOSED first: even for someone unidentified, already arrived, in a full session', () => {
    expect(
      decideCheckin({ session: session({ state: 'closed', capacity: 1 }), identifiedPassportId: null, firstArrival: first, arrivedCount: 5 }),
    ).toBe('SESSION_CLOSED');
  });

  it('NOT_IDENTIFIED before ALREADY_ARRIVED and SESSION_FULL', () => {
    expect(decideCheckin({ ...base, identifiedPassportId: null, firstArrival: first, arrivedCount: 2 })).toBe('NOT_IDENTIFIED');
  });

  it('ALREADY_ARRIVED before SESSION_FULL: a second scan of someone in a full session is not refused as full', () => {
    expect(decideCheckin({ ...base, firstArrival: first, arrivedCount: 2 })).toBe('ALREADY_ARRIVED');
  });

  it('SESSION_FULL when capacity people have arrived', () => {
    expect(decideCheckin({ ...base, arrivedCount: 2 })).toBe('SESSION_FULL');
    expect(decideCheckin({ ...base, arrivedCount: 1 })).toBe('ARRIVED');
  });

  it('no capacity: never full', () => {
    expect(decideCheckin({ ...base, session: session({ capacity: null }), arrivedCount: 10_000 })).toBe('ARRIVED');
  });

  it('gives every result of the contract, in its order', () => {
    const closed = session({ state: 'closed', capacity: 1 });
    const open = session({ capacity: 1 });
    const seen = [
      decideCheckin({ session: closed, identifiedPassportId: null, firstArrival: first, arrivedCount: 1 }),
      decideCheckin({ session: open, identifiedPassportId: null, firstArrival: first, arrivedCount: 1 }),
      decideCheckin({ session: open, identifiedPassportId: 'P-1', firstArrival: first, arrivedCount: 1 }),
      decideCheckin({ session: open, identifiedPassportId: 'P-1', firstArrival: null, arrivedCount: 1 }),
      decideCheckin({ session: open, identifiedPassportId: 'P-1', firstArrival: null, arrivedCount: 0 }),
    ];
    expect(seen).toEqual([...CHECKIN_RESULTS]);
  });
});

describe('matchRosterRow', () => {
  const roster = [
    row(1, { passport: 'RXL-1', badge: null }),
    row(2, { passport: null, badge: 'RXL0012345' }),
    row(3, { passport: null, badge: '04:a2:3b:9c:5d:6e:80' }),
    row(4, { passport: null, badge: null }),
    row(5, { passport: 'RXL-5', badge: 'SHARED' }),
    row(6, { passport: 'RXL-6', badge: null }),
  ];

  it('by passport id', () => expect(matchRosterRow(roster, { id: 'RXL-1', badgeValues: [] })?.row).toBe(1));

  it('passport ids are compared exactly (case matters)', () => {
    expect(matchRosterRow(roster, { id: 'rxl-1', badgeValues: [] })).toBeNull();
  });

  it('by a badge value of the passport', () => {
    expect(matchRosterRow(roster, { id: 'X', badgeValues: ['OTHER', 'RXL0012345'] })?.row).toBe(2);
  });

  it('an NFC UID written with separators matches the canonical UID', () => {
    expect(matchRosterRow(roster, { id: 'X', badgeValues: ['04A23B9C5D6E80'] })?.row).toBe(3);
  });

  it('a passport match wins over a badge match on an earlier row', () => {
    expect(matchRosterRow(roster, { id: 'RXL-6', badgeValues: ['SHARED'] })?.row).toBe(6);
  });

  it('nobody: a walk-in', () => {
    expect(matchRosterRow(roster, { id: 'RXL-99', badgeValues: ['NOPE'] })).toBeNull();
    expect(matchRosterRow([], { id: 'RXL-1', badgeValues: ['RXL0012345'] })).toBeNull();
  });

  it('a row with neither passport nor badge matches nobody', () => {
    expect(matchRosterRow([row(4, { passport: null, badge: null })], { id: 'P-4', badgeValues: [''] })).toBeNull();
  });
});
