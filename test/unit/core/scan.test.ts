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
