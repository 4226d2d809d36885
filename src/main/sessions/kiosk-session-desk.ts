import type { CheckinDto, SessionSummaryDto } from '../../shared/sessions-api';
import { exportRegisterFile } from './export-file';
import type { ScanToRecord, SessionDesk, SessionDeskCalls } from './session-desk';
import type { CheckinOutcome, SessionService, SessionSummary } from './session-service';

/**
 * The session services as the kiosk's screens see them (the SessionDesk the
 * KioskService delegates to): the contract's session calls over one
 * SessionService, plus session mode — which session, if any, the scan
 * screen is checking people in to.
 */
export class KioskSessionDesk implements SessionDesk {
  private active: string | null = null;

  constructor(
    private readonly service: SessionService,
    private readonly clock: () => number,
  ) {}

  recordScan(scan: ScanToRecord): { scanId: number; checkin: CheckinDto | null } {
    const sessionId = this.active;
    if (sessionId !== null) {
      const done = this.service.recordScan(scan, sessionId);
      if (done.ok) return { scanId: done.scanId, checkin: toCheckinDto(sessionId, done) };
      // The session is gone from the records (it cannot be deleted, so only a
      // replaced records file does this): leave session mode, keep the scan.
      this.active = null;
    }
    return { scanId: this.service.recordScan(scan, null).scanId, checkin: null };
  }

  activeSession(): SessionSummaryDto | null {
    return this.active === null ? null : this.service.summary(this.active);
  }

  onChange(listener: (summary: SessionSummaryDto) => void): () => void {
    return this.service.onChange(listener);
  }

  listSessions: SessionDeskCalls['listSessions'] = async () => this.service.list();

  createSession: SessionDeskCalls['createSession'] = async (request) => this.service.create(request);

  importRoster: SessionDeskCalls['importRoster'] = async ({ sessionId, contentBase64 }) =>
    this.service.importRoster(sessionId, Buffer.from(contentBase64, 'base64'));

  precheckSession: SessionDeskCalls['precheckSession'] = async ({ sessionId }) => this.service.precheck(sessionId);

  getRegister: SessionDeskCalls['getRegister'] = async ({ sessionId }) => this.service.register(sessionId);

  markPerson: SessionDeskCalls['markPerson'] = async (request) => {
    const who = request.row !== undefined ? { row: request.row } : { passportId: request.passportId! };
    const done = this.service.mark(request.sessionId, who, request.status, request.reason, request.by);
    if (!done.ok) return done;
    return this.service.register(request.sessionId);
  };

  closeSession: SessionDeskCalls['closeSession'] = async ({ sessionId }) => this.service.close(sessionId);

  exportRegister: SessionDeskCalls['exportRegister'] = async ({ sessionId, format }) => {
    const done = await exportRegisterFile(this.service, sessionId, format, { generatedAt: this.clock() });
    if (!done.ok) return done;
    const { fileName, mimeType, bytes } = done.file;
    return { ok: true, file: { fileName, mimeType, contentBase64: bytes.toString('base64') } };
  };

  setSessionMode: SessionDeskCalls['setSessionMode'] = async ({ sessionId }) => {
    if (sessionId === null) {
      this.active = null;
      return { ok: true, active: null };
    }
    const summary = this.service.summary(sessionId);
    if (!summary) return { ok: false, code: 'SESSION_UNKNOWN', message: 'That session is not on this kiosk.' };
    if (summary.session.state === 'closed') {
      return { ok: false, code: 'SESSION_CLOSED', message: `"${summary.session.title}" is closed: people can no longer sign in to it.` };
    }
    this.active = sessionId;
    return { ok: true, active: summary };
  };
}

/** A check-in as the screens' contract carries it. */
export function toCheckinDto(sessionId: string, c: CheckinOutcome): CheckinDto {
  return {
    sessionId,
    result: c.result,
    arrival: c.arrival ? { at: c.arrival.at, late: c.arrival.late, onRoster: c.arrival.onRoster, row: c.arrival.row } : null,
    flagged: c.flagged,
    summary: c.summary satisfies SessionSummary,
  };
}
