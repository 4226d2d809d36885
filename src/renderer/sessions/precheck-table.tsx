import { useState } from 'react';
import { OUTCOME_WORDS } from '../../core/sentences';
import type { KioskApi } from '../../shared/kiosk-api';
import type { PrecheckLineDto } from '../../shared/sessions-api';
import { OutcomeIcon } from '../components/outcome-icon';
import { ErrorSummary, type Problem } from './error-summary';
import { formatSpan } from './london-time';
import { REASON_SHORT_WORDS, priorInductionLine } from './session-words';

/**
 * Pre-check before the day (sessions.md "Pre-check"): every roster row
 * with the verdict it would get at the session's start, its reasons and
 * any recognised prior induction. Nothing is recorded.
 */
export function PrecheckPanel({ api, sessionId, starts, ends }: { api: KioskApi; sessionId: string; starts: string; ends: string }) {
  const [lines, setLines] = useState<PrecheckLineDto[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);

  const run = () => {
    setBusy(true);
    api.precheckSession({ sessionId }).then(
      (r) => {
        setBusy(false);
        if (r.ok) {
          setProblems([]);
          setLines(r.lines);
        } else setProblems([{ field: 'precheck-run', message: r.message }]);
      },
      (e: Error) => {
        setBusy(false);
        setProblems([{ field: 'precheck-run', message: `The pre-check could not run: ${e.message}` }]);
      },
    );
  };

  const counts = lines && countOutcomes(lines);
  return (
    <section className="kiosk-lead-panel" aria-labelledby="precheck-heading">
      <h2 id="precheck-heading" className="nhsuk-heading-m">
        Pre-check the roster
      </h2>
      <p>
        Checks everyone on the roster against this kiosk’s passport data as it would be at the start ({formatSpan(starts, ends)}).
        Nobody is signed in by a pre-check.
      </p>
      <ErrorSummary id="precheck-errors" problems={problems} />
      <button type="button" id="precheck-run" className="nhsuk-button nhsuk-button--secondary" onClick={run} disabled={busy}>
        {busy ? 'Checking…' : lines ? 'Run the pre-check again' : 'Run the pre-check'}
      </button>
      {lines && counts && (
        <>
          <p className="kiosk-counts" role="status" data-testid="precheck-summary">
            {lines.length} on the roster: {counts.cleared} cleared, {counts.refer} refer, {counts['not-cleared']} not cleared,{' '}
            {counts.unknown} not recognised{counts.exempt > 0 ? `; ${counts.exempt} with prior induction recognised` : ''}.
          </p>
          {lines.length > 0 && (
            <table className="nhsuk-table kiosk-lead-table" data-testid="precheck-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Pre-check results</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">
                    Row
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Name
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Outcome
                  </th>
                  <th scope="col" className="nhsuk-table__header">
                    Reasons
                  </th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {lines.map((l) => (
                  <tr className="nhsuk-table__row" key={l.row} data-outcome={l.outcome}>
                    <td className="nhsuk-table__cell">{l.row}</td>
                    <td className="nhsuk-table__cell">
                      {l.name}
                      {l.passportId && <span className="kiosk-subtle"> {l.passportId}</span>}
                    </td>
                    <td className="nhsuk-table__cell">
                      <OutcomeTag outcome={l.outcome} />
                    </td>
                    <td className="nhsuk-table__cell">
                      <ul className="kiosk-plain-list">
                        {l.outcome === 'unknown' && l.passportId === null && <li>Not found in this kiosk’s passport data</li>}
                        {l.reasons
                          .filter((c) => c !== 'INDUCTION_RECORDED' || !l.priorInduction)
                          .map((c, i) => (
                            <li key={i} data-code={c}>
                              {REASON_SHORT_WORDS[c]}
                            </li>
                          ))}
                        {l.priorInduction && <li className="kiosk-prior">{priorInductionLine(l.priorInduction)}</li>}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** An outcome as icon + word (colour is never the only signal). */
export function OutcomeTag({ outcome }: { outcome: PrecheckLineDto['outcome'] }) {
  return (
    <span className={`kiosk-outcome-tag kiosk-outcome-tag--${outcome}`}>
      <OutcomeIcon outcome={outcome} />
      {OUTCOME_WORDS[outcome]}
    </span>
  );
}

function countOutcomes(lines: PrecheckLineDto[]) {
  const c = { cleared: 0, refer: 0, 'not-cleared': 0, unknown: 0, exempt: 0 };
  for (const l of lines) {
    c[l.outcome]++;
    if (l.priorInduction) c.exempt++;
  }
  return c;
}
