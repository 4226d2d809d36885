import { addYears, londonDate, type IsoDate } from '../dates';
import type { SitePolicy } from '../schemas/policy';
import type { Verdict } from '../verdict';
import type { PriorInduction, Session } from './model';

/** What a passport says of an earlier induction, and whether it may be believed. */
export interface InductionEvidence {
  /** The stored record passed verdict step 2 (its signature verified against the trust list). */
  trusted: boolean;
  /** The record's `checks.induction`, if any. */
  induction: { completed: IsoDate; by: string } | null | undefined;
  /** The inducting organisation's name from the trust list, when known. */
  byName?: string;
}

/**
 * Prior induction (sessions.md "Prior induction"): recognised only for a
 * corporate session, a trusted passport and a site policy with
 * `induction.recognisedYears` N, when `completed` + N years (29 February →
 * 28 February) is on or after the session's start date in Europe/London —
 * the local date, so a 00:30 BST start on 1 July counts as 1 July, not the
 * UTC 30 June. N = 0: completed on or after the start date.
 */
export function priorInductionFor(
  session: Pick<Session, 'kind' | 'starts'>,
  evidence: InductionEvidence,
  policy: Pick<SitePolicy, 'induction'>,
): PriorInduction | null {
  if (session.kind !== 'corporate' || !evidence.trusted || !evidence.induction) return null;
  const years = policy.induction?.recognisedYears;
  if (years === undefined) return null;
  const { completed, by } = evidence.induction;
  if (addYears(completed, years) < londonDate(Date.parse(session.starts))) return null;
  const prior: PriorInduction = { by, completed };
  if (evidence.byName !== undefined) prior.byName = evidence.byName;
  return prior;
}

/**
 * Prior induction from a verdict: its INDUCTION_RECORDED reason carries
 * `completed`, `by` and `byName`. That reason only exists when the record
 * was trusted (step 2) and its checks were evaluated (step 4), so a revoked
 * or suspended passport — whose checks are not evaluated (step 3) — never
 * has its earlier induction recognised this way.
 */
export function priorInductionFromVerdict(
  session: Pick<Session, 'kind' | 'starts'>,
  verdict: Pick<Verdict, 'passport' | 'reasons'>,
  policy: Pick<SitePolicy, 'induction'>,
): PriorInduction | null {
  const recorded = verdict.reasons.find((r) => r.code === 'INDUCTION_RECORDED');
  if (verdict.passport === null || !recorded || recorded.completed === undefined || recorded.by === undefined) return null;
  const evidence: InductionEvidence = { trusted: true, induction: { completed: recorded.completed, by: recorded.by } };
  if (recorded.byName !== undefined) evidence.byName = recorded.byName;
  return priorInductionFor(session, evidence, policy);
}
