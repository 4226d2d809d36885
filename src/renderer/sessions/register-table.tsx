import { Fragment, type ReactNode } from 'react';
import type { RegisterLineDto } from '../../shared/sessions-api';
import { STAFF_GROUP_WORDS } from '../words';
import type { StaffGroup } from '../../core/codes';
import { OutcomeTag } from './precheck-table';
import { formatTime } from './london-time';
import { REASON_SHORT_WORDS, REGISTER_STATUS_GLYPHS, REGISTER_STATUS_WORDS, priorInductionLine } from './session-words';

/** Whether an arrival needs the lead's eye: the verdict was refer or not cleared (the lead decides, not the kiosk). */
export function needsLead(l: RegisterLineDto): boolean {
  return l.flagged ?? ((l.status === 'present' && (l.outcome === 'refer' || l.outcome === 'not-cleared')) || false);
}

/**
 * The register's people under one filter: name (row, staff group, note),
 * status in words with a glyph, arrival time and lateness, the scan's
 * outcome with "Lead to check" when it needs a look, notes (prior
 * induction, the mark and who made it), and a Mark button per person.
 * `markForm` is rendered as a full-width row under the person being marked.
 */
export function RegisterTable({ lines, canMark, markingKey, onMark, markForm, empty }: {
  lines: RegisterLineDto[];
  canMark: boolean;
  markingKey: string | null;
  onMark(line: RegisterLineDto): void;
  markForm: ReactNode;
  empty: string;
}) {
  if (lines.length === 0) return <p className="kiosk-empty">{empty}</p>;
  return (
    <table className="nhsuk-table kiosk-lead-table kiosk-register" data-testid="register-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">People in this session</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Name
          </th>
          <th scope="col" className="nhsuk-table__header">
            Status
          </th>
          <th scope="col" className="nhsuk-table__header">
            Arrived
          </th>
          <th scope="col" className="nhsuk-table__header">
            Passport check
          </th>
          <th scope="col" className="nhsuk-table__header">
            Notes
          </th>
          {canMark && (
            <th scope="col" className="nhsuk-table__header">
              <span className="nhsuk-u-visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {lines.map((l) => {
          const key = lineKey(l);
          return (
            <Fragment key={key}>
              <tr className={`nhsuk-table__row kiosk-register__row kiosk-register__row--${l.status}`} data-person={l.name} data-status={l.status}>
                <td className="nhsuk-table__cell">
                  <strong>{l.name}</strong>
                  <span className="kiosk-subtle kiosk-block">
                    {l.row !== null ? `Row ${l.row}` : 'Walk-in (not on the list)'}
                    {l.staffGroup ? ` · ${STAFF_GROUP_WORDS[l.staffGroup as StaffGroup] ?? l.staffGroup}` : ''}
                  </span>
                  {l.note && <span className="kiosk-subtle kiosk-block">Note: {l.note}</span>}
                </td>
                <td className="nhsuk-table__cell">
                  <span className={`kiosk-status-tag kiosk-status-tag--${l.status}`}>
                    <span aria-hidden="true" className="kiosk-status-tag__glyph">
                      {REGISTER_STATUS_GLYPHS[l.status]}
                    </span>
                    {REGISTER_STATUS_WORDS[l.status]}
                  </span>
                </td>
                <td className="nhsuk-table__cell">
                  {l.arrivedAt ? formatTime(l.arrivedAt) : '—'}
                  {l.late && <strong className="kiosk-late"> late</strong>}
                </td>
                <td className="nhsuk-table__cell">
                  {l.outcome ? <OutcomeTag outcome={l.outcome} /> : '—'}
                  {needsLead(l) && (
                    <strong className="kiosk-flag" data-testid="lead-to-check">
                      <span aria-hidden="true">⚑ </span>Lead to check
                    </strong>
                  )}
                  {l.outcome && l.outcome !== 'cleared' && l.reasonCodes.length > 0 && (
                    <span className="kiosk-subtle kiosk-block">
                      {[...new Set(l.reasonCodes.filter((c) => c !== 'INDUCTION_RECORDED' && c !== 'INDUCTION_NOT_RECORDED'))]
                        .map((c) => REASON_SHORT_WORDS[c])
                        .join('; ')}
                    </span>
                  )}
                </td>
                <td className="nhsuk-table__cell">
                  {l.priorInduction && <span className="kiosk-block">{priorInductionLine(l.priorInduction)}</span>}
                  {l.markedBy && (
                    <span className="kiosk-block">
                      Marked by {l.markedBy}: {l.markReason}
                    </span>
                  )}
                </td>
                {canMark && (
                  <td className="nhsuk-table__cell">
                    <button
                      type="button"
                      id={`mark-${key}`}
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small kiosk-mark-button"
                      aria-expanded={markingKey === key}
                      onClick={() => onMark(l)}
                    >
                      Mark<span className="nhsuk-u-visually-hidden"> {l.name}</span>
                    </button>
                  </td>
                )}
              </tr>
              {markingKey === key && (
                <tr className="nhsuk-table__row kiosk-register__mark">
                  <td className="nhsuk-table__cell" colSpan={canMark ? 6 : 5}>
                    {markForm}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** A stable key per person: the roster row, or the walk-in's passport. */
export function lineKey(l: RegisterLineDto): string {
  return l.row !== null ? `row-${l.row}` : `pp-${(l.passportId ?? l.name).replace(/[^A-Za-z0-9-]/g, '_')}`;
}
