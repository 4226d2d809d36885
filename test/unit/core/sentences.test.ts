/** Plain-English sentences for the reception desk (verdict.md: every reason has one). */
import { CHECK_NAMES, CSTF_SUBJECTS, OUTCOMES, REASON_CODES, REASON_SEVERITY } from '../../../src/core/codes';
import { describeReason, OUTCOME_ADVICE, OUTCOME_WORDS, SUBJECT_WORDS, CHECK_WORDS } from '../../../src/core/sentences';
import type { Reason } from '../../../src/core/verdict';

const issuerName = (iss: string) => (iss === 'RXL' ? 'Blackpool Teaching Hospitals NHS Foundation Trust' : undefined);

describe('describeReason', () => {
  it.each(REASON_CODES)('%s has a non-empty sentence with no code or placeholder in it', (code) => {
    const r: Reason = { code, severity: REASON_SEVERITY[code], check: 'dbs', subject: 'fire-safety', until: '2026-12-10' };
    const s = describeReason(r, { issuerName });
    expect(s.trim().length).toBeGreaterThan(10);
    expect(s).not.toMatch(/undefined|null|NaN|\$\{|[A-Z]{2,}_[A-Z]/);
    expect(s).toMatch(/[.!]$/);
  });

  it('writes dates out in full: “Fire safety training expires on 10 December 2026.”', () => {
    expect(describeReason({ code: 'TRAINING_EXPIRING', severity: 'warn', subject: 'fire-safety', until: '2026-12-10' })).toBe(
      'Fire safety training expires on 10 December 2026.',
    );
    expect(describeReason({ code: 'TRAINING_EXPIRED', severity: 'refer', subject: 'resuscitation', until: '2026-11-01' })).toBe(
      'Resuscitation training expired on 1 November 2026.',
    );
    expect(describeReason({ code: 'CHECK_EXPIRED', severity: 'refer', check: 'rightToWork', until: '2026-11-23' })).toBe(
      'Right to work check expired on 23 November 2026.',
    );
    expect(describeReason({ code: 'CHECK_EXPIRING', severity: 'warn', check: 'occupationalHealth', until: '2027-01-05' })).toBe(
      'Occupational health clearance is due for review on 5 January 2027.',
    );
  });

  it('names the check or subject the reason is about', () => {
    for (const check of CHECK_NAMES) {
      expect(describeReason({ code: 'CHECK_MISSING', severity: 'refer', check })).toContain(CHECK_WORDS[check]);
      expect(describeReason({ code: 'CHECK_PENDING', severity: 'refer', check })).toContain(CHECK_WORDS[check]);
    }
    for (const subject of CSTF_SUBJECTS) {
      expect(describeReason({ code: 'TRAINING_MISSING', severity: 'refer', subject })).toBe(`${SUBJECT_WORDS[subject]} training is not recorded.`);
    }
    expect(describeReason({ code: 'CHECK_FAILED', severity: 'block', check: 'dbs' })).toMatch(/DBS/);
    expect(describeReason({ code: 'CHECK_FAILED', severity: 'block', check: 'registration' })).toMatch(/registration/i);
    expect(describeReason({ code: 'CHECK_FAILED', severity: 'block', check: 'occupationalHealth' })).toMatch(/[Oo]ccupational health/);
    expect(describeReason({ code: 'CHECK_INSUFFICIENT', severity: 'refer', check: 'registration' })).toMatch(/registration body/);
    expect(describeReason({ code: 'CHECK_INSUFFICIENT', severity: 'refer', check: 'dbs' })).toMatch(/DBS/);
  });

  it('uses the issuing organisation’s name from the trust list for induction, and its code when unknown', () => {
    const r: Reason = { code: 'INDUCTION_RECORDED', severity: 'info', completed: '2024-03-04', by: 'RXL' };
    expect(describeReason(r, { issuerName })).toBe('Induction completed on 4 March 2024 by Blackpool Teaching Hospitals NHS Foundation Trust.');
    expect(describeReason({ ...r, by: 'R0A' }, { issuerName })).toBe('Induction completed on 4 March 2024 by R0A.');
    expect(describeReason(r)).toBe('Induction completed on 4 March 2024 by RXL.');
  });

  it('has words and advice for every outcome', () => {
    for (const o of OUTCOMES) {
      expect(OUTCOME_WORDS[o].length).toBeGreaterThan(0);
      expect(OUTCOME_ADVICE[o].length).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(OUTCOME_WORDS)).size).toBe(OUTCOMES.length);
  });
});
