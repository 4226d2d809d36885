import { generateKeyPairSync, sign } from 'node:crypto';
import { jwsColumns, packJws, storedJws } from '../../../src/main/cache/stored-jws';

/** A real compact JWS (Ed25519) over `payload`. */
function compact(payload: object): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const head = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'rxl-2026-1', typ: 'passport+jws' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${head}.${body}.${sign(null, Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
}

const record = { v: 1, id: 'P-1', iss: 'RXL', rev: 3, person: { name: 'Zoë Ødegård-Nguyễn' } };
/** The row's lookup columns, which the CRC covers with the record's bytes. */
const key = { id: record.id, iss: record.iss, rev: record.rev };
/** The columns of a row for `line`, as the writer stores them. */
const row = (line: string | null) => ({ ...key, ...jwsColumns(line, key) });

test('a record is stored as header text, payload bytes and signature bytes, and joins back to the very line', () => {
  const line = compact(record);
  const packed = packJws(line)!;
  expect(packed.hdr).toBe(line.split('.')[0]);
  expect(JSON.parse(packed.body.toString('utf8'))).toEqual(record);
  expect(packed.sig).toHaveLength(64);
  const cols = row(line);
  expect(cols.jws).toBeNull();
  expect(storedJws(cols)).toEqual({ jws: line, payload: packed.body, checked: true });
  // The payload and signature take three quarters of their text's room.
  expect(packed.body.length).toBe(Math.floor((line.split('.')[1]!.length * 3) / 4));
  expect(packed.sig.length).toBeLessThan(line.split('.')[2]!.length * 0.75);
});

test('a line that would not join back exactly is kept whole: non-canonical base64url, a signature not 64 bytes', () => {
  const line = compact(record);
  const [h, p, s] = line.split('.') as [string, string, string];
  // A payload segment whose last character carries non-zero trailing bits decodes to the same bytes.
  const loose = p.length % 4 === 0 ? null : `${h}.${p.slice(0, -1)}${p.endsWith('A') ? 'B' : String.fromCharCode(p.charCodeAt(p.length - 1) ^ 1)}.${s}`;
  for (const odd of [loose, `${h}.${p}.${s.slice(0, -4)}`, `${h}.${p}.c2ln`].filter((x): x is string => x !== null)) {
    expect(packJws(odd)).toBeNull();
    const cols = row(odd);
    expect(cols).toEqual({ ...key, jws: odd, hdr: null, body: null, sig: null, crc: expect.any(Number) });
    expect(storedJws(cols)).toMatchObject({ jws: odd, checked: true });
  }
  expect(jwsColumns(null, key)).toEqual({ jws: null, hdr: null, body: null, sig: null, crc: null });
  expect(storedJws(row(null))).toBeNull();
});

test('columns that cannot be a record are named as damage', () => {
  const good = row(compact(record));
  const damaged = [
    { ...good, jws: 'x.y.z' },
    { ...good, hdr: 'a.b' },
    { ...good, hdr: null },
    { ...good, sig: good.sig!.subarray(0, 63) },
    { ...good, body: Buffer.alloc(0) },
    { ...good, body: 'text' as unknown as Buffer },
    { ...key, jws: 'not a jws', hdr: null, body: null, sig: null, crc: null },
    { ...good, jws: null, hdr: null, body: null, sig: null },
  ];
  for (const cols of damaged) expect(storedJws(cols)).toEqual({ problem: expect.any(String) });
});

test('bytes or lookup columns changed after they were stored fail the CRC: damage, not a signature that does not verify', () => {
  const good = row(compact(record));
  expect(storedJws(good)).toMatchObject({ jws: expect.any(String), checked: true });
  const flipped = (b: Buffer, at: number) => {
    const copy = Buffer.from(b);
    copy[at] = copy[at]! ^ 0x20;
    return copy;
  };
  const changes = [
    { ...good, sig: flipped(good.sig!, 30) },
    { ...good, body: flipped(good.body!, 5) },
    { ...good, hdr: `${good.hdr!.slice(0, -1)}x` },
    { ...good, crc: good.crc! ^ 1 },
    // The lookup columns: a scan trusts them without parsing the record again.
    { ...good, rev: 4 },
    { ...good, id: 'P-2' },
    { ...good, iss: 'RJ1' },
  ];
  for (const cols of changes) expect(storedJws(cols)).toEqual({ problem: 'has changed since it was stored' });
  const whole = row('e30.e30.c2ln');
  expect(storedJws(whole)).toMatchObject({ jws: 'e30.e30.c2ln', checked: true });
  expect(storedJws({ ...whole, jws: 'e30.e31.c2ln' })).toEqual({ problem: 'has changed since it was stored' });
  expect(storedJws({ ...whole, rev: 9 })).toEqual({ problem: 'has changed since it was stored' });
  // A row stored before schema 4 has no CRC: read as it is, not `checked` (its record is parsed and compared instead).
  expect(storedJws({ ...whole, jws: 'e30.e31.c2ln', crc: null })).toMatchObject({ jws: 'e30.e31.c2ln', checked: false });
});
