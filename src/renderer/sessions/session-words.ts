import type { ReasonCode } from '../../core/codes';
import type { CheckinResult, MarkStatus, RegisterStatus, SessionKind, SessionState } from '../../core/sessions/model';
import type { CheckinDto } from '../../shared/sessions-api';
import { formatTime } from './london-time';

/**
 * Induction sessions in plain words, for the lead's screens and session
 * mode: a table per code list (exhaustive, so a new code fails to compile
 * until it has words), and the check-in line a person sees after scanning.
 */

export const SESSION_KIND_WORDS: Record<SessionKind, string> = {
  corporate: 'Corporate induction',
  local: 'Local induction',
  role: 'Role induction',
};

/** What each kind means, as the create form's hints say it. */
export const SESSION_KIND_HINTS: Record<SessionKind, string> = {
  corporate: 'The trust-wide induction. A recent induction at another trust can exempt someone.',
  local: 'A site, ward or department induction. Everyone attends.',
  role: 'A role’s own induction. Everyone attends.',
};

export const SESSION_STATE_WORDS: Record<SessionState, string> = {
  open: 'Open',
  closed: 'Closed',
};

export const REGISTER_STATUS_WORDS: Record<RegisterStatus, string> = {
  present: 'Arrived',
  'present-manual': 'Present (marked by lead)',
  'exempt-prior': 'Exempt: prior induction',
  'exempt-manual': 'Exempt (marked by lead)',
  expected: 'Not arrived yet',
  absent: 'Absent',
};

/** The glyph beside each status word (decorative: the word is always there). */
export const REGISTER_STATUS_GLYPHS: Record<RegisterStatus, string> = {
  present: '✓',
  'present-manual': '✓',
  'exempt-prior': '–',
  'exempt-manual': '–',
  expected: '…',
  absent: '✗',
};

export const MARK_WORDS: Record<MarkStatus, string> = {
  present: 'Present',
  exempt: 'Exempt',
  absent: 'Absent',
};

export const MARK_HINTS: Record<MarkStatus, string> = {
  present: 'They are here but could not scan in: forgot their badge, or have no passport yet.',
  exempt: 'They do not need this session.',
  absent: 'They did not attend.',
};

/** The check-in result's headline, before details (time, walk-in) are added. */
export const CHECKIN_WORDS: Record<CheckinResult, string> = {
  ARRIVED: 'Signed in',
  ALREADY_ARRIVED: 'Already signed in',
  SESSION_FULL: 'Session full: not signed in',
  SESSION_CLOSED: 'Session closed: not signed in',
  NOT_IDENTIFIED: 'Not identified: not signed in',
};

/** What to do after a check-in result, in one line. */
export const CHECKIN_ADVICE: Record<CheckinResult, string> = {
  ARRIVED: 'Please go through.',
  ALREADY_ARRIVED: 'No need to scan again.',
  SESSION_FULL: 'Please see the induction lead.',
  SESSION_CLOSED: 'This session has been closed. Please see the induction lead.',
  NOT_IDENTIFIED: 'Try the badge again, or see the induction lead.',
};

/** Short words for a reason code, where only the code is known (registers, pre-check). */
export const REASON_SHORT_WORDS: Record<ReasonCode, string> = {
  NO_DATA: 'No passport data on this kiosk',
  BADGE_UNKNOWN: 'Badge not known',
  PASSPORT_NOT_IN_CACHE: 'Passport not held on this kiosk',
  SIGNATURE_INVALID: 'Signature not valid',
  KEY_UNTRUSTED: 'Signed by an untrusted key',
  TOKEN_EXPIRED: 'QR code expired',
  PASSPORT_REVOKED: 'Passport revoked',
  PASSPORT_SUSPENDED: 'Passport suspended',
  CHECK_FAILED: 'A check has failed',
  BADGE_AMBIGUOUS: 'Badge on more than one passport',
  DATA_BEHIND: 'Kiosk data behind the QR code',
  DATA_STALE: 'Kiosk data out of date',
  CLOCK_BEHIND: 'Kiosk clock behind the data',
  CHECK_MISSING: 'A check is not recorded',
  CHECK_PENDING: 'A check is pending',
  CHECK_INSUFFICIENT: 'A check is not at the level needed',
  REGISTRATION_CONDITIONS: 'Registered with conditions',
  CHECK_EXPIRED: 'A check has expired',
  TRAINING_MISSING: 'Training not recorded',
  TRAINING_EXPIRED: 'Training expired',
  CHECK_EXPIRING: 'A check expires soon',
  TRAINING_EXPIRING: 'Training expires soon',
  OH_ADJUSTMENTS: 'Cleared with adjustments',
  INDUCTION_RECORDED: 'Induction recorded',
  INDUCTION_NOT_RECORDED: 'No induction recorded',
};

/** The kind of check-in line: decides the strip's icon and colour, never alone (words go with it). */
export type CheckinTone = 'in' | 'repeat' | 'refused';

/** The words a person (and the lead) sees for a check-in: "Signed in — late", "Already signed in at 09:02"… */
export function checkinLine(c: CheckinDto): { headline: string; advice: string; tone: CheckinTone } {
  // A flagged arrival is recorded, but "please go through" beside a Not cleared
  // banner would contradict it: the lead decides, so the person waits for the lead.
  const advice = c.result === 'ARRIVED' && c.flagged ? 'Please wait for the induction lead to check with you.' : CHECKIN_ADVICE[c.result];
  switch (c.result) {
    case 'ARRIVED': {
      const late = c.arrival?.late ? ' — late' : '';
      if (c.arrival && !c.arrival.onRoster) return { headline: `Not on the list — signed in as a walk-in${late}`, advice, tone: 'in' };
      return { headline: `Signed in${late}`, advice, tone: 'in' };
    }
    case 'ALREADY_ARRIVED':
      return { headline: c.arrival ? `Already signed in at ${formatTime(c.arrival.at)}` : CHECKIN_WORDS.ALREADY_ARRIVED, advice, tone: 'repeat' };
    default:
      return { headline: CHECKIN_WORDS[c.result], advice, tone: 'refused' };
  }
}

/**
 * "23 of 40 arrived"; with no roster, "23 arrived"; with walk-ins counted
 * apart (the lead's view), "23 of 40 arrived, and 2 walk-ins".
 */
export function arrivedLine(arrived: number, expected: number, walkIns?: number): string {
  const base = expected > 0 ? `${arrived} of ${expected} arrived` : `${arrived} arrived`;
  return walkIns ? `${base}, and ${walkIns} walk-in${walkIns === 1 ? '' : 's'}` : base;
}

/** "Prior induction recognised: Royal Example NHS Trust (RXL), 12 Mar 2025". */
export function priorInductionLine(p: { by: string; byName?: string; completed: string }): string {
  const [y, m, d] = p.completed.split('-').map(Number);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const date = y && m && d ? `${d} ${months[m - 1]} ${y}` : p.completed;
  const org = p.byName ? `${p.byName} (${p.by})` : p.by;
  return `Prior induction recognised: ${org}, ${date}`;
}
