/**
 * The Wycheproof Ed25519 vectors (../shared/testdata/ed25519) through both
 * raw Ed25519 checks the record/token/manifest JWS path can use: the core's
 * WebCrypto `verifyEd25519` and the main process's libsodium
 * `sodiumEd25519`. A JWS cannot carry an arbitrary message (its signing input is
 * always `header.payload` in base64url), so the vectors' messages are checked
 * at this level; jws.test.ts shows the same rejections through a full JWS.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { verifyEd25519, type Ed25519Check } from '../../../src/core/jws';
import { sodiumEd25519 } from '../../../src/main/crypto/ed25519';
import { hex } from './fixtures';

interface Vector {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface Group {
  publicKey: { pk: string };
  publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  tests: Vector[];
}

const file = path.resolve(__dirname, '../../../../shared/testdata/ed25519/ed25519_test.json');
const suite = JSON.parse(readFileSync(file, 'utf8')) as { numberOfTests: number; testGroups: Group[] };
const cases = suite.testGroups.flatMap((g) =>
  g.tests.map((t) => ({ ...t, jwk: g.publicKeyJwk, pk: g.publicKey.pk })),
);

describe('the Wycheproof Ed25519 file', () => {
  it('loads every vector in the file (151: 88 valid, 63 invalid)', () => {
    expect(cases).toHaveLength(suite.numberOfTests);
    expect(cases.filter((c) => c.result === 'valid')).toHaveLength(88);
    expect(cases.filter((c) => c.result === 'invalid')).toHaveLength(63);
  });

  it('every group key is the JWK form of its raw public key', () => {
    for (const c of cases) expect(Buffer.from(c.jwk.x, 'base64url').toString('hex')).toBe(c.pk);
  });
});

const checks: [string, Ed25519Check][] = [
  ['verifyEd25519 (WebCrypto)', verifyEd25519],
  ['sodiumEd25519 (libsodium)', sodiumEd25519],
];

describe.each(checks)('Wycheproof Ed25519 vectors through %s', (_name, check) => {

  it.each(cases.filter((c) => c.result === 'valid').map((c) => [c.tcId, c.comment, c] as const))(
    'accepts valid vector tcId %i (%s)',
    async (_id, _comment, c) => {
      await expect(Promise.resolve(check(c.jwk, hex(c.msg), hex(c.sig)))).resolves.toBe(true);
    },
  );

  it.each(cases.filter((c) => c.result !== 'valid').map((c) => [c.tcId, c.comment, c] as const))(
    'rejects invalid vector tcId %i (%s)',
    async (_id, _comment, c) => {
      await expect(Promise.resolve(check(c.jwk, hex(c.msg), hex(c.sig)))).resolves.toBe(false);
    },
  );
});

describe.each(checks)('%s edge cases', (_name, check) => {
  const jwk = cases[0]!.jwk;
  it('returns false, never throws, for a key that cannot be imported', async () => {
    await expect(Promise.resolve(check({ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(42) }, hex(''), new Uint8Array(64)))).resolves.toBe(false);
  });
  it('returns false for an empty signature', async () => {
    await expect(Promise.resolve(check(jwk, hex(''), new Uint8Array(0)))).resolves.toBe(false);
  });
});
