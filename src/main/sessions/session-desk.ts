import type { z } from 'zod';
import type { CheckinDto, SESSION_CALLS } from '../../shared/sessions-api';
import type { ScanForCheckin } from './session-service';

/**
 * What the kiosk services (src/main/kiosk) need from the session services:
 * every session call of the screens' contract, and the scan path's one
 * write — the scan-log entry and, in session mode, the check-in — made in
 * one records transaction (sessions.md "Check-in"; operations.md).
 */

type Calls = typeof SESSION_CALLS;
export type SessionCallName = keyof Calls;
export type SessionDeskCalls = {
  [K in SessionCallName]: (request: z.output<Calls[K]['request']>) => Promise<z.output<Calls[K]['response']>>;
};

/** One scan as the scan path hands it over: what a check-in takes. */
export type ScanToRecord = ScanForCheckin;

export interface SessionDesk extends SessionDeskCalls {
  /**
   * Log the scan and, when a session is active (session mode), check the
   * person in: both in one transaction. Returns the scan-log id and the
   * check-in (null outside session mode).
   */
  recordScan(scan: ScanToRecord): { scanId: number; checkin: CheckinDto | null };
  /** The session-mode session with its counts, or null (for the status bar banner). */
  activeSession(): z.output<Calls['setSessionMode']['response']> extends infer R
    ? R extends { ok: true; active: infer A }
      ? A
      : never
    : never;
  /** Hear register changes (arrival, mark, import, close) to push `sessionChanged` to the screens. */
  onChange(listener: (summary: CheckinDto['summary']) => void): () => void;
}
