import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi, ScanResultDto, ScanSource, StatusDto, SyncProgressDto } from '../shared/kiosk-api';
import { CameraPanel } from './camera/camera-panel';
import { IdleScreen } from './components/idle-screen';
import { ManualEntry } from './components/manual-entry';
import { StatusBar } from './components/status-bar';
import { VerdictView } from './components/verdict-view';
import { useWedge } from './scan/use-wedge';
import { LeadArea } from './sessions/lead-area';
import { LeadEntry } from './sessions/lead-entry';
import { SessionBanner } from './sessions/session-banner';
import { playOutcome } from './sounds';
import { OUTCOME_WORDS } from '../core/sentences';
import { checkinLine } from './sessions/session-words';

const STATUS_REFRESH_MS = 30_000;

/**
 * The kiosk screen: idle or a verdict, the ways in (wedge anywhere,
 * the badge-number box, the camera) and the status bar. Any new scan
 * replaces the verdict on screen at once; the verdict goes back to idle
 * after the configured time.
 */
export function App({ api }: { api: KioskApi }) {
  const [status, setStatus] = useState<StatusDto | null>(null);
  const [progress, setProgress] = useState<SyncProgressDto | null>(null);
  const [result, setResult] = useState<ScanResultDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [camera, setCamera] = useState(() => localStorage.getItem('kiosk-camera-on') === '1');
  const [lead, setLead] = useState(false);
  const manualRef = useRef<HTMLInputElement>(null);
  const latestRequest = useRef(0);
  const statusRef = useRef<StatusDto | null>(null);
  statusRef.current = status;

  const refreshStatus = useCallback(() => {
    api.getStatus({}).then(setStatus, (e: Error) => setError(`The kiosk services are not answering: ${e.message}`));
  }, [api]);

  const show = useCallback((r: ScanResultDto) => {
    setResult(r);
    setError(null);
    if (statusRef.current?.settings.sounds) playOutcome(r.verdict.outcome);
  }, []);

  const scan = useCallback(
    (payload: string, source: ScanSource) => {
      // Responses can overtake each other; only the latest scan may be shown.
      const n = ++latestRequest.current;
      api.scan({ payload, source }).then(
        (r) => n === latestRequest.current && show(r),
        (e: Error) => n === latestRequest.current && setError(`That scan could not be checked: ${e.message}`),
      );
    },
    [api, show],
  );

  useWedge(useCallback((p) => scan(p, 'wedge'), [scan]), manualRef);

  useEffect(() => {
    refreshStatus();
    const t = setInterval(refreshStatus, STATUS_REFRESH_MS);
    const offs = [
      api.on('verdict', (r) => {
        // Scans from this screen are shown from their own response; hardware readers only arrive here.
        if (r.source === 'reader') {
          latestRequest.current++;
          show(r);
        }
      }),
      api.on('readerState', (readers) => setStatus((s) => (s ? { ...s, readers } : s))),
      api.on('syncProgress', (p) => {
        setProgress(p);
        if (p.phase === 'finished') refreshStatus();
      }),
      // The session-mode banner's counts follow every arrival, mark and close.
      api.on('sessionChanged', (summary) =>
        setStatus((s) => (s?.session && s.session.session.id === summary.session.id ? { ...s, session: summary } : s)),
      ),
    ];
    return () => {
      clearInterval(t);
      for (const off of offs) off();
    };
  }, [api, refreshStatus, show]);

  // Back to idle after the configured time; every new verdict restarts the clock.
  const idleSeconds = status?.settings.idleSeconds ?? 20;
  useEffect(() => {
    if (!result) return;
    const t = setTimeout(() => setResult(null), idleSeconds * 1000);
    return () => clearTimeout(t);
  }, [result, idleSeconds]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setResult(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const toggleCamera = () => {
    localStorage.setItem('kiosk-camera-on', camera ? '0' : '1');
    setCamera(!camera);
  };

  const setSessionMode = (sessionId: string | null) => {
    api.setSessionMode({ sessionId }).then(
      (r) => {
        if (!r.ok) return setError(r.message);
        setError(null);
        setStatus((s) => (s ? { ...s, session: r.active } : s));
        // Starting a session sends the lead back to the scan screen, where people sign in.
        if (r.active) {
          setResult(null);
          setLead(false);
        }
      },
      (e: Error) => setError(`Session mode could not be changed: ${e.message}`),
    );
  };

  const syncNow = () => {
    setProgress({ phase: 'started', message: 'Syncing…' });
    api.syncNow({}).then(
      () => refreshStatus(),
      (e: Error) => setProgress({ phase: 'finished', message: `Sync failed: ${e.message}` }),
    );
  };

  return (
    <div className="kiosk">
      <header className="kiosk-header">
        <span className="kiosk-header__logo" aria-hidden="true">
          NHS
        </span>
        <span className="kiosk-header__service">Staff Passport Kiosk</span>
        {status && <span className="kiosk-header__site">{status.site}</span>}
      </header>
      {lead ? (
        <main className="kiosk-lead" id="main">
          {error && (
            <div className="nhsuk-error-summary" role="alert">
              <h2 className="nhsuk-error-summary__title">Something went wrong</h2>
              <p>{error}</p>
            </div>
          )}
          {result && <LastScan result={result} />}
          <LeadArea
            api={api}
            nowIso={status?.now ?? new Date().toISOString()}
            activeSessionId={status?.session?.session.id ?? null}
            onExit={() => {
              // Back to an idle scan screen: a scan made while the lead worked is old news.
              setResult(null);
              setLead(false);
            }}
            onSessionMode={setSessionMode}
          />
        </main>
      ) : (
        <main className="kiosk-main" id="main">
          <div className="kiosk-stage" aria-live="polite">
            {status?.session && <SessionBanner summary={status.session} onLeave={() => setSessionMode(null)} />}
            {error && (
              <div className="nhsuk-error-summary" role="alert">
                <h2 className="nhsuk-error-summary__title">Something went wrong</h2>
                <p>{error}</p>
              </div>
            )}
            {result ? (
              <VerdictView key={result.scanId} result={result} onDone={() => setResult(null)} />
            ) : (
              <IdleScreen site={status?.site} sessionMode={!!status?.session} />
            )}
          </div>
          <aside className="kiosk-inputs" aria-label="Other ways to check a passport">
            <ManualEntry ref={manualRef} onSubmit={(v) => scan(v, 'manual')} />
            <button type="button" className="nhsuk-button nhsuk-button--secondary" aria-pressed={camera} onClick={toggleCamera}>
              {camera ? 'Turn camera off' : 'Use the camera'}
            </button>
            {camera && <CameraPanel onCode={(t) => scan(t, 'camera')} />}
            <LeadEntry
              onEnter={() => {
                setResult(null);
                setLead(true);
              }}
            />
          </aside>
        </main>
      )}
      <StatusBar status={status} progress={progress} onSyncNow={syncNow} />
    </div>
  );
}

/** In the lead's screens, the newest scan in one line (scans still sign people in while the lead works). */
function LastScan({ result }: { result: ScanResultDto }) {
  const who = result.verdict.passport?.name ?? 'Nobody identified';
  const checkin = result.checkin ? ` — ${checkinLine(result.checkin).headline}` : '';
  return (
    <p className="kiosk-last-scan" role="status" data-testid="last-scan">
      <span className="kiosk-status__label">Last scan: </span>
      {who}: {OUTCOME_WORDS[result.verdict.outcome]}
      {checkin}
    </p>
  );
}
