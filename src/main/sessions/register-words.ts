import type { RegisterStatus, SessionKind } from '../../core/sessions/model';

/** Register statuses in words, for the printed register (sessions.md "Register"). */
export const STATUS_WORDS: Record<RegisterStatus, string> = {
  present: 'Present',
  'present-manual': 'Present (marked)',
  'exempt-prior': 'Exempt, prior induction',
  'exempt-manual': 'Exempt (marked)',
  expected: 'Expected',
  absent: 'Absent',
};

/** The order counts are given in: who came, who need not, who is still to come or did not. */
export const STATUS_ORDER: readonly RegisterStatus[] = ['present', 'present-manual', 'exempt-prior', 'exempt-manual', 'expected', 'absent'];

/** Session kinds in words (sessions.md "Session"). */
export const KIND_WORDS: Record<SessionKind, string> = {
  corporate: 'Corporate induction',
  local: 'Local induction',
  role: 'Role induction',
};
