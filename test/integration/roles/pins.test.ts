/**
 * PINs (operations.md "Roles and PINs"): the hash format and its floor, the
 * config check, and the lockout — 5th failure, doubling, the 15-minute cap —
 * on a real records file with an injected clock; counters survive a
 * restart; a locked role never evaluates the PIN.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { scryptSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Records } from '../../../src/main/records/records';
import { hashPin, parsePinHash, PinHashError, type PinHash } from '../../../src/main/roles/pin-hash';
import { RoleService, scryptMatcher, type PinMatcher } from '../../../src/main/roles/role-service';
import { ConfigError, loadMachineConfig } from '../../../src/main/config/machine-config';
import { tempDir } from '../records/helpers';

const LEAD_PIN = '246810';
const ADMIN_PIN = '13579135';
// Made once at the floor (N = 2^17, r = 8, p = 1) with a fixed salt, so the file's tests run scrypt only where they mean to.
const SALT = Buffer.alloc(16, 7);
const LEAD_HASH = hashPin(LEAD_PIN, undefined, SALT);
const ADMIN_HASH = hashPin(ADMIN_PIN, undefined, Buffer.alloc(16, 9));

let dir: string;
beforeEach(() => (dir = tempDir('roles-it-')));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the PIN hash', () => {
  it('is scrypt$17$8$1$<16-byte salt>$<32-byte key>, base64url, and the key is scrypt of the ASCII digits', () => {
    const m = /^scrypt\$17\$8\$1\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(LEAD_HASH);
    expect(m).not.toBeNull();
    expect(Buffer.from(m![1]!, 'base64url')).toEqual(SALT);
    const key = Buffer.from(m![2]!, 'base64url');
    expect(key).toHaveLength(32);
    // Recomputed independently with Node's scrypt.
    expect(key).toEqual(scryptSync(Buffer.from(LEAD_PIN, 'ascii'), SALT, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }));
  });

  it('refuses parameters below the floor and malformed parts, saying what is wrong', () => {
    const [, , , , salt, key] = LEAD_HASH.split('$');
    const make = (n: number, r: number, p: number) => `scrypt$${n}$${r}$${p}$${salt}$${key}`;
    expect(() => parsePinHash(make(17, 8, 1))).not.toThrow();
    expect(() => parsePinHash(make(16, 8, 1))).toThrow(/2\^16 is below the floor 2\^17/);
    expect(() => parsePinHash(make(17, 7, 1))).toThrow(/r = 7 is below the floor 8/);
    expect(() => parsePinHash(make(17, 8, 0))).toThrow(/p = 0 is below the floor 1/);
    expect(() => parsePinHash(`scrypt$17$8$1$${salt}==$${key}`)).toThrow(PinHashError);
    expect(() => parsePinHash(`scrypt$17$8$1$${salt!.slice(2)}$${key}`)).toThrow(/salt must be 16 bytes/);
    expect(() => parsePinHash(`bcrypt$17$8$1$${salt}$${key}`)).toThrow(/not scrypt\$/);
  });

  it('is checked when the machine config loads: a hash below the floor stops the config', () => {
    const file = path.join(dir, 'config.json');
    const weak = LEAD_HASH.replace('scrypt$17$', 'scrypt$14$');
    writeFileSync(file, JSON.stringify({ v: 1, pins: { lead: weak } }));
    expect(() => loadMachineConfig(file)).toThrow(ConfigError);
    expect(() => loadMachineConfig(file)).toThrow(/pins\.lead.*below the floor/);
    writeFileSync(file, JSON.stringify({ v: 1, pins: { lead: LEAD_HASH, admin: ADMIN_HASH } }));
    const ok = loadMachineConfig(file).config;
    expect(ok.pins).toEqual({ lead: LEAD_HASH, admin: ADMIN_HASH });
    expect(ok).toMatchObject({ lockMinutes: 2, retentionDays: 90, registerDays: 400 });
    writeFileSync(file, JSON.stringify({ v: 1, retentionDays: 6 }));
    expect(() => loadMachineConfig(file)).toThrow(/retentionDays/);
  });

  it('the real matcher accepts the PIN and refuses another', async () => {
    const h: PinHash = parsePinHash(LEAD_HASH);
    expect(await scryptMatcher(LEAD_PIN, h)).toBe(true);
    expect(await scryptMatcher('246811', h)).toBe(false);
  });
});

/** A records file, a movable clock and a matcher that counts its calls (the PIN evaluations). */
function rig(file = path.join(dir, 'records.sqlite'), start = Date.parse('2026-11-24T09:00:00Z')) {
  const clock = { now: start };
  const calls = { n: 0 };
  const matcher: PinMatcher = async (pin, hash) => {
    calls.n++;
    return scryptMatcher(pin, hash);
  };
  const records = Records.open(file);
  const roles = new RoleService({ records, pins: { lead: LEAD_HASH, admin: ADMIN_HASH }, clock: () => clock.now, matcher });
  return { records, roles, clock, calls, file };
}

describe('the lockout', () => {
  it('4 failures answer WRONG with the count; the 5th answers LOCKED for 30 s; while locked no PIN is evaluated', async () => {
    const { roles, clock, calls, records } = rig();
    for (let i = 1; i <= 4; i++) expect(await roles.check('lead', '000000', 'reception')).toEqual({ ok: false, code: 'WRONG', failures: i });
    expect(await roles.check('lead', '000000', 'reception')).toEqual({ ok: false, code: 'LOCKED', retryAfterSeconds: 30 });
    expect(calls.n).toBe(5);
    clock.now += 10_000;
    // Even the right PIN is not evaluated while locked.
    expect(await roles.check('lead', LEAD_PIN, 'reception')).toEqual({ ok: false, code: 'LOCKED', retryAfterSeconds: 20 });
    expect(calls.n).toBe(5);
    // The other role has its own counter.
    expect(await roles.check('admin', ADMIN_PIN, 'reception')).toEqual({ ok: true, role: 'admin' });
    clock.now += 20_000;
    expect(await roles.check('lead', LEAD_PIN, 'reception')).toEqual({ ok: true, role: 'lead' });
    expect(calls.n).toBe(7);
    // Every attempt is an audit entry, and none holds a PIN.
    const entries = [...records.audit.entries()].filter((e) => e.type === 'pin');
    expect(entries.map((e) => e.detail.result)).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked', 'refused-while-locked', 'ok', 'ok']);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(LEAD_PIN);
    expect(text).not.toContain('000000');
    records.close();
  });

  it('each further failure after a lock ends locks again, doubling to a cap of 15 minutes; a success resets', async () => {
    const { roles, clock, records } = rig();
    for (let i = 0; i < 4; i++) await roles.check('admin', '999999', 'reception');
    const locks: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await roles.check('admin', '999999', 'reception');
      expect(r.ok).toBe(false);
      if (!r.ok && r.code === 'LOCKED') locks.push(r.retryAfterSeconds);
      clock.now += r.ok || r.code !== 'LOCKED' ? 0 : r.retryAfterSeconds * 1000; // wait the lock out
    }
    expect(locks).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    expect(await roles.check('admin', ADMIN_PIN, 'reception')).toEqual({ ok: true, role: 'admin' });
    // Reset: four more failures are WRONG again, the fifth locks for 30 s.
    for (let i = 1; i <= 4; i++) expect(await roles.check('admin', '999999', 'reception')).toMatchObject({ code: 'WRONG', failures: i });
    expect(await roles.check('admin', '999999', 'reception')).toEqual({ ok: false, code: 'LOCKED', retryAfterSeconds: 30 });
    records.close();
  });

  it('survives a restart: reopening the records keeps the failures and the lock', async () => {
    const first = rig();
    for (let i = 0; i < 3; i++) await first.roles.check('lead', '111111', 'reception');
    first.records.close();
    const second = rig(first.file, first.clock.now);
    expect(await second.roles.check('lead', '111111', 'reception')).toEqual({ ok: false, code: 'WRONG', failures: 4 });
    expect(await second.roles.check('lead', '111111', 'reception')).toEqual({ ok: false, code: 'LOCKED', retryAfterSeconds: 30 });
    second.records.close();
    const third = rig(first.file, first.clock.now + 5_000);
    expect(await third.roles.check('lead', LEAD_PIN, 'reception')).toEqual({ ok: false, code: 'LOCKED', retryAfterSeconds: 25 });
    expect(third.calls.n).toBe(0);
    expect(third.roles.state().lockedOut).toEqual({ lead: 25, admin: 0 });
    third.records.close();
  });

  it('a PIN that is not 6–12 digits is a failure and is never hashed', async () => {
    const { roles, calls, records } = rig();
    expect(await roles.check('lead', '12345', 'reception')).toEqual({ ok: false, code: 'WRONG', failures: 1 });
    expect(await roles.check('lead', '1234567890123', 'reception')).toEqual({ ok: false, code: 'WRONG', failures: 2 });
    expect(calls.n).toBe(0);
    records.close();
  });
});

describe('the role on the screen', () => {
  it('unlock, requireRole, Lock, and the fall-back to reception after lockMinutes without input', async () => {
    const { roles, clock, records } = rig();
    expect(roles.current()).toBe('reception');
    expect(roles.requireRole('lead')).toMatchObject({ code: 'ROLE_REQUIRED' });
    expect(await roles.unlock('lead', '000000')).toMatchObject({ code: 'WRONG' });
    expect(roles.current()).toBe('reception');
    expect(await roles.unlock('lead', LEAD_PIN)).toEqual({ ok: true, role: 'lead' });
    expect(roles.requireRole('lead')).toBeNull();
    expect(roles.requireRole('admin')).toMatchObject({ code: 'ROLE_REQUIRED' });
    clock.now += 100_000;
    roles.touch();
    clock.now += 100_000; // 200 s since unlock, 100 s since input
    expect(roles.current()).toBe('lead');
    clock.now += 20_000; // 120 s without input
    expect(roles.current()).toBe('reception');
    expect(await roles.unlock('admin', ADMIN_PIN)).toEqual({ ok: true, role: 'admin' });
    expect(roles.requireRole('lead')).toBeNull(); // admin may do all a lead may
    expect(roles.lock().role).toBe('reception');
    const roleEntries = [...records.audit.entries()].filter((e) => e.type === 'role').map((e) => e.detail);
    expect(roleEntries).toEqual([{ action: 'auto-lock', role: 'lead', minutes: 2 }, { action: 'lock', role: 'admin' }]);
    records.close();
  });

  it('with no PINs configured nothing can be unlocked and admin calls are refused telling IT to configure PINs', async () => {
    const records = Records.open(path.join(dir, 'records.sqlite'));
    const roles = new RoleService({ records, pins: {}, clock: () => 0 });
    expect(roles.configured()).toBe(false);
    expect(await roles.unlock('admin', ADMIN_PIN)).toMatchObject({ ok: false, code: 'NO_PIN' });
    expect(roles.requireRole('admin')).toMatchObject({ code: 'NO_PIN', message: expect.stringMatching(/ask IT to add PINs/) });
    records.close();
  });
});
