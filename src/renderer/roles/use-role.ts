import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskApi } from '../../shared/kiosk-api';
import type { RoleStateDto } from '../../shared/roles-api';

/** How often the screen asks while a role is unlocked: the services decide the fall-back, the screen follows. */
const POLL_MS = 3_000;
/** Input is reported at most this often (the services only need to know the desk is in use). */
const ACTIVITY_MS = 10_000;

/** The role on the screen, as the services say, and what the screen can do about it. */
export interface RoleControl {
  /** Null until the services have answered. */
  state: RoleStateDto | null;
  /** Whether roles are in force at all (a PIN is configured for lead or admin). */
  enforced: boolean;
  /** The services answered an unlock or a lock: take their state. */
  set(state: RoleStateDto): void;
  lock(): void;
  /** Tell the services the desk is in use now (before the throttle allows), e.g. from the auto-lock warning. */
  stillHere(): void;
}

/**
 * Follow the role on the screen (operations.md "Roles and PINs"): asked at
 * start, pushed by `roleChanged`, and asked every few seconds while a role
 * is unlocked — the services apply the fall-back after `lockMinutes`
 * without input when asked, so the screen learns of it within seconds.
 * Keys and touches on the screen are reported (at most every 10 s) so an
 * unlocked role in use does not fall back.
 */
export function useRole(api: KioskApi): RoleControl {
  const [state, setState] = useState<RoleStateDto | null>(null);
  const lastActivity = useRef(0);
  const unlocked = state !== null && state.role !== 'reception';

  const ask = useCallback(
    (activity: boolean) => {
      api.getRole(activity ? { activity: true } : {}).then(setState, () => undefined);
    },
    [api],
  );

  useEffect(() => {
    ask(false);
    return api.on('roleChanged', setState);
  }, [api, ask]);

  useEffect(() => {
    if (!unlocked) return;
    const t = setInterval(() => ask(false), POLL_MS);
    return () => clearInterval(t);
  }, [unlocked, ask]);

  useEffect(() => {
    if (!unlocked) return;
    const onInput = () => {
      const now = Date.now();
      if (now - lastActivity.current < ACTIVITY_MS) return;
      lastActivity.current = now;
      ask(true);
    };
    window.addEventListener('keydown', onInput, true);
    window.addEventListener('pointerdown', onInput, true);
    return () => {
      window.removeEventListener('keydown', onInput, true);
      window.removeEventListener('pointerdown', onInput, true);
    };
  }, [unlocked, ask]);

  return {
    state,
    enforced: state !== null && (state.pins.lead || state.pins.admin),
    set: setState,
    lock: () => {
      api.lockRole({}).then(setState, () => undefined);
    },
    stillHere: () => {
      lastActivity.current = Date.now();
      ask(true);
    },
  };
}
