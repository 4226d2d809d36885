/* eslint-disable @typescript-eslint/no-explicit-any -- the tests break untyped JSON copies on purpose */
/**
 * zod schemas for the policy, the passport record, the trust list and the QR
 * token: the spec's own examples parse, and every refusal names its field.
 */
import { parsePassport } from '../../../src/core/schemas/passport';
import { parsePolicy, parsePolicyJson, groupPolicyFor } from '../../../src/core/schemas/policy';
import { trustListSchema } from '../../../src/core/schemas/trust-list';
import { tokenPayloadSchema } from '../../../src/core/schemas/token';
import { describeZodError } from '../../../src/core/schemas/common';
import { nurse, POLICY_JSON } from './fixtures';

/** The site policy exactly as verdict.md shows it. */
const SPEC_POLICY = {
  v: 1,
  warnDays: 30,
  dbsMaxAgeYears: 3,
  trainingYears: POLICY_JSON.trainingYears,
  groups: { '*': POLICY_JSON.groups['*'], 'medical-dental': POLICY_JSON.groups['medical-dental'] },
};

const policyError = (patch: (p: any) => void) => {
  const p = structuredClone(SPEC_POLICY);
  patch(p);
  const r = parsePolicy(p);
  return r.ok ? 'ok' : r.error;
};

describe('site policy', () => {
  it('accepts verdict.md’s example, naming only the groups that differ from "*"', () => {
    const r = parsePolicy(SPEC_POLICY);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(groupPolicyFor(r.value, 'medical-dental').registration).toEqual(['GMC', 'GDC']);
      expect(groupPolicyFor(r.value, 'students')).toBe(r.value.groups['*']);
    }
  });

  it.each([
    ['an unknown DBS level', (p: any) => (p.groups['medical-dental'].dbs.minLevel = 'full'), /^policy: groups\.medical-dental\.dbs\.minLevel: .*"basic"\|"standard"\|"enhanced"/],
    ['a negative warnDays', (p: any) => (p.warnDays = -1), /^policy: warnDays: /],
    ['a fractional warnDays', (p: any) => (p.warnDays = 1.5), /^policy: warnDays: /],
    ['no "*" entry', (p: any) => delete p.groups['*'], /^policy: groups\.\*: is required/],
    ['a group with no registration key', (p: any) => delete p.groups['*'].registration, /^policy: groups\.\*\.registration: /],
    ['an unknown check in require', (p: any) => p.groups['*'].require.push('references'), /^policy: groups\.\*\.require\.4: /],
    ['an unknown staff group', (p: any) => (p.groups['doctors'] = p.groups['*']), /^policy: groups: .*"doctors"/],
    ['an unknown registration body', (p: any) => (p.groups['medical-dental'].registration = ['GMC', 'BMA']), /^policy: groups\.medical-dental\.registration\.1: /],
    ['required training with no refresher period', (p: any) => delete p.trainingYears['fire-safety'], /^policy: groups\.\*\.training\.0: fire-safety is required but trainingYears gives no refresher period/],
    ['an unknown training subject in trainingYears', (p: any) => (p.trainingYears['first-aid'] = 1), /^policy: trainingYears/],
    ['a dbsMaxAgeYears of 0', (p: any) => (p.dbsMaxAgeYears = 0), /^policy: dbsMaxAgeYears: /],
    ['version 2', (p: any) => (p.v = 2), /^policy: v: /],
  ])('refuses %s, naming the field', (_name, patch, want) => {
    expect(policyError(patch)).toMatch(want);
  });

  it('accepts dbsMaxAgeYears null and registration null', () => {
    expect(policyError((p) => { p.dbsMaxAgeYears = null; p.groups['medical-dental'].registration = null; })).toBe('ok');
  });

  it('parsePolicyJson reports malformed JSON as one line', () => {
    const r = parsePolicyJson('{"v":1,');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^policy: not valid JSON/) });
  });
});

describe('passport record', () => {
  const recordError = (patch: (r: any) => void) => {
    const r = structuredClone(nurse()) as any;
    patch(r);
    const p = parsePassport(r);
    return p.ok ? 'ok' : p.error;
  };

  it('accepts passport.md’s example (with a photo)', () => {
    expect(recordError((r) => (r.person.photo = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'))).toBe('ok');
  });

  it.each([
    ['v 2', (r: any) => (r.v = 2), /^record: v: /],
    ['a missing person name', (r: any) => delete r.person.name, /^record: person\.name: /],
    ['an unknown staff group', (r: any) => (r.person.staffGroup = 'doctors'), /^record: person\.staffGroup: /],
    ['an unknown DBS level', (r: any) => (r.checks.dbs.level = 'full'), /^record: checks\.dbs\.level: /],
    ['an unknown registration status', (r: any) => (r.checks.registration.status = 'struck-off'), /^record: checks\.registration\.status: /],
    ['an unknown training subject', (r: any) => (r.checks.training[0].subject = 'first-aid'), /^record: checks\.training\.0\.subject: /],
    ['a missing rightToWork.until (required, may be null)', (r: any) => delete r.checks.rightToWork.until, /^record: checks\.rightToWork\.until: /],
    ['a wrong type', (r: any) => (r.rev = '4'), /^record: rev: /],
    ['rev 0', (r: any) => (r.rev = 0), /^record: rev: /],
    ['an impossible date', (r: any) => (r.checks.identity.on = '2026-02-30'), /^record: checks\.identity\.on: /],
    ['a lowercase NFC UID', (r: any) => (r.badges[1].value = '04a23b9c5d6e80'), /^record: badges\.1\.value: /],
    ['a 5-byte NFC UID', (r: any) => (r.badges[1].value = '04A23B9C5D'), /^record: badges\.1\.value: /],
    ['an ODS code in lowercase', (r: any) => (r.iss = 'rxl'), /^record: iss: /],
    ['an id with a space', (r: any) => (r.id = 'RXL 1'), /^record: id: /],
    ['an id of 65 characters', (r: any) => (r.id = 'R'.repeat(65)), /^record: id: /],
    ['an unknown status', (r: any) => (r.status = 'deleted'), /^record: status: /],
    ['no checks object', (r: any) => delete r.checks, /^record: checks: /],
  ])('refuses %s, naming the field', (_name, patch, want) => {
    expect(recordError(patch)).toMatch(want);
  });

  it('ignores unknown extra fields (forward compatibility) and does not keep them', () => {
    const r = { ...nurse(), future: { x: 1 }, person: { ...nurse().person, pronouns: 'she/her' } };
    const p = parsePassport(r);
    expect(p.ok).toBe(true);
    if (p.ok) {
      expect(p.value).not.toHaveProperty('future');
      expect((p.value as { person: object }).person).not.toHaveProperty('pronouns');
    }
  });

  it('an erased record keeps only v, id, rev, iss, issuedAt, status', () => {
    const r = { ...nurse(), status: 'erased' };
    const p = parsePassport(r);
    expect(p).toEqual({
      ok: true,
      value: { v: 1, id: 'RXL-7f3a9c21', rev: 4, iss: 'RXL', issuedAt: '2026-11-20T14:03:00Z', status: 'erased' },
    });
    // and still needs its header fields
    expect(parsePassport({ v: 1, id: 'RXL-1', rev: 2, iss: 'RXL', status: 'erased' })).toMatchObject({ ok: false, error: expect.stringMatching(/^record: issuedAt: /) });
  });

  it('each check may be absent (absence means “not done”)', () => {
    expect(recordError((r) => (r.checks = {}))).toBe('ok');
  });
});

describe('trust list', () => {
  const spec = {
    v: 1,
    issuers: [
      {
        iss: 'RXL',
        name: 'Blackpool Teaching Hospitals NHS Foundation Trust',
        keys: [{ kid: 'rxl-2026-1', jwk: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, from: '2026-01-01T00:00:00Z', to: null, status: 'active' }],
      },
    ],
  };
  const err = (patch: (t: any) => void) => {
    const t = structuredClone(spec);
    patch(t);
    const r = trustListSchema.safeParse(t);
    return r.success ? 'ok' : describeZodError('trust list', r.error);
  };

  it('accepts passport.md’s example', () => expect(err(() => {})).toBe('ok'));
  it('refuses a kid used twice across issuers', () => {
    expect(err((t) => t.issuers.push({ iss: 'R0A', name: 'Other', keys: [structuredClone(t.issuers[0].keys[0])] }))).toMatch(
      /^trust list: issuers\.1\.keys\.0\.kid: kid rxl-2026-1 is not unique/,
    );
  });
  it('refuses a JWK carrying a private part', () => {
    expect(err((t) => (t.issuers[0].keys[0].jwk.d = 'AAAA'))).toMatch(/^trust list: issuers\.0\.keys\.0\.jwk\.d: /);
  });
  it('refuses a non-Ed25519 key and an unknown status', () => {
    expect(err((t) => (t.issuers[0].keys[0].jwk.crv = 'X25519'))).toMatch(/^trust list: issuers\.0\.keys\.0\.jwk\.crv: /);
    expect(err((t) => (t.issuers[0].keys[0].status = 'revoked'))).toMatch(/^trust list: issuers\.0\.keys\.0\.status: /);
  });
});

describe('QR token payload', () => {
  const token = { v: 1, pid: 'RXL-7f3a9c21', iss: 'RXL', rev: 4, iat: 1763974800, exp: 1795510800 };
  it('accepts scan.md’s example and ignores extra claims', () => {
    expect(tokenPayloadSchema.parse({ ...token, nbf: 1 })).toEqual(token);
  });
  it('refuses a missing exp and a fractional iat, naming the field', () => {
    const { exp: _exp, ...noExp } = token;
    const a = tokenPayloadSchema.safeParse(noExp);
    expect(a.success ? 'ok' : describeZodError('token', a.error)).toMatch(/^token: exp: /);
    const b = tokenPayloadSchema.safeParse({ ...token, iat: 1.5 });
    expect(b.success ? 'ok' : describeZodError('token', b.error)).toMatch(/^token: iat: /);
  });
});
