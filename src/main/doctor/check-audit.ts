import { retryAfterSeconds, PIN_ROLES } from '../../core/roles/lockout';
import { clockBehind } from '../../core/verdict';
import type { LoadedConfig } from '../config/machine-config';
import { verifyAudit } from '../audit/verify-audit';
import { ReadonlyRecords } from '../records/records';
import { fail, notChecked, ok, oneLine, warn, type Finding } from './findings';

/**
 * Doctor's checks for issue 10 (operations.md): the audit chain intact and
 * retention running (`audit`), PINs configured and lockouts in force
 * (`roles`), and the clock against the trusted floor (`clock`). The
 * records are opened read-only; nothing is written.
 */

const DAY = 86_400_000;

/** Run `fn` over the records read-only; null when there are none yet. Throws RecordsError. */
function withRecords<T>(file: string, fn: (r: ReadonlyRecords) => T): T | null {
  const r = ReadonlyRecords.open(file);
  if (!r) return null;
  try {
    return r.snapshot(() => fn(r));
  } finally {
    r.close();
  }
}

export function checkAudit(loaded: LoadedConfig, recordsFile: string, now: number): Finding[] {
  const { retentionDays, registerDays } = loaded.config;
  let facts: { verdict: ReturnType<typeof verifyAudit>; oldest: string | null } | null;
  try {
    facts = withRecords(recordsFile, (r) => {
      const first = r.db.prepare('SELECT at FROM audit ORDER BY seq LIMIT 1').get() as { at: string } | undefined;
      return { verdict: verifyAudit(r.audit), oldest: first?.at ?? null };
    });
  } catch (e) {
    return [notChecked('audit', `the records file cannot be read (${oneLine(e)})`)];
  }
  if (!facts) return [ok('audit', 'No audit entries yet: the kiosk starts its audit chain with its first scan or action.')];
  const v = facts.verdict;
  if (!v.ok) {
    return [
      fail(
        'audit',
        `The audit chain in ${recordsFile} is broken: ${v.code} at entry ${v.seq} (${v.message}). Someone or something changed the records file outside the kiosk.`,
        'Keep the file as it is for the investigation (copy it somewhere safe), tell the trust\'s information governance lead, and run "passport-kiosk audit verify --records FILE" to see the fault again.',
      ),
    ];
  }
  const retention = `Retention: ${retentionDays} days for the chain and scan log, ${registerDays} days for closed registers.`;
  const chain = v.entries === 0 ? 'No audit entries yet.' : `The audit chain is intact: ${v.entries} entries (${v.first}–${v.last}).`;
  const out: Finding[] = [ok('audit', `${chain} ${retention}`)];
  if (facts.oldest !== null && now - Date.parse(facts.oldest) > (retentionDays + 2) * DAY) {
    out.push(
      warn(
        'audit',
        `The oldest audit entry (${facts.oldest}) is older than the ${retentionDays}-day retention: the daily purge has not run, or is held back at the last checkpoint the receiver acknowledged.`,
        'Start the kiosk (it purges once a day), or run "passport-kiosk audit purge --records FILE"; if an upstream is configured, check the outbox is being delivered ("passport-kiosk outbox").',
      ),
    );
  }
  return out;
}

export function checkRoles(loaded: LoadedConfig, recordsFile: string, now: number): Finding[] {
  const pins = loaded.config.pins;
  const out: Finding[] = [];
  const missing = PIN_ROLES.filter((r) => pins[r] === undefined);
  if (missing.length === PIN_ROLES.length) {
    out.push(
      warn(
        'roles',
        'No PINs are set: anyone at the desk can run induction sessions, and nobody can leave the app, sync now or reach the admin screens.',
        'Make a lead and an admin PIN hash with "passport-kiosk pin hash" and put them in the machine config as "pins": {"lead": …, "admin": …}.',
      ),
    );
  } else if (missing.length > 0) {
    out.push(warn('roles', `No ${missing.join(' or ')} PIN is set, so that role cannot be unlocked on the screen.`, `Add "${missing[0]}" to "pins" in the machine config (make it with "passport-kiosk pin hash").`));
  } else {
    out.push(ok('roles', `Lead and admin PINs are set (scrypt at or above the floor); roles fall back to reception after ${loaded.config.lockMinutes} minute${loaded.config.lockMinutes === 1 ? '' : 's'} without input.`));
  }
  try {
    withRecords(recordsFile, (r) => {
      for (const role of PIN_ROLES) {
        const state = r.pinLockout.get(role);
        const wait = retryAfterSeconds(state, now);
        if (wait > 0) {
          out.push(warn('roles', `The ${role} role is locked out for another ${wait} s after ${state.failures} wrong PINs in a row.`, 'Wait for the lock to end; if nobody at the desk entered those PINs, tell IT security.'));
        } else if (state.failures > 0) {
          out.push(warn('roles', `${state.failures} wrong ${role} PIN${state.failures === 1 ? '' : 's'} in a row since the last right one.`, 'Nothing to do unless this keeps happening; the audit chain lists every attempt.'));
        }
      }
    });
  } catch (e) {
    out.push(notChecked('roles', `the records file cannot be read (${oneLine(e)})`));
  }
  return out;
}

/** The clock against the trusted floor: the last manifest's `published` and the latest audit time. */
export function checkClock(recordsFile: string, published: string | null, now: number): Finding {
  let latest: string | null = null;
  try {
    latest = withRecords(recordsFile, (r) => r.audit.latestAt());
  } catch {
    // The records check reports an unreadable file; the clock is judged on the feed alone.
  }
  const auditFloor = latest === null ? null : Date.parse(latest);
  if (clockBehind({ now, dataPublished: published, auditFloor })) {
    const floor = Math.max(published ? Date.parse(published) : -Infinity, auditFloor ?? -Infinity);
    return fail(
      'clock',
      `This machine's clock (${new Date(now).toISOString()}) is behind the kiosk's own records and data (${new Date(floor).toISOString()}), so every verdict says CLOCK_BEHIND and dates cannot be trusted.`,
      'Set the clock right (Windows: Settings > Time & language > Sync now; check the time server and the CMOS battery), then run doctor again.',
    );
  }
  return ok('clock', `The clock (${new Date(now).toISOString()}) is not behind the last data published${latest ? ' or the latest audit entry' : ''}.`);
}
