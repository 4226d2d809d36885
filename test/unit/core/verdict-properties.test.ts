/**
 * Property tests (fast-check) over generated records and policies:
 * - the outcome is the worst severity among the reasons;
 * - reasons are sorted by severity and each carries its code's severity;
 * - at most one reason per check and per training subject;
 * - making any single check better never makes the outcome worse.
 */
import fc from 'fast-check';
import {
  BARRED_LISTS,
  CHECK_NAMES,
  CSTF_SUBJECTS,
  DBS_LEVELS,
  REASON_SEVERITY,
  REGISTRATION_BODIES,
  SEVERITIES,
  type Outcome,
} from '../../../src/core/codes';
import { addDays } from '../../../src/core/dates';
import { reachVerdict, type Identification, type Verdict } from '../../../src/core/verdict';
import { parsePolicy, type SitePolicy } from '../../../src/core/schemas/policy';
import type { LivePassport } from '../../../src/core/schemas/passport';
import { context, NOW, POLICY_JSON, TODAY } from './fixtures';

const date = fc.integer({ min: -1500, max: 1500 }).map((n) => addDays(TODAY, n));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const policyArb: fc.Arbitrary<SitePolicy> = fc
  .record({
    warnDays: fc.integer({ min: 0, max: 120 }),
    dbsMaxAgeYears: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    require: fc.subarray([...CHECK_NAMES]),
    minLevel: fc.constantFrom(...DBS_LEVELS),
    barredLists: fc.subarray([...BARRED_LISTS]),
    registration: fc.option(fc.subarray([...REGISTRATION_BODIES]), { nil: null }),
    training: fc.subarray([...CSTF_SUBJECTS]),
  })
  .map((g) => {
    const parsed = parsePolicy({
      v: 1,
      warnDays: g.warnDays,
      dbsMaxAgeYears: g.dbsMaxAgeYears,
      trainingYears: POLICY_JSON.trainingYears,
      groups: {
        '*': {
          require: g.require,
          dbs: { minLevel: g.minLevel, barredLists: g.barredLists },
          registration: g.registration,
          training: g.training,
        },
      },
    });
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  });

const checksArb = fc.record({
  identity: opt(fc.record({ outcome: fc.constantFrom('verified', 'pending'), on: date })),
  rightToWork: opt(fc.record({ outcome: fc.constantFrom('verified', 'pending'), on: date, until: fc.option(date, { nil: null }) })),
  dbs: opt(
    fc.record({
      outcome: fc.constantFrom('satisfactory', 'unsatisfactory', 'pending'),
      level: fc.constantFrom(...DBS_LEVELS),
      barredLists: fc.subarray([...BARRED_LISTS]),
      on: date,
      updateService: fc.boolean(),
    }),
  ),
  registration: opt(
    fc.record({
      body: fc.constantFrom(...REGISTRATION_BODIES),
      number: fc.constant('1234567'),
      status: fc.constantFrom('registered', 'registered-with-conditions', 'suspended', 'lapsed', 'removed'),
      until: fc.option(date, { nil: null }),
    }),
  ),
  occupationalHealth: opt(
    fc.record({
      outcome: fc.constantFrom('cleared', 'cleared-with-adjustments', 'not-cleared', 'pending'),
      on: date,
      review: fc.option(date, { nil: null }),
    }),
  ),
  training: opt(fc.array(fc.record({ subject: fc.constantFrom(...CSTF_SUBJECTS), completed: date, until: opt(date) }), { maxLength: 8 })),
  induction: opt(fc.record({ completed: date, by: fc.constantFrom('RXL', 'R0A') })),
});

const recordArb: fc.Arbitrary<LivePassport> = fc
  .record({ status: fc.constantFrom('active', 'active', 'active', 'suspended', 'revoked'), checks: checksArb })
  .map(({ status, checks }) => ({
    v: 1,
    id: 'RXL-prop',
    rev: 3,
    iss: 'RXL',
    issuedAt: '2026-11-01T00:00:00Z',
    status,
    person: { name: 'Pat Doe', staffGroup: 'admin-clerical', role: 'Receptionist' },
    badges: [],
    checks: checks as LivePassport['checks'],
  }));

const idArb: fc.Arbitrary<Identification> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ record: recordArb, tokenRev: opt(fc.integer({ min: 1, max: 5 })) }).map(({ record, tokenRev }) => (tokenRev === undefined ? { kind: 'passport' as const, record } : { kind: 'passport' as const, record, tokenRev })) },
  { weight: 1, arbitrary: fc.constantFrom('NO_DATA', 'BADGE_UNKNOWN', 'PASSPORT_NOT_IN_CACHE', 'BADGE_AMBIGUOUS').map((code) => ({ kind: 'unidentified' as const, code })) },
  { weight: 1, arbitrary: fc.constantFrom('SIGNATURE_INVALID', 'KEY_UNTRUSTED', 'TOKEN_EXPIRED').map((code) => ({ kind: 'token-refused' as const, code })) },
  { weight: 1, arbitrary: fc.constantFrom('SIGNATURE_INVALID', 'KEY_UNTRUSTED').map((code) => ({ kind: 'untrusted' as const, code, rev: 3, tokenRev: 4 })) },
);

const expiresArb = fc.option(fc.integer({ min: -3, max: 3 }).map((h) => new Date(NOW + h * 3_600_000).toISOString()), { nil: null });

const rank = (s: (typeof SEVERITIES)[number]) => SEVERITIES.indexOf(s);
const OUTCOME_RANK: Record<Outcome, number> = { cleared: 0, refer: 1, 'not-cleared': 2, unknown: 3 };
/** The outcome verdict.md step 6 gives for the worst severity present. */
function expectedOutcome(v: Verdict): Outcome {
  const worst = Math.min(...v.reasons.map((r) => rank(r.severity)));
  const s = SEVERITIES[worst];
  return s === 'unknown' ? 'unknown' : s === 'block' ? 'not-cleared' : s === 'refer' ? 'refer' : 'cleared';
}

describe('verdict invariants over generated records and policies', () => {
  it('the outcome is the worst severity; reasons are sorted and carry their code’s severity; one reason per check/subject', () => {
    fc.assert(
      fc.property(idArb, policyArb, expiresArb, (id, policy, dataExpires) => {
        const v = reachVerdict(id, context({ policy, dataExpires }));
        expect(v.reasons.length).toBeGreaterThan(0);
        expect(v.outcome).toBe(expectedOutcome(v));
        for (const r of v.reasons) expect(r.severity).toBe(REASON_SEVERITY[r.code]);
        for (let i = 1; i < v.reasons.length; i++) {
          expect(rank(v.reasons[i - 1]!.severity)).toBeLessThanOrEqual(rank(v.reasons[i]!.severity));
        }
        const checks = v.reasons.filter((r) => r.check).map((r) => r.check);
        expect(new Set(checks).size).toBe(checks.length);
        const subjects = v.reasons.filter((r) => r.subject).map((r) => r.subject);
        expect(new Set(subjects).size).toBe(subjects.length);
        if (id.kind !== 'passport') expect(v.passport).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});

/** One way of making one check better (or adding missing evidence); returns a changed copy. */
type Improve = (r: LivePassport, p: SitePolicy, n: number, subject: (typeof CSTF_SUBJECTS)[number]) => void;
const later = (d: string | null, n: number) => (d === null ? null : addDays(d, n));

const improvements: Record<string, Improve> = {
  'status → active': (r) => { r.status = 'active'; },
  'identity: absent → pending': (r) => { r.checks.identity ??= { outcome: 'pending', on: '2024-01-01' }; },
  'identity: pending → verified': (r) => { if (r.checks.identity) r.checks.identity.outcome = 'verified'; },
  'rightToWork: absent → pending': (r) => { r.checks.rightToWork ??= { outcome: 'pending', on: '2024-01-01', until: null }; },
  'rightToWork: pending → verified': (r) => { if (r.checks.rightToWork) r.checks.rightToWork.outcome = 'verified'; },
  'rightToWork: later until': (r, _p, n) => { if (r.checks.rightToWork) r.checks.rightToWork.until = later(r.checks.rightToWork.until, n); },
  'rightToWork: no time limit': (r) => { if (r.checks.rightToWork) r.checks.rightToWork.until = null; },
  'dbs: absent → pending': (r) => { r.checks.dbs ??= { outcome: 'pending', level: 'basic', barredLists: [], on: '2024-01-01', updateService: false }; },
  'dbs: unsatisfactory → pending': (r) => { if (r.checks.dbs?.outcome === 'unsatisfactory') r.checks.dbs.outcome = 'pending'; },
  'dbs: pending → satisfactory': (r) => { if (r.checks.dbs?.outcome === 'pending') r.checks.dbs.outcome = 'satisfactory'; },
  'dbs: higher level': (r) => { if (r.checks.dbs) r.checks.dbs.level = DBS_LEVELS[Math.min(2, DBS_LEVELS.indexOf(r.checks.dbs.level) + 1)]!; },
  'dbs: add a barred list': (r) => { if (r.checks.dbs) r.checks.dbs.barredLists = [...new Set([...r.checks.dbs.barredLists, 'children' as const])]; },
  'dbs: joins the Update Service': (r) => { if (r.checks.dbs) r.checks.dbs.updateService = true; },
  'dbs: newer certificate': (r, _p, n) => { if (r.checks.dbs) r.checks.dbs.on = addDays(r.checks.dbs.on, n); },
  'registration: absent → registered, accepted body': (r, p) => {
    const accepted = p.groups['*']!.registration;
    if (!r.checks.registration && (accepted === null || accepted.length > 0)) {
      r.checks.registration = { body: accepted?.[0] ?? 'GMC', number: '1', status: 'registered', until: null };
    }
  },
  'registration: failed → with conditions': (r) => {
    const x = r.checks.registration;
    if (x && ['suspended', 'lapsed', 'removed'].includes(x.status)) x.status = 'registered-with-conditions';
  },
  'registration: conditions lifted': (r) => { if (r.checks.registration?.status === 'registered-with-conditions') r.checks.registration.status = 'registered'; },
  'registration: accepted body': (r, p) => {
    const accepted = p.groups['*']!.registration;
    if (r.checks.registration && accepted && accepted.length > 0) r.checks.registration.body = accepted[0]!;
  },
  'registration: later until': (r, _p, n) => { if (r.checks.registration) r.checks.registration.until = later(r.checks.registration.until, n); },
  'occupationalHealth: absent → pending': (r) => { r.checks.occupationalHealth ??= { outcome: 'pending', on: '2024-01-01', review: null }; },
  'occupationalHealth: not-cleared → pending': (r) => { if (r.checks.occupationalHealth?.outcome === 'not-cleared') r.checks.occupationalHealth.outcome = 'pending'; },
  'occupationalHealth: pending → with adjustments': (r) => { if (r.checks.occupationalHealth?.outcome === 'pending') r.checks.occupationalHealth.outcome = 'cleared-with-adjustments'; },
  'occupationalHealth: adjustments → cleared': (r) => { if (r.checks.occupationalHealth?.outcome === 'cleared-with-adjustments') r.checks.occupationalHealth.outcome = 'cleared'; },
  'occupationalHealth: later review': (r, _p, n) => { if (r.checks.occupationalHealth) r.checks.occupationalHealth.review = later(r.checks.occupationalHealth.review, n); },
  'training: add an entry': (r, _p, n, subject) => { r.checks.training = [...(r.checks.training ?? []), { subject, completed: addDays(TODAY, -n) }]; },
  'training: later until on an entry': (r, _p, n) => {
    const t = r.checks.training?.[0];
    if (t) t.until = addDays(t.until ?? t.completed, n + 4000);
  },
  'induction: recorded': (r) => { r.checks.induction ??= { completed: '2024-01-01', by: 'RXL' }; },
};

describe('monotonicity: making any single check better never makes the outcome worse', () => {
  it.each(Object.keys(improvements))('%s', (name) => {
    const improve = improvements[name]!;
    fc.assert(
      fc.property(recordArb, policyArb, fc.integer({ min: 1, max: 1500 }), fc.constantFrom(...CSTF_SUBJECTS), expiresArb, (record, policy, n, subject, dataExpires) => {
        const ctx = context({ policy, dataExpires });
        const before = reachVerdict({ kind: 'passport', record }, ctx);
        const better = structuredClone(record);
        improve(better, policy, n, subject);
        const after = reachVerdict({ kind: 'passport', record: better }, ctx);
        expect(OUTCOME_RANK[after.outcome]).toBeLessThanOrEqual(OUTCOME_RANK[before.outcome]);
      }),
      { numRuns: 250 },
    );
  });

  it('the improvements are not vacuous: each one changes the reasons of some generated verdict', () => {
    const changedFor = new Set<string>();
    fc.assert(
      fc.property(recordArb, policyArb, fc.integer({ min: 1, max: 1500 }), fc.constantFrom(...CSTF_SUBJECTS), (record, policy, n, subject) => {
        const ctx = context({ policy, dataExpires: null });
        const before = JSON.stringify(reachVerdict({ kind: 'passport', record }, ctx).reasons);
        for (const [name, improve] of Object.entries(improvements)) {
          const better = structuredClone(record);
          improve(better, policy, n, subject);
          if (JSON.stringify(reachVerdict({ kind: 'passport', record: better }, ctx).reasons) !== before) changedFor.add(name);
        }
      }),
      { numRuns: 3000, seed: 20261124 },
    );
    expect(Object.keys(improvements).filter((k) => !changedFor.has(k))).toEqual([]);
  });
});
