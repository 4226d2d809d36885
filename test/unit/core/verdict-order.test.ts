/**
 * verdict.md step 4's "first that applies" rules (at most one reason per
 * check), and the order reasons are listed in (severity, then step order).
 */
import { evaluateChecks, reachVerdict, sortReasons, type Reason } from '../../../src/core/verdict';
import type { LivePassport } from '../../../src/core/schemas/passport';
import { context, doctor, makePolicy, nurse, POLICY, TODAY } from './fixtures';

const edit = (f: (r: LivePassport) => void, base: () => LivePassport = nurse) => {
  const r = base();
  f(r);
  return r;
};
/** The single reason step 4 gives for `check`, or null. */
const reasonFor = (r: LivePassport, check: string, policy = POLICY) => {
  const all = evaluateChecks(r, policy, TODAY).filter((x) => x.check === check);
  expect(all.length).toBeLessThanOrEqual(1);
  return all[0]?.code ?? null;
};

describe('rightToWork: MISSING, PENDING, EXPIRED, EXPIRING', () => {
  it('pending beats expired', () => {
    expect(reasonFor(edit((r) => { r.checks.rightToWork = { outcome: 'pending', on: '2020-01-01', until: '2021-01-01' }; }), 'rightToWork')).toBe('CHECK_PENDING');
  });
  it('pending beats expiring', () => {
    expect(reasonFor(edit((r) => { r.checks.rightToWork = { outcome: 'pending', on: '2020-01-01', until: '2026-12-01' }; }), 'rightToWork')).toBe('CHECK_PENDING');
  });
});

describe('dbs: MISSING, FAILED, PENDING, INSUFFICIENT, EXPIRED, EXPIRING', () => {
  const dbs = (patch: Partial<NonNullable<LivePassport['checks']['dbs']>>) =>
    edit((r) => Object.assign(r.checks.dbs!, patch));

  it('missing beats everything else: only CHECK_MISSING, whatever else is wrong on the record', () => {
    const r = edit((x) => {
      delete x.checks.dbs;
      x.checks.identity!.outcome = 'pending';
    });
    expect(reasonFor(r, 'dbs')).toBe('CHECK_MISSING');
  });
  it('unsatisfactory beats insufficient level, missing barred lists and age', () => {
    expect(reasonFor(dbs({ outcome: 'unsatisfactory', level: 'basic', barredLists: [], updateService: false, on: '2001-01-01' }), 'dbs')).toBe('CHECK_FAILED');
  });
  it('pending beats insufficient', () => {
    expect(reasonFor(dbs({ outcome: 'pending', level: 'basic', barredLists: [] }), 'dbs')).toBe('CHECK_PENDING');
  });
  it('pending beats expired age', () => {
    expect(reasonFor(dbs({ outcome: 'pending', updateService: false, on: '2001-01-01' }), 'dbs')).toBe('CHECK_PENDING');
  });
  it('insufficient beats expired', () => {
    expect(reasonFor(dbs({ level: 'standard', updateService: false, on: '2001-01-01' }), 'dbs')).toBe('CHECK_INSUFFICIENT');
    expect(reasonFor(dbs({ barredLists: [], updateService: false, on: '2001-01-01' }), 'dbs')).toBe('CHECK_INSUFFICIENT');
  });
  it('insufficient beats expiring', () => {
    expect(reasonFor(dbs({ level: 'basic', updateService: false, on: '2023-12-01' }), 'dbs')).toBe('CHECK_INSUFFICIENT');
  });
  it('expired, then expiring, by the age limit', () => {
    expect(reasonFor(dbs({ updateService: false, on: '2023-11-23' }), 'dbs')).toBe('CHECK_EXPIRED');
    expect(reasonFor(dbs({ updateService: false, on: '2023-11-24' }), 'dbs')).toBe('CHECK_EXPIRING');
  });
});

describe('registration: MISSING, FAILED, INSUFFICIENT, CONDITIONS, EXPIRED, EXPIRING', () => {
  const reg = (patch: Partial<NonNullable<LivePassport['checks']['registration']>>) =>
    edit((r) => Object.assign(r.checks.registration!, patch));

  it.each(['suspended', 'lapsed', 'removed'] as const)('FAILED (%s) beats an unaccepted body and an expired date', (status) => {
    expect(reasonFor(reg({ status, body: 'GMC', until: '2020-01-01' }), 'registration')).toBe('CHECK_FAILED');
  });
  it('INSUFFICIENT beats CONDITIONS and EXPIRED', () => {
    expect(reasonFor(reg({ status: 'registered-with-conditions', body: 'GMC', until: '2020-01-01' }), 'registration')).toBe('CHECK_INSUFFICIENT');
  });
  it('CONDITIONS beats EXPIRED and EXPIRING', () => {
    expect(reasonFor(reg({ status: 'registered-with-conditions', until: '2020-01-01' }), 'registration')).toBe('REGISTRATION_CONDITIONS');
    expect(reasonFor(reg({ status: 'registered-with-conditions', until: '2026-12-01' }), 'registration')).toBe('REGISTRATION_CONDITIONS');
  });
  it('EXPIRED before EXPIRING', () => {
    expect(reasonFor(reg({ until: '2026-11-23' }), 'registration')).toBe('CHECK_EXPIRED');
    expect(reasonFor(reg({ until: '2026-11-25' }), 'registration')).toBe('CHECK_EXPIRING');
  });
  it('an unaccepted body is INSUFFICIENT for a doctor too (GMC/GDC only)', () => {
    expect(reasonFor(edit((r) => (r.checks.registration!.body = 'NMC'), doctor), 'registration')).toBe('CHECK_INSUFFICIENT');
    expect(reasonFor(edit((r) => (r.checks.registration!.body = 'GDC'), doctor), 'registration')).toBeNull();
  });
});

describe('occupationalHealth: MISSING, FAILED, PENDING, EXPIRED, EXPIRING, ADJUSTMENTS', () => {
  const oh = (outcome: NonNullable<LivePassport['checks']['occupationalHealth']>['outcome'], review: string | null) =>
    edit((r) => { r.checks.occupationalHealth = { outcome, on: '2024-01-01', review }; });

  it('not-cleared beats an expired review', () => expect(reasonFor(oh('not-cleared', '2020-01-01'), 'occupationalHealth')).toBe('CHECK_FAILED'));
  it('pending beats an expired review', () => expect(reasonFor(oh('pending', '2020-01-01'), 'occupationalHealth')).toBe('CHECK_PENDING'));
  it('an expired review beats adjustments', () => expect(reasonFor(oh('cleared-with-adjustments', '2026-11-23'), 'occupationalHealth')).toBe('CHECK_EXPIRED'));
  it('an expiring review beats adjustments', () => expect(reasonFor(oh('cleared-with-adjustments', '2026-11-30'), 'occupationalHealth')).toBe('CHECK_EXPIRING'));
  it('adjustments alone', () => expect(reasonFor(oh('cleared-with-adjustments', '2027-06-01'), 'occupationalHealth')).toBe('OH_ADJUSTMENTS'));
  it('adjustments with no review date', () => expect(reasonFor(oh('cleared-with-adjustments', null), 'occupationalHealth')).toBe('OH_ADJUSTMENTS'));
});

describe('identity: MISSING, PENDING', () => {
  it('pending identity gives one reason', () => {
    expect(reasonFor(edit((r) => (r.checks.identity!.outcome = 'pending')), 'identity')).toBe('CHECK_PENDING');
  });
});

describe('training: one reason at most per subject, EXPIRED before EXPIRING', () => {
  it('gives exactly one reason for a subject with one expired and one expiring entry (the latest counts)', () => {
    const r = edit((x) => {
      x.checks.training = [
        { subject: 'fire-safety', completed: '2024-01-01' }, // expired 2026-01-01
        { subject: 'fire-safety', completed: '2024-12-01' }, // expiring 2026-12-01
        { subject: 'resuscitation', completed: '2026-06-01' },
      ];
    });
    expect(evaluateChecks(r, POLICY, TODAY).filter((x) => x.subject === 'fire-safety')).toEqual([
      { code: 'TRAINING_EXPIRING', severity: 'warn', subject: 'fire-safety', until: '2026-12-01' },
    ]);
  });
});

describe('the order reasons are listed in', () => {
  it('most severe first; within a severity, step 4’s check order, then training in the policy’s order, then DATA_STALE, DATA_BEHIND', () => {
    const policy = makePolicy((p) => {
      // require listed backwards: evaluation still follows the contract's order
      p.groups['nursing-midwifery-registered'].require = ['occupationalHealth', 'registration', 'dbs', 'rightToWork', 'identity'];
      // training in a deliberate, non-alphabetical policy order
      p.groups['nursing-midwifery-registered'].training = ['resuscitation', 'moving-handling', 'fire-safety', 'conflict-resolution'];
    });
    const r = edit((x) => {
      x.checks.occupationalHealth = { outcome: 'cleared-with-adjustments', on: '2024-01-01', review: null }; // info
      x.checks.registration!.until = '2026-12-01'; // warn
      x.checks.dbs!.outcome = 'unsatisfactory'; // block
      x.checks.rightToWork!.until = '2026-01-01'; // refer
      x.checks.identity!.outcome = 'pending'; // refer
      x.checks.training = [
        { subject: 'resuscitation', completed: '2025-01-01' }, // refer: expired 2026-01-01
        { subject: 'fire-safety', completed: '2024-12-05' }, // warn: expiring 2026-12-05
        { subject: 'conflict-resolution', completed: '2023-12-20' }, // warn: expiring 2026-12-20
      ]; // moving-handling missing: refer
      delete x.checks.induction;
    });
    const v = reachVerdict({ kind: 'passport', record: r, tokenRev: 99 }, context({ policy, dataExpires: '2026-11-01T00:00:00Z' }));
    expect(v.reasons.map((x) => [x.code, x.check ?? x.subject ?? ''])).toEqual([
      ['CHECK_FAILED', 'dbs'],
      ['CHECK_PENDING', 'identity'],
      ['CHECK_EXPIRED', 'rightToWork'],
      ['TRAINING_EXPIRED', 'resuscitation'],
      ['TRAINING_MISSING', 'moving-handling'],
      ['DATA_STALE', ''],
      ['DATA_BEHIND', ''],
      ['CHECK_EXPIRING', 'registration'],
      ['TRAINING_EXPIRING', 'fire-safety'],
      ['TRAINING_EXPIRING', 'conflict-resolution'],
      ['OH_ADJUSTMENTS', 'occupationalHealth'],
      ['INDUCTION_NOT_RECORDED', ''],
    ]);
    expect(v.outcome).toBe('not-cleared');
  });

  it('sortReasons is stable within a severity and does not change the reasons', () => {
    const input: Reason[] = [
      { code: 'INDUCTION_RECORDED', severity: 'info' },
      { code: 'TRAINING_EXPIRING', severity: 'warn', subject: 'fire-safety', until: '2026-12-01' },
      { code: 'CHECK_MISSING', severity: 'refer', check: 'dbs' },
      { code: 'CHECK_FAILED', severity: 'block', check: 'registration' },
      { code: 'CHECK_MISSING', severity: 'refer', check: 'identity' },
      { code: 'CHECK_EXPIRING', severity: 'warn', check: 'rightToWork', until: '2026-12-02' },
      { code: 'CHECK_FAILED', severity: 'block', check: 'dbs' },
    ];
    const sorted = sortReasons(input);
    expect(sorted.map((x) => `${x.severity}:${x.code}:${x.check ?? x.subject}`)).toEqual([
      'block:CHECK_FAILED:registration',
      'block:CHECK_FAILED:dbs',
      'refer:CHECK_MISSING:dbs',
      'refer:CHECK_MISSING:identity',
      'warn:TRAINING_EXPIRING:fire-safety',
      'warn:CHECK_EXPIRING:rightToWork',
      'info:INDUCTION_RECORDED:undefined',
    ]);
    expect(new Set(sorted)).toEqual(new Set(input));
  });
});
