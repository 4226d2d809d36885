import { checkProtectedHeader, isCompactJws, JWS_TYP } from '../../../src/core/jws';

/** The header rules shared by the core's JWS path and the sync's fast record verifier. */
describe('checkProtectedHeader', () => {
  const good = { alg: 'EdDSA', kid: 'rxl-2026-1', typ: JWS_TYP.record };

  it('accepts an EdDSA header of the right typ with a kid, and returns the kid', () => {
    expect(checkProtectedHeader(good, JWS_TYP.record)).toEqual({ ok: true, kid: 'rxl-2026-1' });
    expect(checkProtectedHeader({ ...good, b64: true }, JWS_TYP.record)).toEqual({ ok: true, kid: 'rxl-2026-1' });
  });

  it.each([
    ['not an object', ['EdDSA']],
    ['null', null],
    ['alg none', { ...good, alg: 'none' }],
    ['alg Ed25519 (fully specified, not the contract)', { ...good, alg: 'Ed25519' }],
    ['alg HS256', { ...good, alg: 'HS256' }],
    ['token typ on a record', { ...good, typ: JWS_TYP.token }],
    ['manifest typ on a record', { ...good, typ: JWS_TYP.manifest }],
    ['no typ', { alg: 'EdDSA', kid: 'k' }],
    ['embedded jwk', { ...good, jwk: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) } }],
    ['jku', { ...good, jku: 'https://attacker.example/keys' }],
    ['x5u', { ...good, x5u: 'https://attacker.example/cert' }],
    ['x5c', { ...good, x5c: ['MIIB'] }],
    ['critical extension', { ...good, crit: ['exp'] }],
    ['unencoded payload', { ...good, b64: false, crit: ['b64'] }],
  ])('refuses %s as SIGNATURE_INVALID', (_what, header) => {
    expect(checkProtectedHeader(header, JWS_TYP.record)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it.each([
    ['no kid', { alg: 'EdDSA', typ: JWS_TYP.record }],
    ['empty kid', { ...good, kid: '' }],
    ['numeric kid', { ...good, kid: 7 }],
  ])('gives KEY_UNTRUSTED for %s: no trusted key is named', (_what, header) => {
    expect(checkProtectedHeader(header, JWS_TYP.record)).toMatchObject({ ok: false, code: 'KEY_UNTRUSTED' });
  });

  it('isCompactJws wants three non-empty base64url segments', () => {
    expect(isCompactJws('a.b.c')).toBe(true);
    expect(isCompactJws('a..c')).toBe(false);
    expect(isCompactJws('a.b.c.d')).toBe(false);
    expect(isCompactJws('a.b+.c')).toBe(false);
    expect(isCompactJws(42)).toBe(false);
  });
});
