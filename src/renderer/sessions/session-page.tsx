import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../shared/kiosk-api';
import type { RegisterDto, RegisterLineDto } from '../../shared/sessions-api';
import { CloseConfirm } from './close-confirm';
import { downloadBase64 } from './downloads';
import { ErrorSummary, type Problem } from './error-summary';
import { formatSpan } from './london-time';
import { MarkForm } from './mark-form';
import { PrecheckPanel } from './precheck-table';
import { REGISTER_FILTERS, REGISTER_FILTER_WORDS, filterRegister, wouldBecomeAbsent, type RegisterFilter } from './register-filters';
import { RegisterTable, lineKey } from './register-table';
import { RosterImport } from './roster-import';
import { SESSION_KIND_WORDS, SESSION_STATE_WORDS, arrivedLine } from './session-words';

export type SessionTab = 'register' | 'roster';

/**
 * One session for its lead: who is expected, arrived, exempt and missing
 * (live: every `sessionChanged` for this session refetches the register),
 * marks, session mode, close and exports; and, on the second tab, loading
 * the roster and the pre-check.
 */
export function SessionPage({ api, sessionId, nowIso, activeSessionId, initialTab, onBack, onSessionMode }: {
  api: KioskApi;
  sessionId: string;
  nowIso: string;
  activeSessionId: string | null;
  initialTab: SessionTab;
  onBack(): void;
  onSessionMode(sessionId: string | null): void;
}) {
  const [register, setRegister] = useState<RegisterDto | null>(null);
  const [tab, setTab] = useState<SessionTab>(initialTab);
  const [filter, setFilter] = useState<RegisterFilter>('expected');
  const [marking, setMarking] = useState<RegisterLineDto | null>(null);
  const [leadName, setLeadName] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Where focus goes once the next render is on screen (a Mark button, or the register's heading).
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  // Refetch, coalesced: scans at scanner speed send a change each, but one fetch at a time is enough.
  const refresh = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    api.getRegister({ sessionId }).then(
      (r) => {
        inFlight.current = false;
        if (r.ok) setRegister(r.register);
        else setProblems([{ field: 'session-heading', message: r.message }]);
        if (again.current) {
          again.current = false;
          refresh();
        }
      },
      (e: Error) => {
        inFlight.current = false;
        setProblems([{ field: 'session-heading', message: `The register could not be loaded: ${e.message}` }]);
      },
    );
  }, [api, sessionId]);

  useEffect(() => {
    refresh();
    return api.on('sessionChanged', (s) => {
      if (s.session.id === sessionId) refresh();
    });
  }, [api, sessionId, refresh]);

  useLayoutEffect(() => heading.current?.focus(), [sessionId]);
  useEffect(() => {
    if (focusNext === null) return;
    (document.getElementById(focusNext) ?? document.getElementById('register-heading'))?.focus();
    setFocusNext(null);
  }, [focusNext, register]);

  const session = register?.session;
  const closed = session?.state === 'closed';

  const exportAs = (format: 'csv' | 'pdf') => {
    setNotice(null);
    api.exportRegister({ sessionId, format }).then(
      (r) => {
        if (!r.ok) return setProblems([{ field: `export-${format}`, message: r.message }]);
        downloadBase64(r.file);
        setNotice(`${r.file.fileName} downloaded.`);
      },
      (e: Error) => setProblems([{ field: `export-${format}`, message: `The ${format.toUpperCase()} could not be made: ${e.message}` }]),
    );
  };

  const close = () => {
    setBusy(true);
    api.closeSession({ sessionId }).then(
      (r) => {
        setBusy(false);
        setConfirming(false);
        if (!r.ok) return setProblems([{ field: 'close-session', message: r.message }]);
        setRegister(r.register);
        setProblems([]);
        setNotice('The session is closed. Its register is final.');
        if (activeSessionId === sessionId) onSessionMode(null);
        heading.current?.focus();
      },
      (e: Error) => {
        setBusy(false);
        setProblems([{ field: 'close-session', message: `The session could not be closed: ${e.message}` }]);
      },
    );
  };

  const afterMark = (r: RegisterDto, by: string) => {
    const key = marking ? lineKey(marking) : null;
    setRegister(r);
    setLeadName(by);
    setMarking(null);
    setNotice(marking ? `${marking.name} marked.` : null);
    // Back to the person's Mark button, so the keyboard carries on where it was; if the mark moved
    // them out of this filter (marked present from "Missing"), to the register's heading.
    setFocusNext(key ? `mark-${key}` : 'register-heading');
  };

  const cancelMark = () => {
    const key = marking ? lineKey(marking) : null;
    setMarking(null);
    setFocusNext(key ? `mark-${key}` : 'register-heading');
  };

  const nowMs = Date.parse(nowIso);
  const filtered = register ? filterRegister(register, nowMs) : null;
  const arrivedCount = filtered?.arrived.filter((l) => l.onRoster).length ?? 0;
  const walkIns = filtered?.arrived.filter((l) => !l.onRoster).length ?? 0;
  const onList = filtered?.expected.length ?? 0;
  const isActive = activeSessionId === sessionId;

  return (
    <div className="kiosk-lead-page">
      <button type="button" className="kiosk-back" onClick={onBack}>
        <span aria-hidden="true">‹ </span>All sessions
      </button>
      <div className="kiosk-session-head">
        <div>
          <h1 id="session-heading" className="nhsuk-heading-l kiosk-lead-heading" tabIndex={-1} ref={heading}>
            {session?.title ?? 'Session'}
          </h1>
          {session && (
            <p className="kiosk-session-head__facts">
              {[
                SESSION_KIND_WORDS[session.kind],
                formatSpan(session.starts, session.ends),
                session.room,
                session.lead && `Lead: ${session.lead}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          )}
          {session && (
            <p className={`kiosk-session-head__state kiosk-session-head__state--${isActive ? 'running' : session.state}`} data-testid="session-state">
              {isActive ? 'Open — running at this kiosk (session mode)' : SESSION_STATE_WORDS[session.state]}
            </p>
          )}
        </div>
        {session && (
          <p className="kiosk-session-head__count" data-testid="session-attendance">
            {arrivedLine(arrivedCount, onList, walkIns)}
            {session.capacity ? <span className="kiosk-session-head__capacity"> (capacity {session.capacity})</span> : null}
          </p>
        )}
      </div>
      <ErrorSummary id="session-errors" problems={problems} />
      {notice && (
        <p className="kiosk-notice" role="status">
          {notice}
        </p>
      )}

      {session && !confirming && (
        <div className="kiosk-lead-actions kiosk-session-actions">
          {!closed &&
            (isActive ? (
              <button type="button" className="nhsuk-button" onClick={() => onSessionMode(null)}>
                Stop running at this kiosk
              </button>
            ) : (
              <button type="button" className="nhsuk-button" onClick={() => onSessionMode(sessionId)}>
                Run this session at the kiosk
              </button>
            ))}
          <button type="button" id="export-csv" className="nhsuk-button nhsuk-button--secondary" onClick={() => exportAs('csv')}>
            Download register (CSV)
          </button>
          <button type="button" id="export-pdf" className="nhsuk-button nhsuk-button--secondary" onClick={() => exportAs('pdf')}>
            Download register (PDF)
          </button>
          {!closed && (
            <button
              type="button"
              id="close-session"
              className="nhsuk-button nhsuk-button--warning kiosk-session-actions__close"
              onClick={() => {
                setNotice(null);
                setConfirming(true);
              }}
            >
              Close session
            </button>
          )}
        </div>
      )}
      {confirming && register && (
        <CloseConfirm
          title={register.session.title}
          becomeAbsent={wouldBecomeAbsent(register)}
          busy={busy}
          onConfirm={close}
          onCancel={() => {
            setConfirming(false);
            setFocusNext('close-session');
          }}
        />
      )}

      <nav className="kiosk-subnav" aria-label="Session pages">
        <button type="button" className="kiosk-subnav__item" aria-current={tab === 'register' ? 'page' : undefined} onClick={() => setTab('register')}>
          Register
        </button>
        <button type="button" className="kiosk-subnav__item" aria-current={tab === 'roster' ? 'page' : undefined} onClick={() => setTab('roster')}>
          Roster and pre-check
        </button>
      </nav>

      {tab === 'roster' && session && (
        <>
          <RosterImport api={api} sessionId={sessionId} closed={closed} onImported={refresh} />
          <PrecheckPanel api={api} sessionId={sessionId} starts={session.starts} ends={session.ends} />
        </>
      )}

      {tab === 'register' && register && filtered && (
        <section aria-labelledby="register-heading">
          <h2 id="register-heading" className="nhsuk-heading-m kiosk-lead-heading" tabIndex={-1}>
            Register
          </h2>
          <div className="kiosk-filters" role="group" aria-label="Show">
            {REGISTER_FILTERS.map((f) => (
              <button
                type="button"
                key={f}
                className="kiosk-filters__item"
                aria-pressed={filter === f}
                onClick={() => setFilter(f)}
                data-filter={f}
              >
                {REGISTER_FILTER_WORDS[f]} <span className="kiosk-filters__count">{filtered[f].length}</span>
              </button>
            ))}
          </div>
          <p className="kiosk-subtle kiosk-filter-hint">{FILTER_HINTS[filter]}</p>
          <div aria-live="polite" className="nhsuk-u-visually-hidden" data-testid="register-live">
            {arrivedLine(arrivedCount, onList, walkIns)}
          </div>
          <RegisterTable
            lines={filtered[filter]}
            canMark={!closed}
            markingKey={marking ? lineKey(marking) : null}
            onMark={(l) => setMarking(l)}
            empty={EMPTY[filter]}
            markForm={
              marking && (
                <MarkForm
                  api={api}
                  sessionId={sessionId}
                  line={marking}
                  defaultBy={leadName ?? register.session.lead ?? ''}
                  onDone={afterMark}
                  onCancel={cancelMark}
                />
              )
            }
          />
        </section>
      )}
    </div>
  );
}

const FILTER_HINTS: Record<RegisterFilter, string> = {
  expected: 'Everyone on the roster, whatever has happened so far.',
  arrived: 'Everyone here: signed in by scanning (walk-ins too) or marked present.',
  exempt: 'Not needed at this session: prior induction recognised, or marked exempt.',
  missing: 'On the roster, not here and not exempt, once the start time has passed; and anyone marked absent.',
};

const EMPTY: Record<RegisterFilter, string> = {
  expected: 'Nobody is on the roster yet. Load one on “Roster and pre-check”.',
  arrived: 'Nobody has arrived yet.',
  exempt: 'Nobody is exempt.',
  missing: 'Nobody is missing.',
};
