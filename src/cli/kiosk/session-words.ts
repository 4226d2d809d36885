import { OUTCOME_WORDS } from '../../core/sentences';
import type { CheckinResult, PrecheckLine } from '../../core/sessions/model';
import { londonHourMinute, londonShortDateTime } from '../../main/sessions/local-time';
import type { CheckinOutcome, SessionSummary } from '../../main/sessions/session-service';

/**
 * How `passport-kiosk session …` prints: one human line per item, or the
 * JSON shapes cli.md gives ("Sessions").
 */

/** The check-in result as the screen says it. */
export const CHECKIN_WORDS: Record<CheckinResult, string> = {
  ARRIVED: 'signed in',
  ALREADY_ARRIVED: 'already signed in',
  SESSION_FULL: 'session full: not signed in',
  SESSION_CLOSED: 'session closed: not signed in',
  NOT_IDENTIFIED: 'not identified: not signed in',
};

export function describeSummary(s: SessionSummary): string {
  const x = s.session;
  return [
    x.id,
    x.state,
    x.kind,
    londonShortDateTime(x.starts),
    `${s.arrived} of ${s.expected} arrived`,
    x.title,
  ].join('\t');
}

export function toPrecheckJson(l: PrecheckLine) {
  return {
    row: l.row,
    name: l.name,
    passportId: l.passportId,
    outcome: l.outcome,
    reasons: l.reasons,
    priorInduction: l.priorInduction ? { by: l.priorInduction.by, completed: l.priorInduction.completed } : null,
  };
}

export function describePrecheck(l: PrecheckLine): string {
  const prior = l.priorInduction ? ` — prior induction recognised: ${l.priorInduction.byName ?? l.priorInduction.by} ${l.priorInduction.completed}` : '';
  return `${l.row}\t${l.name}\t${l.passportId ?? 'not found'}\t${OUTCOME_WORDS[l.outcome]}${l.reasons.length ? ` (${l.reasons.join(' ')})` : ''}${prior}`;
}

export function toCheckinJson(c: CheckinOutcome) {
  return {
    result: c.result,
    verdict: c.verdict,
    arrival: c.arrival ? { at: c.arrival.at, late: c.arrival.late, onRoster: c.arrival.onRoster, row: c.arrival.row } : null,
  };
}

export function describeCheckin(payload: string, c: CheckinOutcome): string {
  const who = c.verdict.passport ? c.verdict.passport.name : 'nobody identified';
  let what: string = CHECKIN_WORDS[c.result];
  if (c.arrival && c.result === 'ALREADY_ARRIVED') what += ` at ${londonHourMinute(c.arrival.at)}`;
  if (c.arrival && c.result === 'ARRIVED') {
    if (c.arrival.late) what += ' (late)';
    if (!c.arrival.onRoster) what += ' as a walk-in (not on the list)';
  }
  return `${payload}\t${who}\t${OUTCOME_WORDS[c.verdict.outcome]}\t${what}${c.flagged ? '\tlead to check' : ''}`;
}
