import { useEffect, useState } from 'react';
import type { RoleStateDto } from '../../shared/roles-api';
import { waitWords } from './pin-words';

/** Seconds before the fall-back when the warning appears (WCAG 2.2.1: warned, and one action extends it). */
const WARN_SECONDS = 30;

const ROLE_WORDS = { lead: 'induction lead', admin: 'admin' } as const;

/**
 * While a role is unlocked: who is unlocked, a **Lock** button, and — in
 * the last 30 seconds before the services fall back to reception — a
 * warning that any key or touch (or the button) keeps it unlocked.
 * `skewMs` is the services' clock minus the screen's, so the count uses
 * the services' time.
 */
export function RoleStrip({ state, skewMs, onLock, onStillHere }: {
  state: RoleStateDto;
  skewMs: number;
  onLock(): void;
  onStillHere(): void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (state.role === 'reception') return null;
  const words = ROLE_WORDS[state.role];
  const left = state.fallsBackAt === null ? null : Math.ceil((Date.parse(state.fallsBackAt) - (now + skewMs)) / 1000);
  const warn = left !== null && left > 0 && left <= WARN_SECONDS;
  return (
    <section className="kiosk-role" aria-label="Unlocked role" data-testid="role-strip" data-role={state.role}>
      <p>
        <strong>Unlocked: {words}.</strong> Locks by itself when not in use. Lock it when you leave the desk.
      </p>
      {warn && (
        <p className="kiosk-role__warning" data-testid="auto-lock-warning">
          <strong role="status">The {words} role will lock soon.</strong> <span role="timer">It locks in {waitWords(left)}.</span> Press any key
          or touch the screen to stay unlocked.{' '}
          <button type="button" className="kiosk-link-button" onClick={onStillHere}>
            Stay unlocked
          </button>
        </p>
      )}
      <button type="button" className="nhsuk-button nhsuk-button--secondary kiosk-role__lock" onClick={onLock}>
        Lock
      </button>
    </section>
  );
}
