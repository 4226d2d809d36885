import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../shared/kiosk-api';
import type { SessionSummaryDto } from '../../shared/sessions-api';
import { ErrorSummary, type Problem } from './error-summary';
import { formatSpan, londonDateOf } from './london-time';
import { SESSION_KIND_WORDS, SESSION_STATE_WORDS, arrivedLine } from './session-words';

/**
 * The lead's start page: today's sessions, then upcoming ones (earlier
 * ones folded away), each with kind, time, room and "23 of 40 arrived";
 * and "Create a session". Refreshed whenever any session changes.
 */
export function SessionsList({ api, nowIso, activeSessionId, onOpen, onCreate, onBack }: {
  api: KioskApi;
  nowIso: string;
  activeSessionId: string | null;
  onOpen(sessionId: string): void;
  onCreate(): void;
  onBack(): void;
}) {
  const [sessions, setSessions] = useState<SessionSummaryDto[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const load = () =>
      api.listSessions({}).then(setSessions, (e: Error) =>
        setProblems([{ field: 'create-session', message: `Sessions could not be listed: ${e.message}` }]),
      );
    void load();
    return api.on('sessionChanged', () => void load());
  }, [api]);
  useLayoutEffect(() => heading.current?.focus(), []);

  const today = londonDateOf(nowIso);
  const byStart = [...(sessions ?? [])].sort((a, b) => Date.parse(a.session.starts) - Date.parse(b.session.starts));
  const todays = byStart.filter((s) => londonDateOf(s.session.starts) === today);
  const upcoming = byStart.filter((s) => londonDateOf(s.session.starts) > today);
  const earlier = byStart.filter((s) => londonDateOf(s.session.starts) < today).reverse();

  const table = (list: SessionSummaryDto[], caption: string) =>
    list.length === 0 ? null : (
      <table className="nhsuk-table kiosk-lead-table kiosk-sessions" data-testid="sessions-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              Session
            </th>
            <th scope="col" className="nhsuk-table__header">
              When
            </th>
            <th scope="col" className="nhsuk-table__header">
              Room
            </th>
            <th scope="col" className="nhsuk-table__header">
              Attendance
            </th>
            <th scope="col" className="nhsuk-table__header">
              State
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {list.map((s) => (
            <tr className="nhsuk-table__row" key={s.session.id} data-session={s.session.title}>
              <td className="nhsuk-table__cell">
                <button type="button" className="kiosk-link-button" onClick={() => onOpen(s.session.id)}>
                  {s.session.title}
                </button>
                <span className="kiosk-subtle kiosk-block">{SESSION_KIND_WORDS[s.session.kind]}</span>
              </td>
              <td className="nhsuk-table__cell">{formatSpan(s.session.starts, s.session.ends)}</td>
              <td className="nhsuk-table__cell">{s.session.room ?? '—'}</td>
              <td className="nhsuk-table__cell">
                {arrivedLine(s.arrived, s.expected)}
                {s.session.capacity ? <span className="kiosk-subtle kiosk-block">capacity {s.session.capacity}</span> : null}
              </td>
              <td className="nhsuk-table__cell">
                {s.session.id === activeSessionId ? <strong>Running at this kiosk</strong> : SESSION_STATE_WORDS[s.session.state]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );

  return (
    <div className="kiosk-lead-page">
      <button type="button" className="kiosk-back" onClick={onBack}>
        <span aria-hidden="true">‹ </span>Back to scanning
      </button>
      <h1 id="sessions-heading" className="nhsuk-heading-l kiosk-lead-heading" tabIndex={-1} ref={heading}>
        Induction sessions
      </h1>
      <ErrorSummary id="sessions-errors" problems={problems} />
      <button type="button" id="create-session" className="nhsuk-button" onClick={onCreate}>
        Create a session
      </button>
      {sessions === null ? (
        <p>Loading sessions…</p>
      ) : (
        <>
          <h2 className="nhsuk-heading-m">Today</h2>
          {table(todays, 'Today’s sessions') ?? <p className="kiosk-empty">No sessions today.</p>}
          <h2 className="nhsuk-heading-m">Upcoming</h2>
          {table(upcoming, 'Upcoming sessions') ?? <p className="kiosk-empty">No upcoming sessions.</p>}
          {earlier.length > 0 && (
            <details className="nhsuk-details">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Earlier sessions ({earlier.length})</span>
              </summary>
              <div className="nhsuk-details__text">{table(earlier, 'Earlier sessions')}</div>
            </details>
          )}
        </>
      )}
    </div>
  );
}
