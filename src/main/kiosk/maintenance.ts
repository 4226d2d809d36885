import { purgeRetention, type CheckpointAcks, type PurgeResult } from '../audit/retention';
import type { Records } from '../records/records';
import type { RoleService } from '../roles/role-service';
import type { KioskGuard } from './kiosk-guard';
import { kioskLog } from '../log/kiosk-log';

/**
 * The app's own timers over its services (started where the app starts
 * them, stopped on close): the retention purge once a day (and once at
 * start), a look at the clock and the role's fall-back every few seconds
 * (so a jump backwards is recorded and an idle lead is locked even when
 * nobody scans). Timers and the clock are injected, so tests drive them.
 */

export interface MaintenanceOptions {
  records: Records;
  guard: KioskGuard;
  roles?: RoleService;
  clock: () => number;
  retention: { retentionDays: number; registerDays: number; upstream: () => CheckpointAcks | null };
  /** Default: the global timers. */
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  /** Hear each purge (logs); and failures, which never stop the kiosk. */
  onPurge?: (result: PurgeResult) => void;
  onError?: (e: unknown) => void;
  /** How often to look at the clock and roles (default 5 s). */
  tickMs?: number;
}

const DAY = 86_400_000;

export function startMaintenance(o: MaintenanceOptions): { stop(): void; purgeNow(): PurgeResult | null } {
  const every = o.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
  const clear = o.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout));
  let lastPurge = Number.NEGATIVE_INFINITY;
  const purgeNow = (): PurgeResult | null => {
    try {
      const result = purgeRetention(o.records, {
        now: o.clock(),
        retentionDays: o.retention.retentionDays,
        registerDays: o.retention.registerDays,
        upstream: o.retention.upstream(),
      });
      lastPurge = o.clock();
      kioskLog.info('purge', { audit: result.purged, scanLog: result.scanLog, sessions: result.sessions, heldByCheckpoint: result.heldByCheckpoint });
      o.onPurge?.(result);
      return result;
    } catch (e) {
      o.onError?.(e);
      return null;
    }
  };
  const tick = () => {
    try {
      o.guard.checkClock();
      o.roles?.current(); // falls back (and tells the screens) once lockMinutes have passed without input
    } catch (e) {
      o.onError?.(e);
    }
    // By the wall clock, but a clock set back must not hold the purge off for ever: also when it ran "in the future".
    const now = o.clock();
    if (now - lastPurge >= DAY || now < lastPurge) purgeNow();
  };
  const handle = every(tick, o.tickMs ?? 5_000);
  tick();
  return { stop: () => clear(handle), purgeNow };
}
