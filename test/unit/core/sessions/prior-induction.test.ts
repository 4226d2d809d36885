/** Prior induction (sessions.md "Prior induction") and the policy key it reads (verdict.md "Site policy"). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePolicy, parsePolicyJson } from '../../../../src/core/schemas/policy';
import { priorInductionFor, priorInductionFromVerdict, type InductionEvidence } from '../../../../src/core/sessions';
import { reachVerdict, type VerdictContext } from '../../../../src/core/verdict';
import { POLICY_JSON, makePolicy, nurse } from '../fixtures';
import { session } from './helpers';

const three = { induction: { recognisedYears: 3 } };
const evidence = (completed: string, patch: Partial<InductionEvidence> = {}): InductionEvidence => ({
  trusted: true,
  induction: { completed, by: 'RXL' },
  ...patch,
});
/** 09:00 GMT on 24 November 2026: local date 2026-11-24. */
const corporate = session({ kind: 'corporate', starts: '2026-11-24T09:00:00.000Z' });

describe('priorInductionFor', () => {
  it('recognises an induction whose completed + N years is exactly the local start date', () => {
    expect(priorInductionFor(corporate, evidence('2023-11-24'), three)).toEqual({ by: 'RXL', completed: '2023-11-24' });
  });

  it('does not recognise one completed a day earlier', () => {
    expect(priorInductionFor(corporate, evidence('2023-11-23'), three)).toBeNull();
  });

  it('recognises a more recent induction and names the organisation when known', () => {
    expect(priorInductionFor(corporate, evidence('2025-05-01', { byName: 'Blackpool Teaching Hospitals' }), three)).toEqual({
      by: 'RXL',
      byName: 'Blackpool Teaching Hospitals',
      completed: '2025-05-01',
    });
  });

  describe('uses the local (Europe/London) start date', () => {
    // 00:30 BST on 1 July 2026 is 23:30 UTC on 30 June: the local date is 1 July.
    const bst = session({ starts: '2026-06-30T23:30:00.000Z' });

    it('an induction that reaches only the UTC date is not recognised', () => {
      expect(priorInductionFor(bst, evidence('2023-06-30'), three)).toBeNull();
    });

    it('an induction that reaches the local date is', () => {
      expect(priorInductionFor(bst, evidence('2023-07-01'), three)).toEqual({ by: 'RXL', completed: '2023-07-01' });
    });

    it('in winter (GMT) the local date is the UTC date', () => {
      const gmt = session({ starts: '2026-12-01T00:30:00.000Z' });
      expect(priorInductionFor(gmt, evidence('2023-12-01'), three)).not.toBeNull();
      expect(priorInductionFor(gmt, evidence('2023-11-30'), three)).toBeNull();
    });
  });

  describe('29 February', () => {
    it('completed 2024-02-29 + 2 years is 2026-02-28: recognised on 28 February', () => {
      const s = session({ starts: '2026-02-28T09:00:00.000Z' });
      expect(priorInductionFor(s, evidence('2024-02-29'), { induction: { recognisedYears: 2 } })).not.toBeNull();
    });

    it('but not on 1 March', () => {
      const s = session({ starts: '2026-03-01T09:00:00.000Z' });
      expect(priorInductionFor(s, evidence('2024-02-29'), { induction: { recognisedYears: 2 } })).toBeNull();
    });

    it('+ 4 years lands on 29 February again', () => {
      const s = session({ starts: '2028-02-29T09:00:00.000Z' });
      expect(priorInductionFor(s, evidence('2024-02-29'), { induction: { recognisedYears: 4 } })).not.toBeNull();
    });
  });

  it('N = 0 recognises only an induction completed on or after the start date', () => {
    const zero = { induction: { recognisedYears: 0 } };
    expect(priorInductionFor(corporate, evidence('2026-11-24'), zero)).not.toBeNull();
    expect(priorInductionFor(corporate, evidence('2026-11-23'), zero)).toBeNull();
  });

  it.each(['local', 'role'] as const)('a %s session never recognises prior induction', (kind) => {
    expect(priorInductionFor(session({ kind }), evidence('2026-11-01'), three)).toBeNull();
  });

  it('without the policy key, never', () => {
    expect(priorInductionFor(corporate, evidence('2026-11-01'), {})).toBeNull();
  });

  it('an untrusted passport, never', () => {
    expect(priorInductionFor(corporate, evidence('2026-11-01', { trusted: false }), three)).toBeNull();
  });

  it('a passport with no induction recorded, never', () => {
    expect(priorInductionFor(corporate, { trusted: true, induction: undefined }, three)).toBeNull();
    expect(priorInductionFor(corporate, { trusted: true, induction: null }, three)).toBeNull();
  });
});

describe('priorInductionFromVerdict (the real verdict engine)', () => {
  const policy = makePolicy((p) => Object.assign(p, three));
  const ctx = (now: number): VerdictContext => ({
    policy,
    now,
    dataPublished: null,
    dataExpires: null,
    issuerName: (iss) => (iss === 'RXL' ? 'Blackpool Teaching Hospitals' : undefined),
  });
  const record = () => {
    const r = nurse();
    r.checks.induction = { completed: '2024-03-04', by: 'RXL' };
    return r;
  };
  const verdictAt = (r = record()) => reachVerdict({ kind: 'passport', record: r }, ctx(Date.parse('2026-11-24T09:00:00Z')));

  it('recognises the INDUCTION_RECORDED reason of a trusted passport, with the trust list name', () => {
    expect(priorInductionFromVerdict(corporate, verdictAt(), policy)).toEqual({
      by: 'RXL',
      byName: 'Blackpool Teaching Hospitals',
      completed: '2024-03-04',
    });
  });

  it('applies the same date rule: + 3 years must reach the start date', () => {
    const late = session({ starts: '2027-03-05T09:00:00.000Z' });
    expect(priorInductionFromVerdict(session({ starts: '2027-03-04T09:00:00.000Z' }), verdictAt(), policy)).not.toBeNull();
    expect(priorInductionFromVerdict(late, verdictAt(), policy)).toBeNull();
  });

  it('an untrusted record (verdict step 2 failed) is never recognised', () => {
    const v = reachVerdict({ kind: 'untrusted', code: 'SIGNATURE_INVALID', rev: 4 }, ctx(Date.parse('2026-11-24T09:00:00Z')));
    expect(v.passport).toBeNull();
    expect(priorInductionFromVerdict(corporate, v, policy)).toBeNull();
  });

  it('a revoked passport, whose checks are not evaluated, is not recognised', () => {
    const r = record();
    r.status = 'revoked';
    expect(priorInductionFromVerdict(corporate, verdictAt(r), policy)).toBeNull();
  });

  it('a passport with no induction is not recognised', () => {
    const r = record();
    delete r.checks.induction;
    expect(priorInductionFromVerdict(corporate, verdictAt(r), policy)).toBeNull();
  });

  it('nor for a local session, nor without the policy key', () => {
    expect(priorInductionFromVerdict(session({ kind: 'local' }), verdictAt(), policy)).toBeNull();
    expect(priorInductionFromVerdict(corporate, verdictAt(), makePolicy())).toBeNull();
  });
});

describe('the induction policy key', () => {
  it.each([0, 3, 10])('accepts recognisedYears %d', (n) => {
    expect(parsePolicy({ ...POLICY_JSON, induction: { recognisedYears: n } })).toMatchObject({ ok: true, value: { induction: { recognisedYears: n } } });
  });

  it('is optional', () => {
    const parsed = parsePolicy(POLICY_JSON);
    expect(parsed.ok && parsed.value.induction).toBeUndefined();
  });

  it.each([
    [{ recognisedYears: 11 }, 'policy: induction.recognisedYears: '],
    [{ recognisedYears: -1 }, 'policy: induction.recognisedYears: '],
    [{ recognisedYears: 1.5 }, 'policy: induction.recognisedYears: '],
    [{}, 'policy: induction.recognisedYears: '],
    [3, 'policy: induction: '],
  ])('refuses %j naming the field', (induction, message) => {
    const parsed = parsePolicy({ ...POLICY_JSON, induction });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.startsWith(message)).toBe(true);
  });

  it('is set in the shipped default and demo policies, and explained in docs/policy.md', () => {
    const root = path.resolve(__dirname, '../../../..');
    for (const file of ['resources/policy/default-policy.json', 'resources/demo/policy.json']) {
      const parsed = parsePolicyJson(readFileSync(path.join(root, file), 'utf8'));
      expect(parsed.ok && parsed.value.induction).toEqual({ recognisedYears: 3 });
    }
    expect(readFileSync(path.join(root, 'docs/policy.md'), 'utf8')).toContain('`induction.recognisedYears` | 3 |');
  });
});
