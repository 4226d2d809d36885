/**
 * The closed vocabularies of the verdict contract (spec/verdict.md): outcomes,
 * severities and reason codes. Decisions return these codes; screens and logs
 * map them to words (see `sentences.ts`).
 */

export const OUTCOMES = ['cleared', 'refer', 'not-cleared', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Most severe first: the order reasons are listed in. */
export const SEVERITIES = ['unknown', 'block', 'refer', 'warn', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const REASON_SEVERITY = {
  NO_DATA: 'unknown',
  BADGE_UNKNOWN: 'unknown',
  PASSPORT_NOT_IN_CACHE: 'unknown',
  SIGNATURE_INVALID: 'block',
  KEY_UNTRUSTED: 'block',
  TOKEN_EXPIRED: 'block',
  PASSPORT_REVOKED: 'block',
  PASSPORT_SUSPENDED: 'block',
  CHECK_FAILED: 'block',
  BADGE_AMBIGUOUS: 'refer',
  DATA_BEHIND: 'refer',
  DATA_STALE: 'refer',
  CLOCK_BEHIND: 'refer',
  CHECK_MISSING: 'refer',
  CHECK_PENDING: 'refer',
  CHECK_INSUFFICIENT: 'refer',
  REGISTRATION_CONDITIONS: 'refer',
  CHECK_EXPIRED: 'refer',
  TRAINING_MISSING: 'refer',
  TRAINING_EXPIRED: 'refer',
  CHECK_EXPIRING: 'warn',
  TRAINING_EXPIRING: 'warn',
  OH_ADJUSTMENTS: 'info',
  INDUCTION_RECORDED: 'info',
  INDUCTION_NOT_RECORDED: 'info',
} as const satisfies Record<string, Severity>;

export type ReasonCode = keyof typeof REASON_SEVERITY;
export const REASON_CODES = Object.keys(REASON_SEVERITY) as ReasonCode[];

/** The checks a policy can require, in the order verdict.md step 4 evaluates them. */
export const CHECK_NAMES = ['identity', 'rightToWork', 'dbs', 'registration', 'occupationalHealth'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** Core Skills Training Framework subject ids (passport.md). */
export const CSTF_SUBJECTS = [
  'conflict-resolution',
  'equality-diversity-human-rights',
  'fire-safety',
  'health-safety-welfare',
  'infection-prevention-control',
  'information-governance',
  'moving-handling',
  'preventing-radicalisation',
  'resuscitation',
  'safeguarding-adults',
  'safeguarding-children',
] as const;
export type CstfSubject = (typeof CSTF_SUBJECTS)[number];

export const STAFF_GROUPS = [
  'add-prof-scientific-technical',
  'additional-clinical-services',
  'admin-clerical',
  'allied-health-professionals',
  'estates-ancillary',
  'healthcare-scientists',
  'medical-dental',
  'nursing-midwifery-registered',
  'students',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export const REGISTRATION_BODIES = ['GMC', 'NMC', 'HCPC', 'GPhC', 'GDC', 'GOC', 'GCC', 'GOsC', 'SWE'] as const;
export type RegistrationBody = (typeof REGISTRATION_BODIES)[number];

export const DBS_LEVELS = ['basic', 'standard', 'enhanced'] as const;
export type DbsLevel = (typeof DBS_LEVELS)[number];

export const BARRED_LISTS = ['adults', 'children'] as const;
export type BarredList = (typeof BARRED_LISTS)[number];

/** Why a record line was refused during sync (feed.md step 4). */
export const SKIP_CODES = ['SIGNATURE_INVALID', 'KEY_UNTRUSTED', 'RECORD_INVALID', 'ISSUER_MISMATCH'] as const;
export type SkipCode = (typeof SKIP_CODES)[number];

/** Why a whole sync was refused (feed.md). */
export const SYNC_FAILURE_CODES = [
  'MANIFEST_UNTRUSTED',
  'FEED_MISMATCH',
  'FEED_ROLLBACK',
  'HASH_MISMATCH',
  'FETCH_FAILED',
  'FEED_INVALID',
] as const;
export type SyncFailureCode = (typeof SYNC_FAILURE_CODES)[number];
