import type { CheckName, CstfSubject, Outcome, ReasonCode } from './codes';
import { formatLongDate } from './dates';
import type { Reason } from './verdict';

/**
 * Plain English for the reception desk. Every reason code has a sentence;
 * the codes themselves are for logs, exports and tests.
 */

export const OUTCOME_WORDS: Record<Outcome, string> = {
  cleared: 'Cleared',
  refer: 'Refer',
  'not-cleared': 'Not cleared',
  unknown: 'Not recognised',
};

export const OUTCOME_ADVICE: Record<Outcome, string> = {
  cleared: 'Checks are in place. They can start.',
  refer: 'Something needs a person to look at it before they start.',
  'not-cleared': 'Do not let them start work on this passport.',
  unknown: 'Nobody was identified from this scan.',
};

export const CHECK_WORDS: Record<CheckName, string> = {
  identity: 'Identity check',
  rightToWork: 'Right to work check',
  dbs: 'DBS check',
  registration: 'Professional registration',
  occupationalHealth: 'Occupational health clearance',
};

export const SUBJECT_WORDS: Record<CstfSubject, string> = {
  'conflict-resolution': 'Conflict resolution',
  'equality-diversity-human-rights': 'Equality, diversity and human rights',
  'fire-safety': 'Fire safety',
  'health-safety-welfare': 'Health, safety and welfare',
  'infection-prevention-control': 'Infection prevention and control',
  'information-governance': 'Information governance',
  'moving-handling': 'Moving and handling',
  'preventing-radicalisation': 'Preventing radicalisation',
  resuscitation: 'Resuscitation',
  'safeguarding-adults': 'Safeguarding adults',
  'safeguarding-children': 'Safeguarding children',
};

export interface SentenceContext {
  /** An organisation's name from the trust list, for "Induction completed … by X". */
  issuerName?(iss: string): string | undefined;
}

function failedWords(check: CheckName | undefined): string {
  switch (check) {
    case 'dbs':
      return 'The DBS check result is unsatisfactory.';
    case 'registration':
      return 'Professional registration is suspended, lapsed or removed.';
    case 'occupationalHealth':
      return 'Occupational health has not cleared them for work.';
    default:
      return 'A required check has failed.';
  }
}

function insufficientWords(check: CheckName | undefined): string {
  return check === 'registration'
    ? 'Their registration body is not one this site accepts for their role.'
    : 'The DBS check is not at the level, or does not cover the barred lists, their role needs here.';
}

/** The sentence for one reason. */
export function describeReason(r: Reason, ctx: SentenceContext = {}): string {
  const check = r.check ? CHECK_WORDS[r.check] : 'A required check';
  const subject = r.subject ? `${SUBJECT_WORDS[r.subject]} training` : 'Required training';
  const until = r.until ? formatLongDate(r.until) : '';
  const code: ReasonCode = r.code;
  switch (code) {
    case 'NO_DATA':
      // Also the verdict while a damaged cache is rebuilt: worded for both cases, never "never synced".
      return 'This kiosk’s passport data is unavailable: no sync has completed yet, or its data is being rebuilt from the feed. Ask IT to check the feed if this lasts.';
    case 'BADGE_UNKNOWN':
      return 'This badge is not on any passport this kiosk holds.';
    case 'PASSPORT_NOT_IN_CACHE':
      return 'The QR code is genuine, but this kiosk does not hold that passport.';
    case 'SIGNATURE_INVALID':
      return 'The passport’s digital signature is not valid: it may have been altered.';
    case 'KEY_UNTRUSTED':
      return 'The passport was not signed by a key trusted for its issuing organisation.';
    case 'TOKEN_EXPIRED':
      return 'This QR code has expired. Ask them to show a current one or their badge.';
    case 'PASSPORT_REVOKED':
      return 'This passport has been revoked by the issuing organisation.';
    case 'PASSPORT_SUSPENDED':
      return 'This passport is suspended by the issuing organisation.';
    case 'CHECK_FAILED':
      return failedWords(r.check);
    case 'BADGE_AMBIGUOUS':
      return 'This badge is on more than one passport, so nobody can be identified from it.';
    case 'DATA_BEHIND':
      return 'Their QR code is newer than this kiosk’s copy of the passport: the kiosk’s data may be out of date.';
    case 'DATA_STALE':
      return 'This kiosk’s passport data is out of date: it has not synced since the data expired.';
    case 'CLOCK_BEHIND':
      return 'This kiosk’s clock is behind its passport data, so dates cannot be trusted: ask IT to check the clock.';
    case 'CHECK_MISSING':
      return `${check} is not recorded.`;
    case 'CHECK_PENDING':
      return `${check} is still pending.`;
    case 'CHECK_INSUFFICIENT':
      return insufficientWords(r.check);
    case 'REGISTRATION_CONDITIONS':
      return 'They are registered with conditions on their practice.';
    case 'CHECK_EXPIRED':
      return r.check === 'occupationalHealth'
        ? `${check} was due for review on ${until}.`
        : `${check} expired on ${until}.`;
    case 'TRAINING_MISSING':
      return `${subject} is not recorded.`;
    case 'TRAINING_EXPIRED':
      return `${subject} expired on ${until}.`;
    case 'CHECK_EXPIRING':
      return r.check === 'occupationalHealth'
        ? `${check} is due for review on ${until}.`
        : `${check} expires on ${until}.`;
    case 'TRAINING_EXPIRING':
      return `${subject} expires on ${until}.`;
    case 'OH_ADJUSTMENTS':
      return 'Cleared by occupational health with adjustments: check with their manager what these are.';
    case 'INDUCTION_RECORDED': {
      const by = r.byName ?? (r.by ? (ctx.issuerName?.(r.by) ?? r.by) : undefined);
      const when = r.completed ? ` on ${formatLongDate(r.completed)}` : '';
      return `Induction completed${when}${by ? ` by ${by}` : ''}.`;
    }
    case 'INDUCTION_NOT_RECORDED':
      return 'No induction is recorded: they may need a local induction.';
  }
}
