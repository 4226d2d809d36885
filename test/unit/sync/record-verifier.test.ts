import { TrustIndex, verifyRecordJws } from '../../../src/core/jws';
import { RecordVerifier } from '../../../src/main/sync/record-verifier';
import { makeKey, nurse, sign, signRaw, trustList, type KeyPair } from '../core/fixtures';

/**
 * The sync's fast verifier must answer exactly as the core's verifyRecordJws
 * (which scans use): same acceptance, same reason, for every kind of bad line.
 */

let rxl: KeyPair;
let rj1: KeyPair;
let old: KeyPair;
let bad: KeyPair;
let stranger: KeyPair;

beforeAll(async () => {
  [rxl, rj1, old, bad, stranger] = (await Promise.all(['rxl-1', 'rj1-1', 'rxl-old', 'rxl-bad', 'nobody'].map(makeKey))) as [
    KeyPair, KeyPair, KeyPair, KeyPair, KeyPair,
  ];
});

const list = () =>
  trustList([
    { key: rxl, iss: 'RXL' },
    { key: rj1, iss: 'RJ1' },
    { key: old, iss: 'RXL', from: '2020-01-01T00:00:00Z', to: '2021-01-01T00:00:00Z', status: 'retired' },
    { key: bad, iss: 'RXL', status: 'compromised' },
  ]);

async function cases(): Promise<[string, string][]> {
  const rec = nurse();
  const good = await sign(rec, rxl);
  const [h, p, s] = good.split('.') as [string, string, string];
  const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
  return [
    ['valid', good],
    ['erased', await sign({ v: 1, id: rec.id, rev: 9, iss: 'RXL', issuedAt: rec.issuedAt, status: 'erased' }, rxl)],
    ['bad signature', flipped],
    ['not compact', 'hello world'],
    ['alg none', `${Buffer.from('{"alg":"none","typ":"passport+jws","kid":"rxl-1"}').toString('base64url')}.${p}.${s}`],
    ['token typ', await sign(rec, rxl, { typ: 'passport-token+jws' })],
    ['jwk header', await signRaw({ alg: 'EdDSA', typ: 'passport+jws', kid: 'rxl-1', jwk: { kty: 'OKP' } }, rec, rxl)],
    ['crit header', await signRaw({ alg: 'EdDSA', typ: 'passport+jws', kid: 'rxl-1', crit: ['x'], x: 1 }, rec, rxl)],
    ['no kid', await signRaw({ alg: 'EdDSA', typ: 'passport+jws' }, rec, rxl)],
    ['unknown kid', await sign(rec, stranger)],
    ['other issuer key', await sign(rec, rj1)],
    ['key not valid then', await sign(rec, old)],
    ['compromised key', await sign(rec, bad)],
    ['not a record', await sign({ v: 2, id: 'x' }, rxl)],
    ['not JSON', await sign('{not json', rxl)],
    ['header not JSON', `${Buffer.from('nope').toString('base64url')}.${p}.${s}`],
  ];
}

test('every case gets the same answer as the core verifier', async () => {
  const v = new RecordVerifier(list());
  const index = new TrustIndex(list());
  const seen = new Set<string>();
  for (const [name, line] of await cases()) {
    const core = await verifyRecordJws(line, index);
    const fast = v.verify(line);
    const expected = core.ok ? { id: core.record.id, rev: core.record.rev, status: core.record.status } : core.code;
    const got = typeof fast === 'string' ? fast : { id: fast.id, rev: fast.rev, status: fast.status };
    expect({ name, got }).toEqual({ name, got: expected });
    seen.add(typeof fast === 'string' ? fast : 'ok');
  }
  expect([...seen].sort()).toEqual(['KEY_UNTRUSTED', 'RECORD_INVALID', 'SIGNATURE_INVALID', 'ok']);
});

test('a valid record yields its lookup columns and badges; an erased one has none', async () => {
  const v = new RecordVerifier(list());
  const rec = nurse();
  expect(v.verify(await sign(rec, rxl))).toEqual({
    id: rec.id, iss: 'RXL', rev: rec.rev, status: 'active', badges: rec.badges.map((b) => [b.type, b.value]),
  });
  const erased = v.verify(await sign({ v: 1, id: rec.id, rev: 9, iss: 'RXL', issuedAt: rec.issuedAt, status: 'erased', person: { name: 'X' } }, rxl));
  expect(erased).toEqual({ id: rec.id, iss: 'RXL', rev: 9, status: 'erased', badges: [] });
});

test('a header seen before gets the same answer, in any order and past the remembered limit', async () => {
  const all = await cases();
  const fresh = (line: string) => new RecordVerifier(list()).verify(line);
  const expected = all.map(([, line]) => fresh(line));
  const v = new RecordVerifier(list());
  // Twice forwards, then backwards: every header's second sighting comes from memory.
  expect([...all, ...all].map(([, line]) => v.verify(line))).toEqual([...expected, ...expected]);
  expect([...all].reverse().map(([, line]) => v.verify(line))).toEqual([...expected].reverse());
  // More distinct headers than are remembered (each names an unknown key), then the cases again.
  const [, p, s] = all[0]![1].split('.') as [string, string, string];
  for (let i = 0; i < 1500; i++) {
    const h = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'passport+jws', kid: `k${i}` })).toString('base64url');
    expect(v.verify(`${h}.${p}.${s}`)).toBe('KEY_UNTRUSTED');
  }
  expect(all.map(([, line]) => v.verify(line))).toEqual(expected);
});
