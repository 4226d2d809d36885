import { decodeAll } from '../../../src/core/readers/decoder';
import { encodeText } from '../../../src/core/readers/encoder';
import { charToStroke, usageToChar } from '../../../src/core/readers/keymap';
import { convertUid, typeUid } from '../../../src/core/readers/uid';
import { ENTER, SHIFT, kb, profile, taps } from './helpers';

const scanOf = (layout: 'us' | 'uk', usage: number, shift: boolean) => {
  const events = decodeAll(profile({ layout }), [...taps([[shift ? SHIFT : 0, usage], 0x04, 0x04, 0x04]).map(([report, t]) => ({ report, t })), { report: kb(0, ENTER), t: 50 }]);
  return (events[0] as { payload: string }).payload[0];
};

describe('us and uk layouts (readers.md table)', () => {
  // Every key where the two layouts differ, decoded from report bytes.
  it.each([
    [0x1f, true, '@', '"'],
    [0x20, true, '#', '£'],
    [0x31, false, '\\', '#'],
    [0x31, true, '|', '~'],
    [0x32, false, '\\', '#'],
    [0x32, true, '|', '~'],
    [0x34, true, '"', '@'],
    [0x35, true, '~', '¬'],
  ])('usage 0x%s shift=%s: us %s, uk %s', (usage, shift, us, uk) => {
    expect(scanOf('us', usage, shift)).toBe(us);
    expect(scanOf('uk', usage, shift)).toBe(uk);
  });

  it.each([
    [0x1e, false, '1'],
    [0x27, false, '0'],
    [0x1e, true, '!'],
    [0x21, true, '$'],
    [0x23, true, '^'],
    [0x26, true, '('],
    [0x2d, true, '_'],
    [0x2e, false, '='],
    [0x2f, true, '{'],
    [0x30, false, ']'],
    [0x33, true, ':'],
    [0x34, false, "'"],
    [0x35, false, '`'],
    [0x36, true, '<'],
    [0x37, false, '.'],
    [0x38, true, '?'],
    [0x64, false, '\\'],
    [0x64, true, '|'],
  ])('usage 0x%s shift=%s is %s on both', (usage, shift, ch) => {
    expect(scanOf('us', usage, shift)).toBe(ch);
    expect(scanOf('uk', usage, shift)).toBe(ch);
  });

  it('gives a space and letters on both, with right shift as shift', () => {
    expect(usageToChar('uk', 0x2c, true)).toBe(' ');
    const events = decodeAll(profile({ layout: 'uk' }), [...taps([[0x20, 0x04], 0x05, [0x22, 0x1d], 0x04]).map(([report, t]) => ({ report, t })), { report: kb(0, ENTER), t: 50 }]);
    expect(events).toMatchObject([{ payload: 'AbZa' }]);
  });

  it('the same bytes read with the wrong layout give different text — the profile must match the scanner', () => {
    const reports = encodeText('ab"£@c', { layout: 'uk', terminator: 'enter' });
    expect(decodeAll(profile({ layout: 'uk' }), reports)).toMatchObject([{ payload: 'ab"£@c' }]);
    expect(decodeAll(profile({ layout: 'us' }), reports)).toMatchObject([{ payload: 'ab@#"c' }]);
  });

  it('can type every printable ASCII character on us, and £ ¬ on uk', () => {
    for (let c = 0x20; c < 0x7f; c++) expect(charToStroke('us', String.fromCharCode(c))).not.toBeNull();
    expect(charToStroke('uk', '£')).toEqual({ usage: 0x20, shift: true });
    expect(charToStroke('uk', '¬')).toEqual({ usage: 0x35, shift: true });
    expect(charToStroke('us', '£')).toBeNull();
  });
});

describe('NFC uidFormat → canonical UID (readers.md)', () => {
  it.each([
    ['hex', '04A23B9C5D6E80', '04A23B9C5D6E80'],
    ['hex', '04:a2:3b:9c', '04A23B9C'],
    ['hex-reversed', '806E5D9C3BA204', '04A23B9C5D6E80'],
    ['hex-reversed', '9C3BA204', '04A23B9C'],
    ['decimal', '77740956', '04A23B9C'],
    ['decimal-reversed', '2621153796', '04A23B9C'],
    ['decimal', '1256860486508928', '04771BA2D4A180'],
    ['decimal', '0000001', '00000001'],
    ['hex', '0102030405060708090A', '0102030405060708090A'],
  ] as const)('%s %s → %s', (format, typed, uid) => {
    expect(convertUid(typed, format)).toBe(uid);
  });

  it('a decimal becomes the shortest of 4, 7 or 10 bytes that holds it', () => {
    expect(convertUid(String(2 ** 32 - 1), 'decimal')).toBe('FFFFFFFF');
    expect(convertUid(String(2 ** 32), 'decimal')).toBe('00000100000000');
    expect(convertUid((2n ** 56n).toString(), 'decimal')).toBe('00000100000000000000');
    expect(convertUid((2n ** 80n - 1n).toString(), 'decimal')).toBe('FFFFFFFFFFFFFFFFFFFF');
    expect(convertUid((2n ** 80n).toString(), 'decimal')).toBeNull();
    expect(convertUid((2n ** 32n).toString(), 'decimal-reversed')).toBe('00000000010000');
  });

  it('round-trips 4, 7 and 10 byte UIDs through every format', () => {
    for (const uid of ['04A23B9C', '04A23B9C5D6E80', '08112233445566778899']) {
      for (const f of ['hex', 'hex-reversed', 'decimal', 'decimal-reversed'] as const) {
        expect(convertUid(typeUid(uid, f), f)).toBe(uid);
      }
    }
  });

  it('hex that is not 4, 7 or 10 bytes, or non-digits for decimal, is not a UID', () => {
    expect(convertUid('04A23B', 'hex')).toBeNull();
    expect(convertUid('04A23B9C5D', 'hex-reversed')).toBeNull();
    expect(convertUid('12AB', 'decimal')).toBeNull();
    expect(convertUid('9'.repeat(30), 'decimal')).toBeNull();
  });

  it('an NFC profile scan yields the canonical UID, and a bad UID is a broken scan', () => {
    const nfc = profile({ kind: 'nfc', uidFormat: 'decimal-reversed' });
    expect(decodeAll(nfc, encodeText('2621153796', { layout: 'us', terminator: 'enter' }))).toMatchObject([{ type: 'scan', payload: '04A23B9C', kind: 'nfc' }]);
    const hex = profile({ kind: 'nfc', uidFormat: 'hex' });
    expect(decodeAll(hex, encodeText('04a23b', { layout: 'us', terminator: 'enter' }))).toMatchObject([{ type: 'broken', reason: 'BAD_UID' }]);
  });
});
