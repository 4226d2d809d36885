import { verdictForPayload, type PassportStore } from '../../core/scan-verdict';
import type { SitePolicy } from '../../core/schemas/policy';
import {
  type EventPayload,
  type KioskEventName,
  type KioskServices,
  type ReaderStateDto,
  type ScanRequest,
  type ScanResultDto,
  type StatusDto,
  type SyncOutcomeDto,
  type SyncProgressDto,
} from '../../shared/kiosk-api';
import type { OutboxStatusDto } from '../../shared/outbox-api';
import type { SessionFailureDto } from '../../shared/sessions-api';
import type { SessionCallName, SessionDesk, SessionDeskCalls } from '../sessions/session-desk';
import { recordBadgeValues } from '../sessions/stored-record';
import type { ScanLogRepo } from '../records/scan-log-repo';
import type { AuditRepo } from '../records/audit-repo';
import type { RoleService } from '../roles/role-service';
import { KioskGuard } from './kiosk-guard';
import { kioskLog } from '../log/kiosk-log';

/**
 * The services behind the screens (KioskApi): scan → verdict → scan log,
 * status, sync now, readers, photos, and the events the screens subscribe
 * to. Everything with I/O or time is injected, so tests are exact about
 * dates and browser mode and Electron share this one implementation.
 */

/** The services' clock: ms since the epoch. Injected so `--at` and tests pin it. */
export type Clock = () => number;

/** Runs a sync (src/main/sync) and remembers how the last one went. */
export interface SyncRunner {
  run(onProgress: (p: SyncProgressDto) => void): Promise<SyncOutcomeDto>;
  /** The last sync's outcome (persisted by the cache), or null if none has run. */
  last(): SyncOutcomeDto | null;
}

/** The badge readers (src/main/readers), as the services need them. */
export interface ReaderSource {
  states(): ReaderStateDto[];
  onStates(listener: (states: ReaderStateDto[]) => void): () => void;
  /** Payloads read by a hardware reader (the wedge and camera come from the screens instead). */
  onScan(listener: (scan: { payload: string; readerId: string }) => void): () => void;
}

/** Photo blobs published beside the feed, by content address. */
export type PhotoSource = (photo: string) => { bytes: Uint8Array; type: string } | null;

export interface KioskServiceDeps {
  store: PassportStore;
  policy: SitePolicy;
  clock: Clock;
  scanLog: ScanLogRepo;
  site?: string;
  idleSeconds?: number;
  sounds?: boolean;
  sync?: SyncRunner;
  readers?: ReaderSource;
  photos?: PhotoSource;
  /**
   * Induction sessions (src/main/sessions). When present, the scan path
   * writes through it (scan log and, in session mode, the check-in, in one
   * transaction) instead of the scan log directly.
   */
  sessions?: SessionDesk;
  /**
   * Roles and PINs (src/main/roles). Session calls need the lead role and
   * sync now and exit the admin role once any PIN is configured; with none,
   * the lead's screens stay open and admin calls are refused. Absent: as
   * with no PINs.
   */
  roles?: RoleService;
  /** The audit chain (records.audit): sync outcomes, admin actions, clock warnings; its latest time is the clock's floor. */
  audit?: AuditRepo;
  /** Whether `clock` is the real clock (not pinned by --at): then the audit's latest time counts for CLOCK_BEHIND. */
  realClock?: boolean;
  /** A monotonic clock (performance.now), to notice the wall clock being set back while running. */
  monotonic?: () => number;
  /** Called once an admin's exit request is granted (the Electron shell quits). */
  onExit?: () => void;
  /** The attendance outbox's state for the status bar (src/main/upstream), when an upstream is configured. */
  outbox?: { status(): OutboxStatusDto };
}

/** The status's optional clock warning, only when there is one (the field is absent otherwise). */
const withClockWarning = (w: { message: string; since: string } | undefined) => (w ? { clockWarning: w } : {});

/** What every session call answers on a kiosk built without a session desk. */
const NO_SESSIONS: SessionFailureDto = {
  ok: false,
  code: 'SESSIONS_UNAVAILABLE',
  message: 'Induction sessions are not available on this kiosk: ask IT to check its records file.',
};

type AnyListener = <E extends KioskEventName>(event: E, payload: EventPayload<E>) => void;

/** The one implementation of KioskApi's calls and events. */
export class KioskService implements KioskServices {
  private readonly listeners = new Set<AnyListener>();
  private readonly unhook: (() => void)[] = [];
  private running: Promise<SyncOutcomeDto> | null = null;
  private lastSync: SyncOutcomeDto | null;
  /** Roles, the audit entries the services write themselves, and the clock check (kiosk-guard.ts). */
  readonly guard: KioskGuard;

  constructor(private readonly deps: KioskServiceDeps) {
    this.lastSync = deps.sync?.last() ?? null;
    this.guard = new KioskGuard(deps);
    if (deps.roles) this.unhook.push(deps.roles.onChange((state) => this.emit('roleChanged', state)));
    const readers = deps.readers;
    if (readers) {
      this.unhook.push(readers.onStates((states) => this.emit('readerState', states)));
      this.unhook.push(
        readers.onScan(({ payload, readerId }) => {
          // Reader scans have no caller waiting: the verdict reaches the screen as an event.
          void this.scanFrom({ payload, source: 'reader' }, readerId).catch(() => undefined);
        }),
      );
    }
    if (deps.sessions) this.unhook.push(deps.sessions.onChange((summary) => this.emit('sessionChanged', summary)));
  }

  /** Scan → verdict → scan log; broadcasts the result as a `verdict` event too. */
  async scan(request: ScanRequest): Promise<ScanResultDto> {
    return this.scanFrom(request);
  }

  private async scanFrom(request: ScanRequest, readerId?: string): Promise<ScanResultDto> {
    this.guard.checkClock();
    this.guard.touch();
    const now = this.deps.clock();
    const { verdict, record } = await verdictForPayload(request.payload, this.deps.store, this.deps.policy, now, { auditFloor: this.guard.auditFloor() });
    const at = new Date(now).toISOString();
    const desk = this.deps.sessions;
    // With a session desk, the scan-log entry and any check-in are one records transaction.
    const { scanId, checkin } = desk
      ? desk.recordScan({ at, source: request.source, readerId: readerId ?? null, verdict, ...(record && { badgeValues: recordBadgeValues(record) }) })
      : {
          scanId: this.deps.scanLog.record({
            at,
            source: request.source,
            readerId: readerId ?? null,
            passportId: verdict.passport?.id ?? 'unknown',
            outcome: verdict.outcome,
            reasons: verdict.reasons.map((r) => r.code),
          }),
          checkin: null,
        };
    // For IT: the outcome and codes only, never who (src/main/log).
    kioskLog.info('scan', { source: request.source, outcome: verdict.outcome, reasons: verdict.reasons.map((r) => r.code) });
    const photo = verdict.passport?.photo ? this.photoUrl(verdict.passport.photo) : null;
    const result: ScanResultDto = {
      scanId,
      at,
      source: request.source,
      verdict,
      ...(readerId !== undefined && { readerId }),
      ...(photo && { photo }),
      ...(checkin && { checkin }),
    };
    this.emit('verdict', result);
    return result;
  }

  async getStatus(): Promise<StatusDto> {
    const now = this.deps.clock();
    const snap = this.deps.store.snapshot();
    return {
      site: this.deps.site ?? 'Reception',
      now: new Date(now).toISOString(),
      data: snap
        ? { published: snap.published, expires: snap.expires, stale: now > Date.parse(snap.expires) }
        : null,
      lastSync: this.lastSync,
      syncing: this.running !== null,
      canSync: this.deps.sync !== undefined,
      readers: this.deps.readers?.states() ?? [],
      settings: { idleSeconds: this.deps.idleSeconds ?? 20, sounds: this.deps.sounds ?? false },
      session: this.deps.sessions?.activeSession() ?? null,
      ...withClockWarning(this.guard.clockWarning(snap?.published ?? null)),
      outbox: this.deps.outbox?.status() ?? null,
    };
  }

  // Induction sessions: each call goes to the session desk (src/main/sessions), or fails plainly without one.

  listSessions(request: Parameters<SessionDeskCalls['listSessions']>[0]) {
    // The list's answer is a list: without the lead role it is empty (the screen asks for the PIN first).
    if (this.guard.leadRefusal()) return Promise.resolve([]);
    return this.deps.sessions ? this.deps.sessions.listSessions(request) : Promise.resolve([]);
  }
  createSession(request: Parameters<SessionDeskCalls['createSession']>[0]) {
    return this.toDesk('createSession', request);
  }
  importRoster(request: Parameters<SessionDeskCalls['importRoster']>[0]) {
    return this.toDesk('importRoster', request);
  }
  precheckSession(request: Parameters<SessionDeskCalls['precheckSession']>[0]) {
    return this.toDesk('precheckSession', request);
  }
  getRegister(request: Parameters<SessionDeskCalls['getRegister']>[0]) {
    return this.toDesk('getRegister', request);
  }
  markPerson(request: Parameters<SessionDeskCalls['markPerson']>[0]) {
    return this.toDesk('markPerson', request);
  }
  closeSession(request: Parameters<SessionDeskCalls['closeSession']>[0]) {
    return this.toDesk('closeSession', request);
  }
  exportRegister(request: Parameters<SessionDeskCalls['exportRegister']>[0]) {
    return this.toDesk('exportRegister', request);
  }
  setSessionMode(request: Parameters<SessionDeskCalls['setSessionMode']>[0]) {
    return this.toDesk('setSessionMode', request);
  }

  private async toDesk<K extends Exclude<SessionCallName, 'listSessions'>>(
    name: K,
    request: Parameters<SessionDeskCalls[K]>[0],
  ): Promise<Awaited<ReturnType<SessionDeskCalls[K]>>> {
    const refused = this.guard.leadRefusal();
    if (refused) return refused as Awaited<ReturnType<SessionDeskCalls[K]>>;
    const desk = this.deps.sessions;
    if (!desk) return NO_SESSIONS as Awaited<ReturnType<SessionDeskCalls[K]>>;
    const call = desk[name] as unknown as (r: typeof request) => Promise<Awaited<ReturnType<SessionDeskCalls[K]>>>;
    return call.call(desk, request);
  }

  /** Sync now from the screen: the admin's (operations.md "Roles and PINs"). */
  async syncNow(): Promise<SyncOutcomeDto> {
    const refused = this.guard.adminRefusal();
    if (refused) return { at: new Date(this.deps.clock()).toISOString(), ok: false, message: refused.message };
    return this.runSync('admin');
  }

  // Roles (src/shared/roles-api.ts): the PIN pad, Lock, and leaving the app.

  async getRole(request: { activity?: boolean }) {
    return this.guard.getRole(request.activity === true);
  }
  async unlockRole(request: { role: 'lead' | 'admin'; pin: string }) {
    return this.guard.unlock(request.role, request.pin);
  }
  async lockRole() {
    return this.guard.lock();
  }
  /** Leaving the app (window close, Alt+F4, quit, browser mode's exit): only with the admin role. */
  async requestExit() {
    return this.guard.requestExit();
  }

  /**
   * Start a sync, or join the one already running (a second press must not
   * start a second sync): the scheduled sync and the admin's Sync now. The
   * outcome is an audit entry.
   */
  async runSync(actor: 'admin' | 'system' = 'system'): Promise<SyncOutcomeDto> {
    const sync = this.deps.sync;
    if (!sync) {
      return {
        at: new Date(this.deps.clock()).toISOString(),
        ok: false,
        code: 'FETCH_FAILED',
        message: 'No feed is configured on this kiosk: ask IT to set feed.source in the machine config.',
      };
    }
    this.running ??= (async () => {
      this.emit('syncProgress', { phase: 'started', message: 'Sync started' });
      let outcome: SyncOutcomeDto;
      try {
        outcome = await sync.run((p) => this.emit('syncProgress', p));
      } catch (e) {
        outcome = {
          at: new Date(this.deps.clock()).toISOString(),
          ok: false,
          code: 'FETCH_FAILED',
          message: `Sync failed: ${(e as Error).message}`,
        };
      }
      this.lastSync = outcome;
      this.running = null;
      this.guard.record('sync', { ok: outcome.ok, ...(outcome.code && { code: outcome.code }), ...(outcome.applied !== undefined && { applied: outcome.applied }) }, actor);
      this.emit('syncProgress', { phase: 'finished', message: outcome.message, outcome });
      return outcome;
    })();
    return this.running;
  }

  async listReaders(): Promise<ReaderStateDto[]> {
    return this.deps.readers?.states() ?? [];
  }

  private photoUrl(address: string): string | null {
    let found: ReturnType<PhotoSource>;
    try {
      found = this.deps.photos?.(address) ?? null;
    } catch {
      return null; // A missing or unreadable photo never stops a verdict.
    }
    if (!found || !/^image\/(jpeg|png)$/.test(found.type)) return null;
    return `data:${found.type};base64,${Buffer.from(found.bytes).toString('base64')}`;
  }

  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends KioskEventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // One broken subscriber (a closed browser tab) must not stop the others hearing.
      }
    }
  }

  /** Stop listening to readers. The scan log and store belong to the caller. */
  dispose(): void {
    for (const u of this.unhook.splice(0)) u();
    this.listeners.clear();
  }
}
