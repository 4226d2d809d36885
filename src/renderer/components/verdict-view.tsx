import { useLayoutEffect, useRef } from 'react';
import { SEVERITIES, type Severity, type StaffGroup } from '../../core/codes';
import { OUTCOME_ADVICE, OUTCOME_WORDS, describeReason } from '../../core/sentences';
import type { Reason } from '../../core/verdict';
import type { ScanResultDto } from '../../shared/kiosk-api';
import { measureVerdictPainted } from '../latency';
import { SEVERITY_HEADINGS, STAFF_GROUP_WORDS, formatInstant } from '../words';
import { OutcomeIcon } from './outcome-icon';
import { CheckinResult } from '../sessions/checkin-result';

export interface VerdictViewProps {
  result: ScanResultDto;
  /** Back to the idle screen (button, Escape, or the idle timer). */
  onDone(): void;
}

/**
 * One verdict, filling the screen: a banner with the outcome's colour, icon
 * and word; who it is; every reason as a sentence, grouped by severity; and
 * how fresh the data behind it is.
 */
export function VerdictView({ result, onDone }: VerdictViewProps) {
  const { verdict } = result;
  const person = verdict.passport;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const photo = result.photo;

  // Measure Enter → painted for this scan (latency.ts), and move focus to the
  // banner so a screen reader announces it and Tab starts from the verdict.
  useLayoutEffect(() => {
    measureVerdictPainted();
    headingRef.current?.focus({ preventScroll: true });
  }, [result.scanId]);

  const issuerName = (iss: string) => (person && iss === person.iss ? (person.issuerName ?? undefined) : undefined);
  const groups = SEVERITIES.map((s) => ({ severity: s, reasons: verdict.reasons.filter((r) => r.severity === s) })).filter(
    (g) => g.reasons.length > 0,
  );

  return (
    <section className={`kiosk-verdict kiosk-verdict--${verdict.outcome}`} aria-labelledby="verdict-heading" data-outcome={verdict.outcome} data-scan-id={result.scanId}>
      <div className={`kiosk-banner kiosk-banner--${verdict.outcome}`}>
        <OutcomeIcon outcome={verdict.outcome} />
        <div>
          <h1 id="verdict-heading" className="kiosk-banner__word" tabIndex={-1} ref={headingRef}>
            {OUTCOME_WORDS[verdict.outcome]}
          </h1>
          <p className="kiosk-banner__advice">{OUTCOME_ADVICE[verdict.outcome]}</p>
        </div>
      </div>

      {result.checkin && <CheckinResult checkin={result.checkin} outcome={verdict.outcome} />}

      <div className="kiosk-verdict__body">
        {person && (
          <div className="kiosk-person">
            {photo && <img className="kiosk-person__photo" src={photo} alt={`Photo of ${person.name}`} />}
            <div>
              <h2 className="kiosk-person__name">{person.name}</h2>
              <dl className="nhsuk-summary-list kiosk-person__facts">
                <Fact term="Role" value={person.role || 'Not recorded'} />
                <Fact term="Staff group" value={STAFF_GROUP_WORDS[person.staffGroup as StaffGroup] ?? person.staffGroup} />
                <Fact term="Issued by" value={person.issuerName ?? person.iss} />
              </dl>
            </div>
          </div>
        )}

        {groups.map((g) => (
          <ReasonGroup key={g.severity} severity={g.severity} reasons={g.reasons} issuerName={issuerName} />
        ))}

        <p className="kiosk-freshness">
          {verdict.dataPublished
            ? `Checked against passport data published ${formatInstant(verdict.dataPublished)}.`
            : 'This kiosk has no passport data.'}
        </p>
        <button type="button" className="nhsuk-button nhsuk-button--secondary kiosk-done" onClick={onDone}>
          Next person <span className="kiosk-key-hint">(Esc)</span>
        </button>
      </div>
    </section>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{term}</dt>
      <dd className="nhsuk-summary-list__value">{value}</dd>
    </div>
  );
}

function ReasonGroup(props: { severity: Severity; reasons: Reason[]; issuerName: (iss: string) => string | undefined }) {
  const id = `reasons-${props.severity}`;
  return (
    <section className={`kiosk-reasons kiosk-reasons--${props.severity}`} aria-labelledby={id}>
      <h3 id={id} className="kiosk-reasons__heading">
        {SEVERITY_HEADINGS[props.severity]}
      </h3>
      <ul className="kiosk-reasons__list">
        {props.reasons.map((r, i) => (
          <li key={i} data-code={r.code}>
            {describeReason(r, { issuerName: props.issuerName })}
          </li>
        ))}
      </ul>
    </section>
  );
}
