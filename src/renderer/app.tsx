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
import { PinPad } from './roles/pin-pad';
import type { PinAnswer, PinRoleName } from './roles/pin-words';
import { RoleStrip } from './roles/role-strip';
import { useRole } from './roles/use-role';
import { OUTCOME_WORDS } from '../core/sentences';
import { checkinLine } from './sessions/session-words';

const STATUS_REFRESH_MS = 30_000;

/** The PIN pad on screen: for which role, its words, and what happens once unlocked. */
interface PinRequest {
  role: PinRoleName;
  title: string;
  reason: string;
  then: 'lead' | 'sync' | 'exit' | 'leave-session';
}

const LEAD_PIN: Omit<PinRequest, 'role'> = {
  title: 'Enter the induction lead PIN',
  reason: 'Sessions and registers are for induction leads.',
  then: 'lead',
};
const SYNC_PIN: PinRequest = {
  role: 'admin',
  title: 'Enter the admin PIN to sync now',
  reason: 'Syncing by hand is for IT (admin). The kiosk also syncs by itself on a schedule.',
  then: 'sync',
};
const EXIT_PIN: PinRequest = {
  role: 'admin',
  title: 'Enter the admin PIN to exit',
  reason: 'Leaving the kiosk app is for IT (admin).',
  then: 'exit',
};

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
  const [pin, setPin] = useState<PinRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [skewMs, setSkewMs] = useState(0);
  const roles = useRole(api);
  const manualRef = useRef<HTMLInputElement>(null);
  /** While the PIN pad is up, a person's typing goes to it (never the badge box); a scanner's burst still scans. */
  const typedTo = useRef<((text: string) => void) | null>(null);
  const latestRequest = useRef(0);
  const statusRef = useRef<StatusDto | null>(null);
  statusRef.current = status;

  const refreshStatus = useCallback(() => {
    api.getStatus({}).then(
      (s) => {
        setStatus(s);
        // The services' clock minus the screen's: the auto-lock warning counts in the services' time.
        setSkewMs(Date.parse(s.now) - Date.now());
      },
      (e: Error) => setError(`The kiosk services are not answering: ${e.message}`),
    );
  }, [api]);

  const show = useCallback((r: ScanResultDto) => {
    setResult(r);
    setError(null);
    // A scan while the PIN pad is up: the desk is needed for scanning, the PIN can wait.
    setPin(null);
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

  useWedge(useCallback((p) => scan(p, 'wedge'), [scan]), manualRef, { typedTo });

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

  const role = roles.state?.role ?? 'reception';
  const isAdmin = role === 'admin';
  const mayLead = !roles.enforced || role !== 'reception';

  // The role fell back (Lock, or no input for lockMinutes): the lead's screens close.
  useEffect(() => {
    if (roles.enforced && role === 'reception') setLead(false);
  }, [roles.enforced, role]);

  const runSync = () => {
    setProgress({ phase: 'started', message: 'Syncing…' });
    api.syncNow({}).then(
      (outcome) => {
        // A refusal (no admin role) has no failure code: it is a sentence for the person, not a sync result.
        if (!outcome.ok && outcome.code === undefined) {
          setProgress(null);
          setError(outcome.message);
        }
        refreshStatus();
      },
      (e: Error) => setProgress({ phase: 'finished', message: `Sync failed: ${e.message}` }),
    );
  };

  const syncNow = () => {
    if (!isAdmin && roles.state?.pins.admin) return setPin(SYNC_PIN);
    runSync();
  };

  /** Leaving the app: the request always goes to the services, which refuse it without the admin role. */
  const exit = useCallback(() => {
    api.requestExit({}).then(
      (r) => {
        if (r.ok) {
          setPin(null);
          setNotice('The kiosk app is closing.');
        } else if (r.code === 'ROLE_REQUIRED') {
          setResult(null);
          setPin(EXIT_PIN);
        } else {
          setError(r.message);
        }
      },
      (e: Error) => setError(`The exit request could not be made: ${e.message}`),
    );
  }, [api]);

  // The Electron shell refused a close or a quit: the same exit request, so the admin PIN pad if need be.
  useEffect(() => api.on('exitRequested', exit), [api, exit]);

  const enterLead = () => {
    setResult(null);
    if (mayLead) return setLead(true);
    const state = roles.state;
    // A kiosk with only an admin PIN: the admin unlocks the lead's screens too.
    setPin({ ...LEAD_PIN, role: state && !state.pins.lead && state.pins.admin ? 'admin' : 'lead' });
  };

  /** Leaving session mode is the lead's, like starting it. */
  const leaveSession = () => {
    if (mayLead) return setSessionMode(null);
    setPin({
      role: roles.state && !roles.state.pins.lead && roles.state.pins.admin ? 'admin' : 'lead',
      title: 'Enter the induction lead PIN to stop the session here',
      reason: 'Only an induction lead can stop running a session at this kiosk.',
      then: 'leave-session',
    });
  };

  const submitPin = async (role: PinRoleName, entered: string): Promise<PinAnswer> => {
    const r = await api.unlockRole({ role, pin: entered });
    roles.set(r.state);
    if (r.ok) return { ok: true };
    if (r.code === 'WRONG') return { ok: false, code: 'WRONG', failures: r.failures ?? 1 };
    if (r.code === 'LOCKED') return { ok: false, code: 'LOCKED', retryAfterSeconds: r.retryAfterSeconds ?? 1 };
    return { ok: false, code: r.code, message: r.message };
  };

  const unlocked = (request: PinRequest) => {
    setPin(null);
    setError(null);
    if (request.then === 'lead') setLead(true);
    else if (request.then === 'sync') runSync();
    else if (request.then === 'leave-session') setSessionMode(null);
    else exit();
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
      {roles.state && <RoleStrip state={roles.state} skewMs={skewMs} onLock={roles.lock} onStillHere={roles.stillHere} />}
      {notice && (
        <p className="kiosk-last-scan" role="status" data-testid="exit-notice">
          {notice}
        </p>
      )}
      {pin ? (
        <main className="kiosk-lead" id="main">
          <PinPad
            key={`${pin.role}-${pin.then}`}
            role={pin.role}
            title={pin.title}
            reason={pin.reason}
            lockedForSeconds={roles.state?.lockedOut[pin.role] ?? 0}
            onSubmit={(entered) => submitPin(pin.role, entered)}
            onUnlocked={() => unlocked(pin)}
            onCancel={() => setPin(null)}
            typedTo={typedTo}
          />
        </main>
      ) : lead ? (
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
            {status?.session && <SessionBanner summary={status.session} onLeave={leaveSession} />}
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
            <LeadEntry onEnter={enterLead} />
          </aside>
        </main>
      )}
      <StatusBar status={status} progress={progress} onSyncNow={syncNow} onExit={exit} />
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
