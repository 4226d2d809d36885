import {
  DBS_LEVELS,
  REASON_SEVERITY,
  SEVERITIES,
  type CheckName,
  type CstfSubject,
  type Outcome,
  type ReasonCode,
  type Severity,
} from './codes';
import { addDays, addYears, londonDate, type IsoDate } from './dates';
import type { LivePassport } from './schemas/passport';
import { groupPolicyFor, type SitePolicy } from './schemas/policy';

/** One reason behind a verdict (verdict.md, "Reason codes"). */
export interface Reason {
  code: ReasonCode;
  severity: Severity;
  /** On every reason about one check. */
  check?: CheckName;
  /** On TRAINING_* reasons. */
  subject?: CstfSubject;
  /** The expiry date, on *_EXPIRED and *_EXPIRING reasons. */
  until?: IsoDate;
  /** INDUCTION_RECORDED only: when and by whom (for the sentence on screen). */
  completed?: IsoDate;
  by?: string;
  /** INDUCTION_RECORDED only: the inducting organisation's name, when the trust list has it. */
  byName?: string;
}

/** The person a verdict is about, when one was identified and trusted. */
export interface VerdictPassport {
  id: string;
  rev: number;
  iss: string;
  issuerName: string | null;
  name: string;
  staffGroup: string;
  role: string;
  photo?: string;
}

export interface Verdict {
  outcome: Outcome;
  reasons: Reason[];
  passport: VerdictPassport | null;
  localDate: IsoDate;
  dataPublished: string | null;
}

/**
 * What identification (verdict.md step 1, scan.md) found. The lookups and
 * signature checks are done by the caller; this module only decides.
 */
export type Identification =
  | { kind: 'unidentified'; code: 'NO_DATA' | 'BADGE_UNKNOWN' | 'PASSPORT_NOT_IN_CACHE' | 'BADGE_AMBIGUOUS' }
  | { kind: 'token-refused'; code: 'SIGNATURE_INVALID' | 'KEY_UNTRUSTED' | 'TOKEN_EXPIRED' }
  /** The stored record failed re-verification against the current trust list (step 2). */
  | { kind: 'untrusted'; code: 'SIGNATURE_INVALID' | 'KEY_UNTRUSTED'; rev: number; tokenRev?: number }
  /** A trusted, live record; `tokenRev` when it was reached through a QR token. */
  | { kind: 'passport'; record: LivePassport; tokenRev?: number };

export interface VerdictContext {
  policy: SitePolicy;
  /** The scan's instant, ms since the epoch. */
  now: number;
  /** `published` and `expires` of the last manifest applied, or null. */
  dataPublished: string | null;
  dataExpires: string | null;
  /**
   * The latest `at` in the kiosk's own audit chain, ms since the epoch,
   * when *now* comes from the real clock (the app, a command without
   * `--at`); null or absent otherwise. With `dataPublished` it makes the
   * trusted floor that `CLOCK_BEHIND` measures against (operations.md "The clock").
   */
  auditFloor?: number | null;
  issuerName(iss: string): string | undefined;
}

/** How far before the trusted floor *now* may be before `CLOCK_BEHIND` (verdict.md). */
export const CLOCK_SLACK_MS = 5 * 60 * 1000;

/**
 * The trusted floor: the latest of the last manifest's `published` and the
 * audit floor, ms since the epoch, or null when there is neither.
 */
export function trustedFloor(ctx: Pick<VerdictContext, 'dataPublished' | 'auditFloor'>): number | null {
  const published = ctx.dataPublished === null ? Number.NaN : Date.parse(ctx.dataPublished);
  const candidates = [published, ctx.auditFloor ?? Number.NaN].filter((x) => !Number.isNaN(x));
  return candidates.length === 0 ? null : Math.max(...candidates);
}

/** `CLOCK_BEHIND` applies: now is more than 5 minutes before the trusted floor. */
export function clockBehind(ctx: Pick<VerdictContext, 'dataPublished' | 'auditFloor' | 'now'>): boolean {
  const floor = trustedFloor(ctx);
  return floor !== null && ctx.now < floor - CLOCK_SLACK_MS;
}

const SEVERITY_RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<
  Severity,
  number
>;

function reason(code: ReasonCode, extra?: Omit<Reason, 'code' | 'severity'>): Reason {
  return { code, severity: REASON_SEVERITY[code], ...extra };
}

/** expired / expiring / fine, for an inclusive expiry date (verdict.md "Dates"). */
function expiryReason(
  until: IsoDate | null,
  today: IsoDate,
  warnEnd: IsoDate,
  expired: 'CHECK_EXPIRED' | 'TRAINING_EXPIRED',
  expiring: 'CHECK_EXPIRING' | 'TRAINING_EXPIRING',
  extra: Omit<Reason, 'code' | 'severity' | 'until'>,
): Reason | null {
  if (until === null) return null;
  if (until < today) return reason(expired, { ...extra, until });
  if (until <= warnEnd) return reason(expiring, { ...extra, until });
  return null;
}

/** Step 4 for one check: at most one reason, the first that applies. */
function checkReason(
  check: CheckName,
  record: LivePassport,
  policy: SitePolicy,
  today: IsoDate,
  warnEnd: IsoDate,
): Reason | null {
  const group = groupPolicyFor(policy, record.person.staffGroup);
  const c = record.checks;
  const on = { check };
  const expiry = (until: IsoDate | null) => expiryReason(until, today, warnEnd, 'CHECK_EXPIRED', 'CHECK_EXPIRING', on);
  switch (check) {
    case 'identity': {
      const x = c.identity;
      if (!x) return reason('CHECK_MISSING', on);
      if (x.outcome === 'pending') return reason('CHECK_PENDING', on);
      return null;
    }
    case 'rightToWork': {
      const x = c.rightToWork;
      if (!x) return reason('CHECK_MISSING', on);
      if (x.outcome === 'pending') return reason('CHECK_PENDING', on);
      return expiry(x.until);
    }
    case 'dbs': {
      const x = c.dbs;
      if (!x) return reason('CHECK_MISSING', on);
      if (x.outcome === 'unsatisfactory') return reason('CHECK_FAILED', on);
      if (x.outcome === 'pending') return reason('CHECK_PENDING', on);
      const levelOk = DBS_LEVELS.indexOf(x.level) >= DBS_LEVELS.indexOf(group.dbs.minLevel);
      const listsOk = group.dbs.barredLists.every((l) => x.barredLists.includes(l));
      if (!levelOk || !listsOk) return reason('CHECK_INSUFFICIENT', on);
      if (!x.updateService && policy.dbsMaxAgeYears !== null) return expiry(addYears(x.on, policy.dbsMaxAgeYears));
      return null;
    }
    case 'registration': {
      const x = c.registration;
      if (!x) return reason('CHECK_MISSING', on);
      if (x.status === 'suspended' || x.status === 'lapsed' || x.status === 'removed') return reason('CHECK_FAILED', on);
      if (group.registration !== null && !group.registration.includes(x.body)) return reason('CHECK_INSUFFICIENT', on);
      if (x.status === 'registered-with-conditions') return reason('REGISTRATION_CONDITIONS', on);
      return expiry(x.until);
    }
    case 'occupationalHealth': {
      const x = c.occupationalHealth;
      if (!x) return reason('CHECK_MISSING', on);
      if (x.outcome === 'not-cleared') return reason('CHECK_FAILED', on);
      if (x.outcome === 'pending') return reason('CHECK_PENDING', on);
      const r = expiry(x.review);
      if (r) return r;
      if (x.outcome === 'cleared-with-adjustments') return reason('OH_ADJUSTMENTS', on);
      return null;
    }
  }
}

/** The latest expiry over all entries for a subject (verdict.md "Dates"), or null if none. */
export function trainingExpiry(record: LivePassport, subject: CstfSubject, years: number): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const t of record.checks.training ?? []) {
    if (t.subject !== subject) continue;
    const e = t.until ?? addYears(t.completed, years);
    if (latest === null || e > latest) latest = e;
  }
  return latest;
}

/** Step 4: the reasons from a live, trusted record's checks, training and induction. */
export function evaluateChecks(record: LivePassport, policy: SitePolicy, today: IsoDate): Reason[] {
  const group = groupPolicyFor(policy, record.person.staffGroup);
  const warnEnd = addDays(today, policy.warnDays);
  const out: Reason[] = [];
  // Evaluate in the contract's order, not the order the policy lists them.
  for (const check of ['identity', 'rightToWork', 'dbs', 'registration', 'occupationalHealth'] as const) {
    if (!group.require.includes(check)) continue;
    const r = checkReason(check, record, policy, today, warnEnd);
    if (r) out.push(r);
  }
  for (const subject of group.training) {
    const expiry = trainingExpiry(record, subject, policy.trainingYears[subject] ?? 0);
    if (expiry === null) {
      out.push(reason('TRAINING_MISSING', { subject }));
      continue;
    }
    const r = expiryReason(expiry, today, warnEnd, 'TRAINING_EXPIRED', 'TRAINING_EXPIRING', { subject });
    if (r) out.push(r);
  }
  const induction = record.checks.induction;
  out.push(
    induction
      ? reason('INDUCTION_RECORDED', { completed: induction.completed, by: induction.by })
      : reason('INDUCTION_NOT_RECORDED'),
  );
  return out;
}

/** Step 6: the outcome from the reasons' severities. */
export function outcomeOf(reasons: readonly Reason[]): Outcome {
  let worst = SEVERITY_RANK.info;
  for (const r of reasons) worst = Math.min(worst, SEVERITY_RANK[r.severity]);
  switch (SEVERITIES[worst]) {
    case 'unknown':
      return 'unknown';
    case 'block':
      return 'not-cleared';
    case 'refer':
      return 'refer';
    default:
      return 'cleared';
  }
}

/** Most severe first; a stable sort keeps the order the steps produced. */
export function sortReasons(reasons: Reason[]): Reason[] {
  return reasons
    .map((r, i) => [r, i] as const)
    .sort((a, b) => SEVERITY_RANK[a[0].severity] - SEVERITY_RANK[b[0].severity] || a[1] - b[1])
    .map(([r]) => r);
}

function personOf(record: LivePassport, ctx: VerdictContext): VerdictPassport {
  const p: VerdictPassport = {
    id: record.id,
    rev: record.rev,
    iss: record.iss,
    issuerName: ctx.issuerName(record.iss) ?? null,
    name: record.person.name,
    staffGroup: record.person.staffGroup,
    role: record.person.role,
  };
  if (record.person.photo) p.photo = record.person.photo;
  return p;
}

/** Reach the verdict for an identification (verdict.md, "How the verdict is reached"). */
export function reachVerdict(id: Identification, ctx: VerdictContext): Verdict {
  const localDate = londonDate(ctx.now);
  const base = { localDate, dataPublished: ctx.dataPublished };

  // Step 1: nothing is added to a verdict of this step.
  if (id.kind === 'unidentified' || id.kind === 'token-refused') {
    const reasons = [reason(id.code)];
    return { outcome: outcomeOf(reasons), reasons, passport: null, ...base };
  }

  let reasons: Reason[];
  let passport: VerdictPassport | null = null;
  if (id.kind === 'untrusted') {
    reasons = [reason(id.code)]; // step 2: no person data shown
  } else {
    const record = id.record;
    passport = personOf(record, ctx);
    if (record.status === 'revoked') reasons = [reason('PASSPORT_REVOKED')];
    else if (record.status === 'suspended') reasons = [reason('PASSPORT_SUSPENDED')];
    else reasons = evaluateChecks(record, ctx.policy, localDate);
    for (const r of reasons) {
      const byName = r.by === undefined ? undefined : ctx.issuerName(r.by);
      if (byName !== undefined) r.byName = byName;
    }
  }

  // Step 5: freshness.
  if (ctx.dataExpires !== null && ctx.now > Date.parse(ctx.dataExpires)) reasons.push(reason('DATA_STALE'));
  if (clockBehind(ctx)) reasons.push(reason('CLOCK_BEHIND'));
  const cachedRev = id.kind === 'passport' ? id.record.rev : id.rev;
  if (id.tokenRev !== undefined && id.tokenRev > cachedRev) {
    reasons.push(reason('DATA_BEHIND'));
  }

  reasons = sortReasons(reasons);
  return { outcome: outcomeOf(reasons), reasons, passport, ...base };
}
