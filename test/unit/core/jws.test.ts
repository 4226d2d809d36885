/**
 * JWS checks through the project's own path (passport.md "Signature",
 * scan.md "Signed QR token"): EdDSA/Ed25519 only, the key always from the
 * trust list, typ keeping records, tokens and manifests apart, and the
 * trust-list key rules.
 */
import { CompactSign } from 'jose';
import { verifyManifestJws, verifyRecordJws, verifyTokenJws } from '../../../src/core/jws';
import {
  b64u,
  fromB64u,
  makeKey,
  nurse,
  sign,
  signRaw,
  signRecord,
  signToken,
  trustIndex,
  type KeyPair,
} from './fixtures';

let rxl: KeyPair;
let other: KeyPair;
let attacker: KeyPair;

beforeAll(async () => {
  [rxl, other, attacker] = await Promise.all([makeKey('rxl-2026-1'), makeKey('r0a-2026-1'), makeKey('evil-1')]);
});

const trust = () => trustIndex([
  { key: rxl, iss: 'RXL' },
  { key: other, iss: 'R0A' },
]);

const parts = (jws: string) => jws.split('.') as [string, string, string];
const withSig = (jws: string, sig: Uint8Array) => {
  const [h, p] = parts(jws);
  return `${h}.${p}.${b64u(sig)}`;
};

/** L, the order of the Ed25519 base point (RFC 8032). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const leToBig = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const bigToLe = (n: bigint, len: number) => {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
};

describe('verifyRecordJws: a genuine record', () => {
  it('accepts a record signed by its issuer’s active key and returns it parsed', async () => {
    const jws = await signRecord(nurse(), rxl);
    const r = await verifyRecordJws(jws, trust());
    expect(r).toMatchObject({ ok: true, kid: 'rxl-2026-1', record: { id: 'RXL-7f3a9c21', rev: 4 } });
  });
});

describe('signature tampering is SIGNATURE_INVALID', () => {
  let jws: string;
  let sig: Uint8Array;
  beforeAll(async () => {
    jws = await signRecord(nurse(), rxl);
    sig = fromB64u(parts(jws)[2]);
    expect(sig).toHaveLength(64);
  });

  it('rejects a malleated signature (S replaced by S + L; RFC 8032 requires S < L)', async () => {
    const s = leToBig(sig.slice(32));
    const malleated = new Uint8Array(64);
    malleated.set(sig.slice(0, 32));
    malleated.set(bigToLe(s + L, 32), 32);
    expect(leToBig(malleated.slice(32)) - L).toBe(s); // really the same scalar mod L
    await expect(verifyRecordJws(withSig(jws, malleated), trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it.each([
    ['truncated to 63 bytes', (s: Uint8Array) => s.slice(0, 63)],
    ['truncated to 32 bytes (R only)', (s: Uint8Array) => s.slice(0, 32)],
    ['extended by one zero byte', (s: Uint8Array) => Uint8Array.from([...s, 0])],
    ['extended to 96 bytes', (s: Uint8Array) => Uint8Array.from([...s, ...s.slice(0, 32)])],
    ['with one bit of R flipped', (s: Uint8Array) => { const c = s.slice(); c[5]! ^= 0x10; return c; }],
    ['with one bit of S flipped', (s: Uint8Array) => { const c = s.slice(); c[40]! ^= 0x01; return c; }],
    ['all zero', () => new Uint8Array(64)],
  ])('rejects a signature %s', async (_name, mutate) => {
    await expect(verifyRecordJws(withSig(jws, mutate(sig)), trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it('rejects a payload with one bit flipped and a header changed after signing', async () => {
    const [h, p, s] = parts(jws);
    const bytes = fromB64u(p);
    bytes[10]! ^= 0x01;
    await expect(verifyRecordJws(`${h}.${b64u(bytes)}.${s}`, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    const h2 = b64u(new TextEncoder().encode(JSON.stringify({ alg: 'EdDSA', kid: 'rxl-2026-1', typ: 'passport+jws', x: 1 })));
    await expect(verifyRecordJws(`${h2}.${p}.${s}`, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', 'a..c', '{"alg":"EdDSA"}.e30.AA', 'e30.e30.AA'])('rejects malformed JWS %j', async (bad) => {
    await expect(verifyRecordJws(bad, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });
});

describe('algorithm confusion', () => {
  const encodeJson = (v: unknown) => b64u(new TextEncoder().encode(JSON.stringify(v)));

  it('rejects alg "none", with or without a signature segment', async () => {
    const h = encodeJson({ alg: 'none', kid: 'rxl-2026-1', typ: 'passport+jws' });
    const p = encodeJson(nurse());
    for (const jws of [`${h}.${p}.`, `${h}.${p}.AAAA`]) {
      await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    }
  });

  it('rejects HS256 keyed with the trusted public key’s bytes (a real HMAC made with jose)', async () => {
    const secret = fromB64u(rxl.jwk.x);
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(nurse())))
      .setProtectedHeader({ alg: 'HS256', kid: 'rxl-2026-1', typ: 'passport+jws' })
      .sign(secret);
    const r = await verifyRecordJws(jws, trust());
    expect(r).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    if (!r.ok) expect(r.detail).toMatch(/alg "HS256" is refused/);
  });

  it.each(['Ed25519', 'ES256', 'RS256', 'EdDSA ', 'eddsa'])('rejects alg %j even with a valid Ed25519 signature', async (alg) => {
    // Signed by hand: a genuine Ed25519 signature under a header naming another alg.
    const jws = await signRaw({ alg, kid: 'rxl-2026-1', typ: 'passport+jws' }, nurse(), rxl);
    await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it.each(['jwk', 'jku', 'x5u', 'x5c'])('rejects a header %s supplying the attacker’s own key', async (member) => {
    const value = member === 'jwk' ? attacker.jwk : member === 'x5c' ? ['MIIB'] : 'https://evil.example/jwks.json';
    // Signed by the attacker, naming a trusted kid and embedding the key that verifies it.
    const jws = await sign(nurse(), attacker, { kid: 'rxl-2026-1', [member]: value });
    await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    // And naming its own kid: still not trusted.
    const own = await sign(nurse(), attacker, { [member]: value });
    await expect(verifyRecordJws(own, trust())).resolves.toMatchObject({ ok: false });
  });

  it('refuses a header jwk even when it embeds the genuine trusted key (the header never chooses the key)', async () => {
    const jws = await sign(nurse(), rxl, { jwk: rxl.jwk });
    await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });
});

describe('typ keeps records, tokens and manifests apart', () => {
  const token = { v: 1, pid: 'RXL-7f3a9c21', iss: 'RXL', rev: 4, iat: 1795000000, exp: 1800000000 };
  const now = Date.parse('2026-11-24T09:00:00Z');

  it.each(['passport-token+jws', 'passport-feed+jws', 'JWT', 'PASSPORT+JWS', undefined])('a record with typ %j is refused', async (typ) => {
    const jws = await sign(nurse(), rxl, { typ });
    await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it.each(['passport+jws', 'passport-feed+jws', 'JWT', undefined])('a token with typ %j is refused', async (typ) => {
    const jws = await signToken(token, rxl, { typ });
    await expect(verifyTokenJws(jws, trust(), now)).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it('the same key signing a token and a record: each passes only as itself', async () => {
    const t = await signToken(token, rxl);
    const r = await signRecord(nurse(), rxl);
    await expect(verifyTokenJws(t, trust(), now)).resolves.toMatchObject({ ok: true });
    await expect(verifyRecordJws(t, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    await expect(verifyTokenJws(r, trust(), now)).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    const pinned = [{ ...rxl.jwk, kid: rxl.kid }];
    await expect(verifyManifestJws(r, pinned)).resolves.toMatchObject({ ok: false, code: 'MANIFEST_UNTRUSTED' });
    await expect(verifyManifestJws(t, pinned)).resolves.toMatchObject({ ok: false, code: 'MANIFEST_UNTRUSTED' });
  });
});

describe('trust-list key rules (passport.md conditions 1–4)', () => {
  it('kid not in the trust list → KEY_UNTRUSTED', async () => {
    const jws = await signRecord(nurse(), attacker);
    await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
  });

  it('a header with no kid → KEY_UNTRUSTED', async () => {
    const jws = await sign(nurse(), rxl, { kid: undefined });
    await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
  });

  it('a valid signature by another issuer’s key → KEY_UNTRUSTED', async () => {
    const jws = await signRecord(nurse(), other); // record says iss RXL, key belongs to R0A
    const r = await verifyRecordJws(jws, trust());
    expect(r).toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
    if (!r.ok) expect(r.detail).toMatch(/belongs to R0A, not RXL/);
  });

  it('the key’s validity window is inclusive at both ends, against issuedAt', async () => {
    const t = trustIndex([{ key: rxl, iss: 'RXL', from: '2026-01-01T00:00:00Z', to: '2026-06-30T23:59:59Z', status: 'retired' }]);
    const at = async (issuedAt: string) => verifyRecordJws(await signRecord({ ...nurse(), issuedAt }, rxl), t);
    await expect(at('2025-12-31T23:59:59Z')).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
    await expect(at('2026-01-01T00:00:00Z')).resolves.toMatchObject({ ok: true });
    await expect(at('2026-06-30T23:59:59Z')).resolves.toMatchObject({ ok: true });
    await expect(at('2026-07-01T00:00:00Z')).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
  });

  it('a retired key still vouches for records it signed while valid', async () => {
    const t = trustIndex([{ key: rxl, iss: 'RXL', from: '2025-01-01T00:00:00Z', to: '2026-10-01T00:00:00Z', status: 'retired' }]);
    const jws = await signRecord({ ...nurse(), issuedAt: '2026-03-01T10:00:00Z' }, rxl);
    await expect(verifyRecordJws(jws, t)).resolves.toMatchObject({ ok: true });
  });

  it('a compromised key invalidates everything it signed, whatever the dates', async () => {
    const t = trustIndex([{ key: rxl, iss: 'RXL', from: '2020-01-01T00:00:00Z', to: null, status: 'compromised' }]);
    for (const issuedAt of ['2020-01-01T00:00:00Z', '2024-06-01T00:00:00Z', '2026-11-20T14:03:00Z']) {
      const jws = await signRecord({ ...nurse(), issuedAt }, rxl);
      await expect(verifyRecordJws(jws, t)).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
    }
  });

  it('a signed but invalid record is RECORD_INVALID, not trusted', async () => {
    const jws = await signRecord({ ...nurse(), v: 2 } as never, rxl);
    await expect(verifyRecordJws(jws, trust())).resolves.toMatchObject({ ok: false, code: 'RECORD_INVALID' });
    const notJson = await sign('not json', rxl);
    await expect(verifyRecordJws(notJson, trust())).resolves.toMatchObject({ ok: false, code: 'RECORD_INVALID' });
  });

  it('tokens: key valid at iat, owner = token iss, exp reached → TOKEN_EXPIRED', async () => {
    const t = trustIndex([
      { key: rxl, iss: 'RXL', from: '2026-01-01T00:00:00Z', to: null },
      { key: other, iss: 'R0A' },
    ]);
    const iat = Date.parse('2026-11-01T00:00:00Z') / 1000;
    const exp = Date.parse('2026-12-01T00:00:00Z') / 1000;
    const base = { v: 1, pid: 'RXL-7f3a9c21', iss: 'RXL', rev: 4, iat, exp };
    const now = Date.parse('2026-11-24T09:00:00Z');
    await expect(verifyTokenJws(await signToken(base, rxl), t, now)).resolves.toMatchObject({ ok: true, token: { pid: 'RXL-7f3a9c21' } });
    await expect(verifyTokenJws(await signToken(base, other), t, now)).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
    const early = { ...base, iat: Date.parse('2025-12-31T00:00:00Z') / 1000 };
    await expect(verifyTokenJws(await signToken(early, rxl), t, now)).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
    const jws = await signToken(base, rxl);
    await expect(verifyTokenJws(jws, t, exp * 1000 - 1)).resolves.toMatchObject({ ok: true });
    await expect(verifyTokenJws(jws, t, exp * 1000)).resolves.toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
  });
});

describe('protected headers are checked once per header text, with the same answers', () => {
  const token = { v: 1, pid: 'RXL-7f3a9c21', iss: 'RXL', rev: 4, iat: 1795000000, exp: 1800000000 };
  const now = Date.parse('2026-11-24T09:00:00Z');

  it('every case answers the same on every pass, before and after the remembered headers are emptied', async () => {
    const good = await signRecord(nurse(), rxl);
    const [h, p, s] = parts(good);
    const cases = [
      good,
      `${h}.${p}.${s.slice(0, -4)}AAAA`,
      await sign(nurse(), rxl, { typ: 'JWT' }),
      await sign(nurse(), attacker),
      await sign(nurse(), rxl, { jwk: rxl.jwk }),
      `AAAA.${p}.${s}`,
      `${b64u(new TextEncoder().encode('{"alg":"EdDSA","typ":"passport+jws"}'))}.${p}.${s}`,
    ];
    const answers = async () => Promise.all(cases.map((c) => verifyRecordJws(c, trust())));
    const first = await answers();
    expect(first.map((a) => (a.ok ? 'ok' : a.code))).toEqual([
      'ok',
      'SIGNATURE_INVALID',
      'SIGNATURE_INVALID',
      'KEY_UNTRUSTED',
      'SIGNATURE_INVALID',
      'SIGNATURE_INVALID',
      'KEY_UNTRUSTED',
    ]);
    expect(await answers()).toEqual(first);
    expect((await Promise.all([...cases].reverse().map((c) => verifyRecordJws(c, trust())))).reverse()).toEqual(first);
    // 1,500 more distinct headers: past the number remembered at once.
    for (let i = 0; i < 1500; i++) {
      const header = b64u(new TextEncoder().encode(JSON.stringify({ alg: 'EdDSA', typ: 'passport+jws', kid: `unknown-${i}` })));
      await expect(verifyRecordJws(`${header}.${p}.${s}`, trust())).resolves.toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
    }
    expect(await answers()).toEqual(first);
  });

  it('the same header text is judged for the kind asked: a token checked first does not make it a record', async () => {
    const t = await signToken(token, rxl);
    await expect(verifyTokenJws(t, trust(), now)).resolves.toMatchObject({ ok: true });
    await expect(verifyRecordJws(t, trust())).resolves.toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    await expect(verifyTokenJws(t, trust(), now)).resolves.toMatchObject({ ok: true });
  });

  it('a remembered failure cannot be changed by whoever receives it', async () => {
    const bad = await sign(nurse(), rxl, { typ: 'JWT' });
    const answer = await verifyRecordJws(bad, trust());
    expect(Object.isFrozen(answer)).toBe(true);
    expect(await verifyRecordJws(bad, trust())).toBe(answer);
  });
});
