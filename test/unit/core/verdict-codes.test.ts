/**
 * Every reason code of verdict.md that steps 1–5 can give, asserted by code
 * through `reachVerdict` / `evaluateChecks`. (scan-verdict.test.ts reaches the
 * identification codes again from a raw payload.)
 */
import { REASON_CODES, REASON_SEVERITY, type ReasonCode } from '../../../src/core/codes';
import { evaluateChecks, reachVerdict, type Reason, type Verdict } from '../../../src/core/verdict';
import type { LivePassport } from '../../../src/core/schemas/passport';
import { context, doctor, makePolicy, nurse, POLICY, TODAY } from './fixtures';
import { describeReason } from '../../../src/core/sentences';

const verdictFor = (r: LivePassport, over = {}) => reachVerdict({ kind: 'passport', record: r }, context(over));
const codes = (v: Verdict | Reason[]) => (Array.isArray(v) ? v : v.reasons).map((r) => r.code);
const edit = (f: (r: LivePassport) => void, base: () => LivePassport = nurse) => {
  const r = base();
  f(r);
  return r;
};
const seen = new Set<ReasonCode>();
const note = (v: Verdict | Reason[]) => codes(v).forEach((c) => seen.add(c));

describe('a record with everything in place', () => {
  it('is cleared with only its induction shown, and shows the person', () => {
    const v = verdictFor(nurse());
    note(v);
    expect(v).toEqual({
      outcome: 'cleared',
      reasons: [{ code: 'INDUCTION_RECORDED', severity: 'info', completed: '2024-03-04', by: 'RXL', byName: 'Blackpool Teaching Hospitals NHS Foundation Trust' }],
      passport: {
        id: 'RXL-7f3a9c21',
        rev: 4,
        iss: 'RXL',
        issuerName: 'Blackpool Teaching Hospitals NHS Foundation Trust',
        name: 'Amira Patel',
        staffGroup: 'nursing-midwifery-registered',
        role: 'Staff Nurse',
      },
      localDate: TODAY,
      dataPublished: '2026-11-24T06:00:00Z',
    });
    note(verdictFor(doctor()));
    expect(verdictFor(doctor()).outcome).toBe('cleared');
  });
});

describe('step 1: identification codes stand alone, with no person', () => {
  it.each(['NO_DATA', 'BADGE_UNKNOWN', 'PASSPORT_NOT_IN_CACHE'] as const)('%s → unknown', (code) => {
    const v = reachVerdict({ kind: 'unidentified', code }, context({ dataExpires: '2020-01-01T00:00:00Z' }));
    note(v);
    expect(v).toMatchObject({ outcome: 'unknown', reasons: [{ code, severity: 'unknown' }], passport: null });
    expect(v.reasons).toHaveLength(1); // no DATA_STALE even though the data has expired
  });

  it('BADGE_AMBIGUOUS → refer, alone', () => {
    const v = reachVerdict({ kind: 'unidentified', code: 'BADGE_AMBIGUOUS' }, context({ dataExpires: '2020-01-01T00:00:00Z' }));
    note(v);
    expect(v).toMatchObject({ outcome: 'refer', reasons: [{ code: 'BADGE_AMBIGUOUS', severity: 'refer' }], passport: null });
    expect(v.reasons).toHaveLength(1);
  });

  it.each(['SIGNATURE_INVALID', 'KEY_UNTRUSTED', 'TOKEN_EXPIRED'] as const)('token refused with %s → not-cleared, alone', (code) => {
    const v = reachVerdict({ kind: 'token-refused', code }, context({ dataExpires: '2020-01-01T00:00:00Z' }));
    note(v);
    expect(v).toMatchObject({ outcome: 'not-cleared', reasons: [{ code, severity: 'block' }], passport: null });
    expect(v.reasons).toHaveLength(1);
  });
});

describe('step 2: a stored record that fails re-verification', () => {
  it.each(['SIGNATURE_INVALID', 'KEY_UNTRUSTED'] as const)('%s → not-cleared, no person data, plus freshness', (code) => {
    const v = reachVerdict({ kind: 'untrusted', code, rev: 4, tokenRev: 5 }, context({ dataExpires: '2026-11-24T08:00:00Z' }));
    note(v);
    expect(v.outcome).toBe('not-cleared');
    expect(v.passport).toBeNull();
    expect(codes(v)).toEqual([code, 'DATA_STALE', 'DATA_BEHIND']);
  });
});

describe('step 3: status', () => {
  it.each([
    ['revoked', 'PASSPORT_REVOKED'],
    ['suspended', 'PASSPORT_SUSPENDED'],
  ] as const)('%s → %s, name and issuer shown, checks not evaluated', (status, code) => {
    const v = verdictFor(edit((r) => {
      r.status = status;
      delete r.checks.identity; // would be CHECK_MISSING if checks were evaluated
      delete r.checks.induction;
    }));
    note(v);
    expect(v.outcome).toBe('not-cleared');
    expect(codes(v)).toEqual([code]);
    expect(v.passport).toMatchObject({ name: 'Amira Patel', issuerName: 'Blackpool Teaching Hospitals NHS Foundation Trust' });
  });
});

describe('step 4: check reasons', () => {
  const one = (r: LivePassport, policy = POLICY) => {
    const reasons = evaluateChecks(r, policy, TODAY).filter((x) => !x.code.startsWith('INDUCTION'));
    note(reasons);
    return reasons;
  };

  it.each(['identity', 'rightToWork', 'dbs', 'registration', 'occupationalHealth'] as const)(
    'CHECK_MISSING when required %s is absent',
    (check) => {
      expect(one(edit((r) => delete r.checks[check]))).toEqual([{ code: 'CHECK_MISSING', severity: 'refer', check }]);
    },
  );

  it('checks not in require are not evaluated', () => {
    // "*" does not require registration: a nurse-shaped record under "*" with no registration is fine.
    const r = edit((x) => {
      x.person.staffGroup = 'admin-clerical';
      delete x.checks.registration;
      x.checks.training!.push({ subject: 'information-governance', completed: '2026-06-01' }, { subject: 'health-safety-welfare', completed: '2026-06-01' });
    });
    expect(one(r)).toEqual([]);
    const none = makePolicy((p) => { p.groups['*'].require = []; p.groups['*'].training = []; });
    expect(one(edit((x) => { x.person.staffGroup = 'estates-ancillary'; x.checks = {}; }), none)).toEqual([]);
  });

  it('CHECK_PENDING on identity, rightToWork, dbs and occupationalHealth', () => {
    expect(one(edit((r) => (r.checks.identity!.outcome = 'pending')))).toEqual([{ code: 'CHECK_PENDING', severity: 'refer', check: 'identity' }]);
    expect(one(edit((r) => (r.checks.rightToWork!.outcome = 'pending')))).toEqual([{ code: 'CHECK_PENDING', severity: 'refer', check: 'rightToWork' }]);
    expect(one(edit((r) => (r.checks.dbs!.outcome = 'pending')))).toEqual([{ code: 'CHECK_PENDING', severity: 'refer', check: 'dbs' }]);
    expect(one(edit((r) => (r.checks.occupationalHealth!.outcome = 'pending')))).toEqual([
      { code: 'CHECK_PENDING', severity: 'refer', check: 'occupationalHealth' },
    ]);
  });

  it('CHECK_FAILED: DBS unsatisfactory, registration suspended/lapsed/removed, OH not cleared — outcome not-cleared', () => {
    const failed = (check: string) => [{ code: 'CHECK_FAILED', severity: 'block', check }];
    expect(one(edit((r) => (r.checks.dbs!.outcome = 'unsatisfactory')))).toEqual(failed('dbs'));
    for (const status of ['suspended', 'lapsed', 'removed'] as const) {
      expect(one(edit((r) => (r.checks.registration!.status = status)))).toEqual(failed('registration'));
    }
    expect(one(edit((r) => (r.checks.occupationalHealth!.outcome = 'not-cleared')))).toEqual(failed('occupationalHealth'));
    expect(verdictFor(edit((r) => (r.checks.dbs!.outcome = 'unsatisfactory'))).outcome).toBe('not-cleared');
  });

  it('CHECK_INSUFFICIENT: DBS level below minLevel, a required barred list absent, registration body not accepted', () => {
    const insufficient = (check: string) => [{ code: 'CHECK_INSUFFICIENT', severity: 'refer', check }];
    expect(one(edit((r) => (r.checks.dbs!.level = 'standard')))).toEqual(insufficient('dbs'));
    expect(one(edit((r) => (r.checks.dbs!.barredLists = ['children'])))).toEqual(insufficient('dbs'));
    expect(one(edit((r) => (r.checks.dbs!.barredLists = ['adults'])))).toEqual([]); // nursing needs adults only
    expect(one(edit((r) => (r.checks.registration!.body = 'HCPC')))).toEqual(insufficient('registration'));
    // registration: null in a policy accepts any body
    const anyBody = makePolicy((p) => { p.groups['nursing-midwifery-registered'].registration = null as never; });
    expect(one(edit((r) => (r.checks.registration!.body = 'SWE')), anyBody)).toEqual([]);
    // a higher DBS level than required is fine
    const basic = makePolicy((p) => { p.groups['nursing-midwifery-registered'].dbs.minLevel = 'basic'; });
    expect(one(edit((r) => (r.checks.dbs!.level = 'standard')), basic)).toEqual([]);
  });

  it('REGISTRATION_CONDITIONS when registered with conditions', () => {
    expect(one(edit((r) => (r.checks.registration!.status = 'registered-with-conditions')))).toEqual([
      { code: 'REGISTRATION_CONDITIONS', severity: 'refer', check: 'registration' },
    ]);
  });

  it('CHECK_EXPIRED and CHECK_EXPIRING carry the check and the expiry date', () => {
    const cases: [(r: LivePassport) => void, string, string][] = [
      [(r) => (r.checks.rightToWork!.until = '2026-11-23'), 'rightToWork', '2026-11-23'],
      [(r) => (r.checks.registration!.until = '2026-10-31'), 'registration', '2026-10-31'],
      [(r) => (r.checks.occupationalHealth!.review = '2026-01-01'), 'occupationalHealth', '2026-01-01'],
      [(r) => { r.checks.dbs!.updateService = false; r.checks.dbs!.on = '2023-11-23'; }, 'dbs', '2026-11-23'],
    ];
    for (const [f, check, until] of cases) {
      expect(one(edit(f))).toEqual([{ code: 'CHECK_EXPIRED', severity: 'refer', check, until }]);
    }
    const soon: [(r: LivePassport) => void, string, string][] = [
      [(r) => (r.checks.rightToWork!.until = '2026-12-01'), 'rightToWork', '2026-12-01'],
      [(r) => (r.checks.registration!.until = '2026-11-24'), 'registration', '2026-11-24'],
      [(r) => (r.checks.occupationalHealth!.review = '2026-12-24'), 'occupationalHealth', '2026-12-24'],
      [(r) => { r.checks.dbs!.updateService = false; r.checks.dbs!.on = '2023-12-10'; }, 'dbs', '2026-12-10'],
    ];
    for (const [f, check, until] of soon) {
      expect(one(edit(f))).toEqual([{ code: 'CHECK_EXPIRING', severity: 'warn', check, until }]);
    }
    expect(verdictFor(edit(soon[0]![0])).outcome).toBe('cleared'); // warn never changes the outcome
    expect(verdictFor(edit(cases[0]![0])).outcome).toBe('refer');
  });

  it('the DBS age limit applies only without the Update Service and with dbsMaxAgeYears set', () => {
    const old = (r: LivePassport) => { r.checks.dbs!.on = '2020-01-01'; };
    expect(one(edit(old))).toEqual([]); // updateService: true
    expect(one(edit((r) => { old(r); r.checks.dbs!.updateService = false; }), makePolicy((p) => { p.dbsMaxAgeYears = null as never; }))).toEqual([]);
    expect(codes(one(edit((r) => { old(r); r.checks.dbs!.updateService = false; })))).toEqual(['CHECK_EXPIRED']);
  });

  it('OH_ADJUSTMENTS when cleared with adjustments and nothing worse for that check', () => {
    const v = verdictFor(edit((r) => (r.checks.occupationalHealth!.outcome = 'cleared-with-adjustments')));
    note(v);
    expect(v.outcome).toBe('cleared');
    expect(v.reasons).toEqual([
      { code: 'OH_ADJUSTMENTS', severity: 'info', check: 'occupationalHealth' },
      { code: 'INDUCTION_RECORDED', severity: 'info', completed: '2024-03-04', by: 'RXL', byName: 'Blackpool Teaching Hospitals NHS Foundation Trust' },
    ]);
  });

  it('TRAINING_MISSING, TRAINING_EXPIRED, TRAINING_EXPIRING carry the subject (and the expiry date)', () => {
    expect(one(edit((r) => (r.checks.training = r.checks.training!.filter((t) => t.subject !== 'fire-safety'))))).toEqual([
      { code: 'TRAINING_MISSING', severity: 'refer', subject: 'fire-safety' },
    ]);
    expect(one(edit((r) => delete r.checks.training))).toEqual([
      { code: 'TRAINING_MISSING', severity: 'refer', subject: 'fire-safety' },
      { code: 'TRAINING_MISSING', severity: 'refer', subject: 'resuscitation' },
    ]);
    // fire-safety: 2 years; completed 2024-11-23 → expired 2026-11-23
    expect(one(edit((r) => (r.checks.training![0] = { subject: 'fire-safety', completed: '2024-11-23' })))).toEqual([
      { code: 'TRAINING_EXPIRED', severity: 'refer', subject: 'fire-safety', until: '2026-11-23' },
    ]);
    expect(one(edit((r) => (r.checks.training![0] = { subject: 'fire-safety', completed: '2024-12-10' })))).toEqual([
      { code: 'TRAINING_EXPIRING', severity: 'warn', subject: 'fire-safety', until: '2026-12-10' },
    ]);
  });

  it('training: an entry’s until overrides the refresher period; the latest expiry over several entries counts', () => {
    // completed long ago but valid until next year by its own until
    expect(one(edit((r) => (r.checks.training![0] = { subject: 'fire-safety', completed: '2019-01-01', until: '2027-06-01' })))).toEqual([]);
    // recent completion but an explicit until that is past
    expect(codes(one(edit((r) => (r.checks.training![0] = { subject: 'fire-safety', completed: '2026-01-01', until: '2026-02-01' }))))).toEqual([
      'TRAINING_EXPIRED',
    ]);
    // an old expired entry and a newer valid one: the newer counts, whichever order
    const both = edit((r) => r.checks.training!.unshift({ subject: 'fire-safety', completed: '2020-01-01' }));
    expect(one(both)).toEqual([]);
    const reversed = edit((r) => r.checks.training!.push({ subject: 'fire-safety', completed: '2020-01-01' }));
    expect(one(reversed)).toEqual([]);
    // training for subjects not required by the group is ignored
    expect(one(edit((r) => r.checks.training!.push({ subject: 'moving-handling', completed: '2001-01-01' })))).toEqual([]);
  });

  it('INDUCTION_RECORDED (with when and by) or INDUCTION_NOT_RECORDED, always last of step 4', () => {
    const rec = evaluateChecks(nurse(), POLICY, TODAY);
    const not = evaluateChecks(edit((r) => delete r.checks.induction), POLICY, TODAY);
    note(rec);
    note(not);
    expect(rec.at(-1)).toEqual({ code: 'INDUCTION_RECORDED', severity: 'info', completed: '2024-03-04', by: 'RXL' });
    expect(not.at(-1)).toEqual({ code: 'INDUCTION_NOT_RECORDED', severity: 'info' });
    expect(verdictFor(edit((r) => delete r.checks.induction)).outcome).toBe('cleared');
  });

  it('INDUCTION_RECORDED names the inducting organisation from the trust list, and its sentence uses that name', () => {
    const named = verdictFor(nurse()).reasons.at(-1)!;
    expect(named).toMatchObject({ code: 'INDUCTION_RECORDED', by: 'RXL', byName: 'Blackpool Teaching Hospitals NHS Foundation Trust' });
    expect(describeReason(named)).toBe('Induction completed on 4 March 2024 by Blackpool Teaching Hospitals NHS Foundation Trust.');
    const elsewhere = verdictFor(edit((r) => (r.checks.induction = { completed: '2024-03-04', by: 'RJ1' }))).reasons.at(-1)!;
    expect(elsewhere).not.toHaveProperty('byName');
    expect(describeReason(elsewhere)).toBe('Induction completed on 4 March 2024 by RJ1.');
  });
});

describe('step 5: freshness', () => {
  it('DATA_STALE once now is past the last manifest’s expires (not at it)', () => {
    const at = verdictFor(nurse(), { dataExpires: '2026-11-24T09:00:00Z' });
    expect(codes(at)).not.toContain('DATA_STALE');
    const past = verdictFor(nurse(), { dataExpires: '2026-11-24T08:59:59Z' });
    note(past);
    expect(past.outcome).toBe('refer');
    expect(codes(past)).toEqual(['DATA_STALE', 'INDUCTION_RECORDED']);
  });

  it('DATA_BEHIND when a token’s rev is higher than the cached record’s, not when equal or lower', () => {
    const ctx = context();
    for (const [tokenRev, behind] of [[5, true], [4, false], [3, false]] as const) {
      const v = reachVerdict({ kind: 'passport', record: nurse(), tokenRev }, ctx);
      note(v);
      expect(codes(v).includes('DATA_BEHIND')).toBe(behind);
      expect(v.passport).not.toBeNull();
    }
    expect(codes(reachVerdict({ kind: 'passport', record: nurse() }, ctx))).not.toContain('DATA_BEHIND');
  });

  it('CLOCK_BEHIND at published − 5 min − 1 s, not at published − 5 min', () => {
    const published = '2026-11-24T06:00:00Z';
    const edge = Date.parse(published) - 5 * 60 * 1000;
    const at = verdictFor(nurse(), { dataPublished: published, now: edge });
    expect(codes(at)).not.toContain('CLOCK_BEHIND');
    const behind = verdictFor(nurse(), { dataPublished: published, now: edge - 1000 });
    note(behind);
    expect(behind.outcome).toBe('refer');
    expect(codes(behind)).toEqual(['CLOCK_BEHIND', 'INDUCTION_RECORDED']);
    expect(behind.reasons[0]!.severity).toBe('refer');
  });

  it('CLOCK_BEHIND also measures against the audit floor, the later of the two', () => {
    const auditFloor = Date.parse('2026-11-24T12:00:00Z');
    const v = verdictFor(nurse(), { auditFloor, now: auditFloor - 5 * 60 * 1000 - 1 });
    expect(codes(v)).toEqual(['CLOCK_BEHIND', 'INDUCTION_RECORDED']);
    expect(codes(verdictFor(nurse(), { auditFloor, now: auditFloor - 5 * 60 * 1000 }))).not.toContain('CLOCK_BEHIND');
    // An audit floor earlier than published does not lower the floor.
    const early = verdictFor(nurse(), { auditFloor: 0, now: Date.parse('2026-11-24T05:54:59Z') });
    expect(codes(early)).toContain('CLOCK_BEHIND');
  });

  it('CLOCK_BEHIND goes between DATA_STALE and DATA_BEHIND, and never on a step-1 verdict', () => {
    const v = reachVerdict(
      { kind: 'passport', record: edit((r) => (r.status = 'revoked')), tokenRev: 9 },
      context({ dataExpires: '2020-01-01T00:00:00Z', now: Date.parse('2026-01-01T00:00:00Z') }),
    );
    expect(codes(v)).toEqual(['PASSPORT_REVOKED', 'DATA_STALE', 'CLOCK_BEHIND', 'DATA_BEHIND']);
    const unknown = reachVerdict({ kind: 'unidentified', code: 'BADGE_UNKNOWN' }, context({ now: 0 }));
    expect(codes(unknown)).toEqual(['BADGE_UNKNOWN']);
    expect(describeReason({ code: 'CLOCK_BEHIND', severity: 'refer' })).toBe(
      'This kiosk’s clock is behind its passport data, so dates cannot be trusted: ask IT to check the clock.',
    );
  });

  it('is added to status verdicts too', () => {
    const v = reachVerdict({ kind: 'passport', record: edit((r) => (r.status = 'revoked')), tokenRev: 9 }, context({ dataExpires: '2026-01-01T00:00:00Z' }));
    expect(codes(v)).toEqual(['PASSPORT_REVOKED', 'DATA_STALE', 'DATA_BEHIND']);
  });
});

describe('the code table', () => {
  it('has the severities of verdict.md', () => {
    expect(REASON_SEVERITY).toEqual({
      NO_DATA: 'unknown', BADGE_UNKNOWN: 'unknown', PASSPORT_NOT_IN_CACHE: 'unknown',
      SIGNATURE_INVALID: 'block', KEY_UNTRUSTED: 'block', TOKEN_EXPIRED: 'block',
      PASSPORT_REVOKED: 'block', PASSPORT_SUSPENDED: 'block', CHECK_FAILED: 'block',
      BADGE_AMBIGUOUS: 'refer', DATA_BEHIND: 'refer', DATA_STALE: 'refer', CLOCK_BEHIND: 'refer', CHECK_MISSING: 'refer',
      CHECK_PENDING: 'refer', CHECK_INSUFFICIENT: 'refer', REGISTRATION_CONDITIONS: 'refer',
      CHECK_EXPIRED: 'refer', TRAINING_MISSING: 'refer', TRAINING_EXPIRED: 'refer',
      CHECK_EXPIRING: 'warn', TRAINING_EXPIRING: 'warn',
      OH_ADJUSTMENTS: 'info', INDUCTION_RECORDED: 'info', INDUCTION_NOT_RECORDED: 'info',
    });
    expect(REASON_CODES).toHaveLength(25);
  });
});

// Runs last (jest runs a file's tests in the order they are declared).
it('every code in verdict.md’s table was produced and asserted by a test above', () => {
  expect(REASON_CODES.filter((c) => !seen.has(c))).toEqual([]);
});
