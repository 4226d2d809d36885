/**
 * From a raw payload to a verdict (scan.md + verdict.md steps 1–2) through
 * `verdictForPayload`, with an in-memory PassportStore holding real compact
 * JWS signed with generated Ed25519 keys.
 */
import { verdictForPassportId, verdictForPayload } from '../../../src/core/scan-verdict';
import type { ErasedPassport, LivePassport } from '../../../src/core/schemas/passport';
import {
  doctor,
  makeKey,
  MemoryStore,
  nurse,
  NOW,
  POLICY,
  signRecord,
  signToken,
  trustIndex,
  type KeyPair,
  type KeySpec,
} from './fixtures';

let rxl: KeyPair;
let r0a: KeyPair;
let stranger: KeyPair;
beforeAll(async () => {
  [rxl, r0a, stranger] = await Promise.all([makeKey('rxl-2026-1'), makeKey('r0a-2026-1'), makeKey('zz-1')]);
});

const keys = (over: Partial<KeySpec> = {}): KeySpec[] => [
  { key: rxl, iss: 'RXL', ...over },
  { key: r0a, iss: 'R0A' },
];
const snapshot = (specs = keys(), expires = '2026-11-26T06:00:00Z') => ({
  trust: trustIndex(specs),
  published: '2026-11-24T06:00:00Z',
  expires,
});

async function storeWith(records: LivePassport[], specs = keys(), expires?: string): Promise<MemoryStore> {
  const store = new MemoryStore(snapshot(specs, expires));
  for (const r of records) store.put(r, await signRecord(r, r.iss === 'R0A' ? r0a : rxl));
  return store;
}

const scan = (raw: string, store: MemoryStore, now = NOW) => verdictForPayload(raw, store, POLICY, now);
const codesOf = async (p: ReturnType<typeof scan>) => (await p).verdict.reasons.map((r) => r.code);

const tokenFor = (over: Record<string, unknown> = {}, key?: KeyPair) =>
  signToken({ v: 1, pid: 'RXL-7f3a9c21', iss: 'RXL', rev: 4, iat: Date.parse('2026-11-01T00:00:00Z') / 1000, exp: Date.parse('2027-11-01T00:00:00Z') / 1000, ...over }, key ?? rxl);

describe('badge and NFC lookups', () => {
  it('finds a passport by barcode and by NFC UID in any separator form', async () => {
    const store = await storeWith([nurse(), doctor()]);
    for (const raw of ['RXL0012345', '  RXL0012345\r\n', '04A23B9C5D6E80', '04:a2:3b:9c:5d:6e:80', '04-A2-3B-9C-5D-6E-80', '04 a2 3b 9c 5d 6e 80']) {
      const r = await scan(raw, store);
      expect(r.verdict).toMatchObject({ outcome: 'cleared', passport: { id: 'RXL-7f3a9c21', name: 'Amira Patel' } });
    }
    expect((await scan('RXL0012345', store)).kind).toBe('badge');
    expect((await scan('04:a2:3b:9c:5d:6e:80', store)).kind).toBe('nfc');
  });

  it('NO_DATA before the first completed sync, whatever the payload', async () => {
    const store = new MemoryStore(null);
    for (const raw of ['RXL0012345', '', 'x'.repeat(5000), await tokenFor()]) {
      expect(await codesOf(scan(raw, store))).toEqual(['NO_DATA']);
    }
    expect((await scan('RXL0012345', store)).verdict).toMatchObject({ outcome: 'unknown', passport: null, dataPublished: null });
  });

  it('BADGE_UNKNOWN for an unknown badge, an empty payload and one over 4096 characters', async () => {
    const store = await storeWith([nurse()]);
    expect(await codesOf(scan('RXL9999999', store))).toEqual(['BADGE_UNKNOWN']);
    expect(await codesOf(scan(' \t\r\n', store))).toEqual(['BADGE_UNKNOWN']);
    const long = await scan(`RXL0012345${'x'.repeat(4087)}`, store);
    expect(long.verdict.reasons.map((r) => r.code)).toEqual(['BADGE_UNKNOWN']);
    expect(long.kind).toBeNull();
    expect((await scan('RXL0012345', store)).verdict.outcome).toBe('cleared');
  });

  it('an erased passport is never found by its badges', async () => {
    const store = await storeWith([nurse()]);
    const erased: ErasedPassport = { v: 1, id: 'RXL-7f3a9c21', rev: 5, iss: 'RXL', issuedAt: '2026-11-22T00:00:00Z', status: 'erased' };
    store.put(erased, await signRecord(erased, rxl));
    // the badge index entry from rev 4 is still there in this fake; the store filters erased ids
    expect(await codesOf(scan('RXL0012345', store))).toEqual(['BADGE_UNKNOWN']);
  });

  it('BADGE_AMBIGUOUS when two passports carry the badge (refer, no person)', async () => {
    const other = doctor();
    other.badges = [{ type: 'barcode', value: 'RXL0012345' }];
    const store = await storeWith([nurse(), other]);
    const r = await scan('RXL0012345', store);
    expect(r.verdict).toMatchObject({ outcome: 'refer', reasons: [{ code: 'BADGE_AMBIGUOUS' }], passport: null });
  });

  it('a UID-shaped badge number is looked up both ways: hits from either count', async () => {
    const a = nurse();
    a.badges = [{ type: 'nfc', value: '12345678' }];
    const b = doctor();
    b.badges = [{ type: 'barcode', value: '12345678' }];
    expect((await scan('12345678', await storeWith([a]))).verdict.passport?.id).toBe(a.id);
    expect((await scan('12345678', await storeWith([b]))).verdict.passport?.id).toBe(b.id);
    expect(await codesOf(scan('12345678', await storeWith([a, b])))).toEqual(['BADGE_AMBIGUOUS']);
    // one passport carrying both forms is one hit, not ambiguous
    const both = nurse();
    both.badges = [{ type: 'nfc', value: '12345678' }, { type: 'barcode', value: '12345678' }];
    expect((await scan('12345678', await storeWith([both]))).verdict.outcome).toBe('cleared');
  });
});

describe('signed QR tokens', () => {
  it('a valid token gives the cached record’s verdict', async () => {
    const store = await storeWith([nurse()]);
    const r = await scan(await tokenFor(), store);
    expect(r.kind).toBe('token');
    expect(r.verdict).toMatchObject({ outcome: 'cleared', passport: { id: 'RXL-7f3a9c21' } });
  });

  it('DATA_BEHIND is added when the token’s rev is higher than the cached record’s', async () => {
    const store = await storeWith([nurse()]);
    const r = await scan(await tokenFor({ rev: 6 }), store);
    expect(r.verdict.outcome).toBe('refer');
    expect(r.verdict.reasons.map((x) => x.code)).toEqual(['DATA_BEHIND', 'INDUCTION_RECORDED']);
    expect(r.verdict.passport?.name).toBe('Amira Patel');
  });

  it('PASSPORT_NOT_IN_CACHE when the token names an absent or erased passport', async () => {
    const store = await storeWith([nurse()]);
    expect(await codesOf(scan(await tokenFor({ pid: 'RXL-nobody' }), store))).toEqual(['PASSPORT_NOT_IN_CACHE']);
    const erased: ErasedPassport = { v: 1, id: 'RXL-7f3a9c21', rev: 5, iss: 'RXL', issuedAt: '2026-11-22T00:00:00Z', status: 'erased' };
    store.put(erased, await signRecord(erased, rxl));
    const r = await scan(await tokenFor(), store);
    expect(r.verdict).toMatchObject({ outcome: 'unknown', reasons: [{ code: 'PASSPORT_NOT_IN_CACHE' }], passport: null });
  });

  it('KEY_UNTRUSTED when the token’s issuer is not the cached passport’s issuer', async () => {
    const store = await storeWith([nurse()]);
    const t = await tokenFor({ iss: 'R0A' }, r0a); // genuine R0A token vouching for an RXL passport
    const r = await scan(t, store);
    expect(r.verdict).toMatchObject({ outcome: 'not-cleared', reasons: [{ code: 'KEY_UNTRUSTED' }], passport: null });
  });

  it('KEY_UNTRUSTED for an unknown kid or another issuer’s key; SIGNATURE_INVALID for a tampered token', async () => {
    const store = await storeWith([nurse()]);
    expect(await codesOf(scan(await tokenFor({}, stranger), store))).toEqual(['KEY_UNTRUSTED']);
    expect(await codesOf(scan(await tokenFor({}, r0a), store))).toEqual(['KEY_UNTRUSTED']); // iss RXL, key of R0A
    const [h, p, s] = (await tokenFor()).split('.');
    const flip = s![10] === 'A' ? 'B' : 'A'; // a whole-sextet change in the middle of the signature
    const tampered = `${h}.${p}.${s!.slice(0, 10)}${flip}${s!.slice(11)}`;
    expect(await codesOf(scan(tampered, store))).toEqual(['SIGNATURE_INVALID']);
    // a record's JWS shown as a token: wrong typ
    expect(await codesOf(scan(await signRecord(nurse(), rxl), store))).toEqual(['SIGNATURE_INVALID']);
  });

  it('TOKEN_EXPIRED once now ≥ exp, standing alone', async () => {
    const store = await storeWith([nurse()], keys(), '2026-01-01T00:00:00Z');
    const exp = NOW / 1000;
    const r = await scan(await tokenFor({ exp }), store);
    expect(r.verdict).toMatchObject({ outcome: 'not-cleared', reasons: [{ code: 'TOKEN_EXPIRED' }], passport: null });
    expect(r.verdict.reasons).toHaveLength(1); // no DATA_STALE added to a step-1 verdict
    const before = await scan(await tokenFor({ exp: exp + 1 }), store);
    expect(before.verdict.reasons[0]!.code).toBe('DATA_STALE');
  });
});

describe('step 2: the stored record is re-verified at every scan', () => {
  it('SIGNATURE_INVALID, with no person data, when the stored JWS was altered', async () => {
    const store = await storeWith([nurse()]);
    const stored = store.findById('RXL-7f3a9c21')!;
    const [h, , s] = stored.jws!.split('.');
    const forged = { ...nurse(), person: { ...nurse().person, name: 'Mallory' } };
    store.putRaw({ ...stored, jws: `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}` });
    const r = await scan('RXL0012345', store);
    expect(r.verdict).toMatchObject({ outcome: 'not-cleared', reasons: [{ code: 'SIGNATURE_INVALID' }], passport: null });
  });

  it('KEY_UNTRUSTED when the trust list now marks the signing key compromised (plus freshness)', async () => {
    const store = await storeWith([nurse()], keys({ status: 'compromised' }), '2026-11-24T08:00:00Z');
    const r = await scan('RXL0012345', store);
    expect(r.verdict).toMatchObject({ outcome: 'not-cleared', passport: null });
    expect(r.verdict.reasons.map((x) => x.code)).toEqual(['KEY_UNTRUSTED', 'DATA_STALE']);
  });

  it('a record stored under another id does not pass as this one', async () => {
    const store = await storeWith([nurse()]);
    const d = doctor();
    store.putRaw({ ...store.findById('RXL-7f3a9c21')!, jws: await signRecord(d, rxl) });
    expect(await codesOf(scan('RXL0012345', store))).toEqual(['SIGNATURE_INVALID']);
  });

  it('a revoked passport: PASSPORT_REVOKED with the name and issuer shown', async () => {
    const r = nurse();
    r.status = 'revoked';
    const v = (await scan('RXL0012345', await storeWith([r]))).verdict;
    expect(v).toMatchObject({
      outcome: 'not-cleared',
      reasons: [{ code: 'PASSPORT_REVOKED' }],
      passport: { name: 'Amira Patel', issuerName: 'Blackpool Teaching Hospitals NHS Foundation Trust' },
    });
  });

  it('DATA_STALE joins a trusted verdict once the last manifest has expired', async () => {
    const store = await storeWith([nurse()], keys(), '2026-11-24T08:59:59Z');
    const v = (await scan('RXL0012345', store)).verdict;
    expect(v.outcome).toBe('refer');
    expect(v.reasons.map((x) => x.code)).toEqual(['DATA_STALE', 'INDUCTION_RECORDED']);
    expect(v.dataPublished).toBe('2026-11-24T06:00:00Z');
  });
});

describe('verdictForPassportId (a roster row named by passport id)', () => {
  it('gives the same verdict as scanning that passport, with the trusted record for roster matching', async () => {
    const store = await storeWith([nurse(), doctor()]);
    const byId = await verdictForPassportId('RXL-7f3a9c21', store, POLICY, NOW);
    const byScan = await scan('RXL0012345', store);
    expect(byId.verdict).toEqual(byScan.verdict);
    expect(byId.record?.badges.map((b) => b.value)).toEqual(byScan.record?.badges.map((b) => b.value));
    expect(byId.record?.id).toBe('RXL-7f3a9c21');
  });

  it('is PASSPORT_NOT_IN_CACHE for an id the cache does not hold, NO_DATA before the first sync', async () => {
    const store = await storeWith([nurse()]);
    expect((await verdictForPassportId('RXL-00000000', store, POLICY, NOW)).verdict.reasons.map((r) => r.code)).toEqual(['PASSPORT_NOT_IN_CACHE']);
    const empty = new MemoryStore(null);
    expect((await verdictForPassportId('RXL-7f3a9c21', empty, POLICY, NOW)).verdict.reasons.map((r) => r.code)).toEqual(['NO_DATA']);
  });

  it('carries no record when the stored record is no longer trusted', async () => {
    const store = await storeWith([nurse()], keys({ status: 'compromised' }));
    const r = await verdictForPassportId('RXL-7f3a9c21', store, POLICY, NOW);
    expect(r.record).toBeUndefined();
    expect(r.verdict.passport).toBeNull();
  });
});
