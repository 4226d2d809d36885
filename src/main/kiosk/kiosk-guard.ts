import type { AuditActor } from '../../core/audit/chain';
import { clockBehind } from '../../core/verdict';
import type { AuditRepo } from '../records/audit-repo';
import type { RoleService } from '../roles/role-service';
import type { ExitResultDto, RoleStateDto, UnlockResultDto } from '../../shared/roles-api';
import { ClockWatch } from './clock-watch';
import { kioskLog, type LogFields } from '../log/kiosk-log';

/**
 * The kiosk's roles, audit and clock, as the screen services (KioskService)
 * use them: role state and the PIN pad's calls, the guards in front of lead
 * and admin calls, the exit request, audit entries for what the services
 * do outside the records' own writes (sync outcomes, admin actions, clock
 * warnings), and the clock check. Kept apart from KioskService so that
 * class only wires calls to it.
 */

export interface KioskGuardDeps {
  roles?: RoleService;
  audit?: AuditRepo;
  clock: () => number;
  /** Whether `clock` is the real clock (not pinned by --at): then the audit's latest time joins the trusted floor. */
  realClock?: boolean;
  /** A monotonic clock (performance.now) to notice the wall clock jumping back; absent: no watch. */
  monotonic?: () => number;
  /** Called once an admin's exit request is granted (the Electron shell quits). */
  onExit?: () => void;
}

const NO_ROLES_STATE: RoleStateDto = { role: 'reception', pins: { lead: false, admin: false }, fallsBackAt: null, lockedOut: { lead: 0, admin: 0 } };

const NO_PINS_MESSAGE =
  'This needs the IT (admin) PIN, and none is set on this kiosk: ask IT to add PINs to the machine config ("pins", made with "passport-kiosk pin hash").';

export class KioskGuard {
  private readonly watch: ClockWatch | null;
  private lastJump: { message: string; since: string } | null = null;

  constructor(private readonly deps: KioskGuardDeps) {
    this.watch = deps.monotonic ? new ClockWatch(deps.clock, deps.monotonic) : null;
  }

  /** Who acts now, for audit entries. */
  actor(): AuditActor {
    return this.deps.roles?.current() ?? 'reception';
  }

  roleState(): RoleStateDto {
    return this.deps.roles?.state() ?? NO_ROLES_STATE;
  }

  getRole(activity: boolean): RoleStateDto {
    if (activity) this.deps.roles?.touch();
    return this.roleState();
  }

  async unlock(role: 'lead' | 'admin', pin: string): Promise<UnlockResultDto> {
    const roles = this.deps.roles;
    if (!roles) return { ok: false, code: 'NO_PIN', message: NO_PINS_MESSAGE, state: NO_ROLES_STATE };
    const r = await roles.unlock(role, pin);
    const state = roles.state();
    kioskLog.info('pin', { role, result: r.ok ? 'ok' : r.code });
    if (r.ok) return { ok: true, state };
    switch (r.code) {
      case 'WRONG':
        return { ok: false, code: 'WRONG', failures: r.failures, message: 'That PIN is not right. Try again.', state };
      case 'LOCKED':
        return { ok: false, code: 'LOCKED', retryAfterSeconds: r.retryAfterSeconds, message: `Too many wrong PINs: try again in ${waitWords(r.retryAfterSeconds)}.`, state };
      default:
        return { ok: false, code: 'NO_PIN', message: r.message, state };
    }
  }

  lock(): RoleStateDto {
    return this.deps.roles?.lock() ?? NO_ROLES_STATE;
  }

  /**
   * Null when a lead's call may go ahead; else the refusal. With no PIN
   * configured at all, the lead's screens stay open (a kiosk set up before
   * roles existed keeps working); exit and admin calls do not.
   */
  leadRefusal(): { ok: false; code: 'ROLE_REQUIRED' | 'NO_PIN'; message: string } | null {
    const roles = this.deps.roles;
    if (!roles || !roles.configured()) return null;
    return roles.requireRole('lead');
  }

  /** Null when an admin's call may go ahead; else the refusal (always, with no PINs configured). */
  adminRefusal(): { ok: false; code: 'ROLE_REQUIRED' | 'NO_PIN'; message: string } | null {
    const roles = this.deps.roles;
    if (!roles) return { ok: false, code: 'NO_PIN', message: NO_PINS_MESSAGE };
    return roles.requireRole('admin');
  }

  /** Input at the desk (a scan): keeps an unlocked role from falling back. */
  touch(): void {
    this.deps.roles?.touch();
  }

  /** Leaving the app: only the admin; recorded; then the shell's exit. */
  requestExit(): ExitResultDto {
    const refused = this.adminRefusal();
    if (refused) {
      this.record('admin', { action: 'exit', result: 'refused' }, this.actor());
      return refused;
    }
    this.record('admin', { action: 'exit', result: 'ok' }, 'admin');
    this.deps.onExit?.();
    return { ok: true };
  }

  /** An audit entry of its own (things not written in a records transaction of theirs: syncs, exits, clock). */
  record(type: 'sync' | 'admin' | 'clock', detail: Record<string, unknown>, actor: AuditActor = this.actor()): void {
    kioskLog.write(type === 'clock' ? 'warn' : 'info', type, { actor, ...(detail as LogFields) });
    try {
      this.deps.audit?.append({ at: this.deps.clock(), type, actor, detail });
    } catch (e) {
      // The audit must not stop a sync result or an exit reaching the screen; doctor's chain check reports a broken file.
      kioskLog.error('audit', e);
    }
  }

  /** The latest time in the audit chain (ms) when the clock is real, for CLOCK_BEHIND; else null. */
  auditFloor(): number | null {
    if (!this.deps.realClock || !this.deps.audit) return null;
    const at = this.deps.audit.latestAt();
    return at === null ? null : Date.parse(at);
  }

  /** Look at the clock: a jump backwards is one `clock` entry and a warning for the status bar. */
  checkClock(): void {
    const jump = this.watch?.check();
    if (!jump) return;
    const seconds = Math.round(jump.backMs / 1000);
    this.record('clock', { event: 'jump-back', seconds, from: jump.from, to: jump.to }, 'system');
    this.lastJump = {
      message: `This kiosk's clock was set back ${waitWords(seconds >= 60 ? Math.round(seconds / 60) * 60 : seconds)} while it was running, so dates may not be trusted: ask IT to check the clock.`,
      since: jump.to,
    };
  }

  /** The status bar's clock warning: a jump seen while running, or now behind the trusted floor. */
  clockWarning(dataPublished: string | null): { message: string; since: string } | undefined {
    this.checkClock();
    const now = this.deps.clock();
    if (clockBehind({ now, dataPublished, auditFloor: this.auditFloor() })) {
      return {
        message: "This kiosk's clock is behind its passport data, so dates cannot be trusted: ask IT to check the clock.",
        since: new Date(now).toISOString(),
      };
    }
    return this.lastJump ?? undefined;
  }
}

/** "30 seconds", "2 minutes", "1 hour 5 minutes". */
export function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} hour${h === 1 ? '' : 's'}${m ? ` ${m} minute${m === 1 ? '' : 's'}` : ''}`;
}
