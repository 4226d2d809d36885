import { classifyPayload, lookupKeys, normalizePayload, MAX_PAYLOAD_CHARS } from '../../../src/core/scan';

describe('scan payload normalising and classification (scan.md)', () => {
  it('strips leading and trailing whitespace and control characters only', () => {
    expect(normalizePayload('\u0002 RXL0012345\r\n\t')).toBe('RXL0012345');
    expect(normalizePayload(' A B ')).toBe('A B');
  });

  it('rejects empty and over-long payloads before lookup', () => {
    expect(classifyPayload(' \r\n')).toEqual({ kind: 'rejected', reason: 'EMPTY' });
    expect(classifyPayload('x'.repeat(MAX_PAYLOAD_CHARS))).toMatchObject({ kind: 'badge' });
    expect(classifyPayload('x'.repeat(MAX_PAYLOAD_CHARS + 1))).toEqual({ kind: 'rejected', reason: 'TOO_LONG' });
  });

  it('classifies three base64url segments as a token', () => {
    expect(classifyPayload('eyJh.eyJi.c2ln').kind).toBe('token');
    expect(classifyPayload('eyJh..c2ln').kind).toBe('badge');
    expect(classifyPayload('a.b.c.d').kind).toBe('badge');
  });

  it.each([
    ['04A23B9C5D6E80', '04A23B9C5D6E80'],
    ['04:a2:3b:9c:5d:6e:80', '04A23B9C5D6E80'],
    ['04-A2-3B-9C-5D-6E-80', '04A23B9C5D6E80'],
    ['04 a2 3b 9c', '04A23B9C'],
    ['0102030405060708090a', '0102030405060708090A'],
  ])('reads NFC UID %s as %s', (raw, uid) => {
    expect(classifyPayload(raw)).toEqual({ kind: 'nfc', payload: raw, uid });
  });

  it.each(['04:a2-3b:9c', '04a2:3b9c', '04A23B9C5D', '04:A2:3B', 'ZZ112233'])('treats %s as a badge number', (raw) => {
    expect(classifyPayload(raw).kind).toBe('badge');
  });

  it('looks a UID-shaped badge number up both ways', () => {
    expect(lookupKeys(classifyPayload('12345678'))).toEqual([
      { type: 'nfc', value: '12345678' },
      { type: 'barcode', value: '12345678' },
    ]);
    expect(lookupKeys(classifyPayload('RXL0012345'))).toEqual([{ type: 'barcode', value: 'RXL0012345' }]);
  });
});

describe('scan.md edges', () => {
  it('counts the 4096 bound in characters (code points), after stripping', () => {
    const emoji = '\u{1F600}'; // two UTF-16 units, one character
    expect(classifyPayload(emoji.repeat(MAX_PAYLOAD_CHARS)).kind).toBe('badge');
    expect(classifyPayload(emoji.repeat(MAX_PAYLOAD_CHARS + 1))).toEqual({ kind: 'rejected', reason: 'TOO_LONG' });
    expect(classifyPayload(`  ${'x'.repeat(MAX_PAYLOAD_CHARS)}\r\n`).kind).toBe('badge');
  });

  it('strips Unicode whitespace and ASCII controls at the ends only', () => {
    expect(normalizePayload('\uFEFF\u00A0RXL 001\x1b\u2028')).toBe('RXL 001');
    expect(normalizePayload('RXL\x07001')).toBe('RXL\x07001');
  });

  it.each([
    ['01:02:03:04:05:06:07:08:09:0a', '0102030405060708090A'],
    ['01-02-03-04-05-06-07-08-09-0A', '0102030405060708090A'],
    ['04 A2 3B 9C 5D 6E 80', '04A23B9C5D6E80'],
    ['deadBEEF', 'DEADBEEF'],
  ])('reads the 4-, 7- and 10-byte UID form %s as %s', (raw, uid) => {
    expect(classifyPayload(raw)).toEqual({ kind: 'nfc', payload: raw, uid });
  });

  it.each(['04::a2:3b:9c', '04:a2:3b:9c:', ':04:a2:3b:9c', '04a23b9c5d6e8', '0102030405060708090a0b', '04 a2  3b 9c'])(
    '%j is not a UID form (a badge number)',
    (raw) => {
      expect(classifyPayload(raw).kind).toBe('badge');
    },
  );

  it('a UID form with separators is looked up as NFC and as the badge number exactly as scanned', () => {
    expect(lookupKeys(classifyPayload(' 04:a2:3b:9c\n'))).toEqual([
      { type: 'nfc', value: '04A23B9C' },
      { type: 'barcode', value: '04:a2:3b:9c' },
    ]);
    expect(lookupKeys(classifyPayload('a.b.c'))).toEqual([]);
    expect(lookupKeys(classifyPayload(''))).toEqual([]);
  });
});
