import { useLayoutEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../shared/kiosk-api';
import { CreateSessionForm } from './create-session-form';
import { SessionPage, type SessionTab } from './session-page';
import { SessionsList } from './sessions-list';

type Route = { page: 'list' } | { page: 'create' } | { page: 'session'; id: string; tab: SessionTab };

/**
 * The induction lead's screens: the sessions list, the create form, and
 * one session (register, roster, pre-check). A small route in state — the
 * kiosk's address carries only its link.
 */
export function LeadArea({ api, nowIso, activeSessionId, onExit, onSessionMode }: {
  api: KioskApi;
  nowIso: string;
  activeSessionId: string | null;
  onExit(): void;
  onSessionMode(sessionId: string | null): void;
}) {
  const [route, setRoute] = useState<Route>({ page: 'list' });
  if (route.page === 'create') {
    return (
      <CreatePage
        api={api}
        nowIso={nowIso}
        onCancel={() => setRoute({ page: 'list' })}
        onCreated={(id) => setRoute({ page: 'session', id, tab: 'roster' })}
      />
    );
  }
  if (route.page === 'session') {
    return (
      <SessionPage
        key={route.id}
        api={api}
        sessionId={route.id}
        nowIso={nowIso}
        activeSessionId={activeSessionId}
        initialTab={route.tab}
        onBack={() => setRoute({ page: 'list' })}
        onSessionMode={onSessionMode}
      />
    );
  }
  return (
    <SessionsList
      api={api}
      nowIso={nowIso}
      activeSessionId={activeSessionId}
      onOpen={(id) => setRoute({ page: 'session', id, tab: 'register' })}
      onCreate={() => setRoute({ page: 'create' })}
      onBack={onExit}
    />
  );
}

function CreatePage({ api, nowIso, onCancel, onCreated }: { api: KioskApi; nowIso: string; onCancel(): void; onCreated(id: string): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <div className="kiosk-lead-page">
      <button type="button" className="kiosk-back" onClick={onCancel}>
        <span aria-hidden="true">‹ </span>All sessions
      </button>
      <h1 id="create-heading" className="nhsuk-heading-l kiosk-lead-heading" tabIndex={-1} ref={heading}>
        Create a session
      </h1>
      <p>Times are UK time. After creating it, load its roster.</p>
      <CreateSessionForm api={api} nowIso={nowIso} onCancel={onCancel} onCreated={(s) => onCreated(s.id)} />
    </div>
  );
}
