/**
 * The app's services with roles, the audit chain and the clock
 * (operations.md): a real cache synced from a fixture feed, a real records
 * file, a movable wall clock and a monotonic clock. Lead calls need the lead
 * PIN once PINs are configured, sync now and exit the admin's; a clock moved
 * back after scans gives CLOCK_BEHIND, one `clock` entry per jump, and a
 * warning in the status.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openKiosk, type OpenKiosk } from '../../../src/main/kiosk/open-kiosk';
import { hashPin } from '../../../src/main/roles/pin-hash';
import { verifyAudit } from '../../../src/main/audit/verify-audit';
import { buildFeedFixture, FIXTURE_NOW, type FeedFixture } from '../../helpers/feed-fixture';
import { POLICY } from '../../unit/core/fixtures';
import { pinned } from '../sync/helpers';
import { tempDir } from '../records/helpers';

const LEAD = '271828';
const ADMIN = '31415926';
const LEAD_HASH = hashPin(LEAD, undefined, Buffer.alloc(16, 1));
const ADMIN_HASH = hashPin(ADMIN, undefined, Buffer.alloc(16, 2));

let fx: FeedFixture;
let dir: string;
let n = 0;
const open: OpenKiosk[] = [];

beforeAll(async () => {
  fx = await buildFeedFixture({ records: 3 });
  dir = tempDir('kiosk-roles-');
});
afterAll(() => {
  for (const k of open) k.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(pins: { lead?: string; admin?: string }, t: { wall: number; mono: number }, onExit?: () => void): OpenKiosk {
  const d = path.join(dir, `k${++n}`);
  mkdirSync(d);
  const kiosk = openKiosk({
    cacheFile: path.join(d, 'cache.sqlite'),
    recordsFile: path.join(d, 'records.sqlite'),
    policy: POLICY,
    clock: () => t.wall,
    monotonic: () => t.mono,
    realClock: true,
    feed: { source: fx.dir, hubKeys: pinned(fx), threads: 0 },
    pins,
    onExit,
  });
  open.push(kiosk);
  return kiosk;
}

const badge = () => (fx.records[0] as { badges: { value: string }[] }).badges[0]!.value;
const SESSION = { title: 'Corporate induction', kind: 'corporate' as const, starts: '2026-11-24T09:30:00Z', ends: '2026-11-24T12:00:00Z' };

describe('roles in front of the services', () => {
  it('with PINs: sessions need the lead, sync now and exit the admin; Lock falls back', async () => {
    const t = { wall: FIXTURE_NOW.getTime() + 3_600_000, mono: 0 };
    let exited = 0;
    const k = start({ lead: LEAD_HASH, admin: ADMIN_HASH }, t, () => exited++);
    expect((await k.services.runSync()).ok).toBe(true);
    const s = k.services;
    expect(await s.createSession(SESSION)).toMatchObject({ ok: false, code: 'ROLE_REQUIRED' });
    expect(await s.listSessions({})).toEqual([]);
    expect(await s.syncNow()).toMatchObject({ ok: false, message: expect.stringMatching(/admin\) PIN/) });
    expect(await s.requestExit()).toMatchObject({ ok: false, code: 'ROLE_REQUIRED' });
    expect(await s.unlockRole({ role: 'lead', pin: '000000' })).toMatchObject({ ok: false, code: 'WRONG', failures: 1, state: { role: 'reception' } });
    const unlocked = await s.unlockRole({ role: 'lead', pin: LEAD });
    expect(unlocked).toMatchObject({ ok: true, state: { role: 'lead', pins: { lead: true, admin: true } } });
    expect(await s.createSession(SESSION)).toMatchObject({ ok: true });
    expect(await s.requestExit()).toMatchObject({ ok: false, code: 'ROLE_REQUIRED' });
    expect(await s.unlockRole({ role: 'admin', pin: ADMIN })).toMatchObject({ ok: true, state: { role: 'admin' } });
    expect((await s.syncNow()).ok).toBe(true);
    expect(await s.requestExit()).toEqual({ ok: true });
    expect(exited).toBe(1);
    expect((await s.lockRole()).role).toBe('reception');
    // Two minutes without input: an unlocked lead falls back by itself.
    await s.unlockRole({ role: 'lead', pin: LEAD });
    t.wall += 2 * 60_000;
    t.mono += 2 * 60_000;
    expect((await s.getRole({})).role).toBe('reception');
    // Everything is in the chain, intact, with no PIN anywhere.
    const entries = [...k.records.audit.entries()];
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['sync', 'pin', 'session', 'admin', 'role']));
    expect(JSON.stringify(entries)).not.toMatch(new RegExp(`${LEAD}|${ADMIN}|000000`));
    expect(entries.find((e) => e.type === 'session')).toMatchObject({ actor: 'lead' });
    expect(entries.filter((e) => e.type === 'admin').map((e) => e.detail)).toEqual([
      { action: 'exit', result: 'refused' },
      { action: 'exit', result: 'refused' },
      { action: 'exit', result: 'ok' },
    ]);
    expect(verifyAudit(k.records.audit)).toMatchObject({ ok: true });
  });

  it('with no PINs: the lead screens stay open, sync now and exit are refused with words for IT', async () => {
    const t = { wall: FIXTURE_NOW.getTime() + 3_600_000, mono: 0 };
    let exited = 0;
    const k = start({}, t, () => exited++);
    expect(await k.services.createSession(SESSION)).toMatchObject({ ok: true });
    const refused = await k.services.requestExit();
    expect(refused).toMatchObject({ ok: false, code: 'NO_PIN', message: expect.stringMatching(/ask IT to add PINs/) });
    expect(await k.services.syncNow()).toMatchObject({ ok: false, message: expect.stringMatching(/ask IT to add PINs/) });
    expect(await k.services.unlockRole({ role: 'admin', pin: ADMIN })).toMatchObject({ ok: false, code: 'NO_PIN' });
    expect(exited).toBe(0);
  });
});

describe('the clock', () => {
  it('moved back after scans: CLOCK_BEHIND, one clock entry per jump, a warning in the status', async () => {
    const t = { wall: FIXTURE_NOW.getTime() + 3_600_000, mono: 1_000 };
    const k = start({}, t);
    expect((await k.services.runSync()).ok).toBe(true);
    const first = await k.services.scan({ payload: badge(), source: 'wedge' });
    expect(first.verdict.reasons.map((r) => r.code)).not.toContain('CLOCK_BEHIND');
    expect((await k.services.getStatus()).clockWarning).toBeUndefined();

    // Ten minutes later by both clocks, someone sets the wall clock back a day.
    t.wall += 10 * 60_000 - 86_400_000;
    t.mono += 10 * 60_000;
    const behind = await k.services.scan({ payload: badge(), source: 'wedge' });
    expect(behind.verdict.reasons.map((r) => r.code)).toContain('CLOCK_BEHIND');
    expect(behind.verdict.outcome).toBe('refer');
    const status = await k.services.getStatus();
    expect(status.clockWarning?.message).toMatch(/clock is behind its passport data/);
    const clockEntries = () => [...k.records.audit.entries()].filter((e) => e.type === 'clock');
    expect(clockEntries()).toHaveLength(1);
    expect(clockEntries()[0]).toMatchObject({ actor: 'system', detail: { event: 'jump-back', seconds: 86_400 } });

    // More scans without a further jump add no clock entry.
    t.wall += 1_000;
    t.mono += 1_000;
    await k.services.scan({ payload: badge(), source: 'wedge' });
    expect(clockEntries()).toHaveLength(1);

    // A second, small jump (3 minutes) is an entry of its own; within 5 minutes of the floor it is not CLOCK_BEHIND.
    t.wall += 86_400_000; // the clock put right
    t.mono += 1_000;
    await k.services.getStatus();
    t.wall -= 3 * 60_000;
    t.mono += 1_000;
    const small = await k.services.scan({ payload: badge(), source: 'wedge' });
    expect(small.verdict.reasons.map((r) => r.code)).not.toContain('CLOCK_BEHIND');
    expect(clockEntries()).toHaveLength(2);
    expect((await k.services.getStatus()).clockWarning?.message).toMatch(/set back 3 minutes while it was running/);
  });

  it('a pinned clock (--at, browser mode) does not count the audit floor', async () => {
    const t = { wall: FIXTURE_NOW.getTime() + 3_600_000, mono: 0 };
    const d = path.join(dir, 'pinned');
    mkdirSync(d);
    const k = openKiosk({ cacheFile: path.join(d, 'cache.sqlite'), recordsFile: path.join(d, 'records.sqlite'), policy: POLICY, clock: () => t.wall, feed: { source: fx.dir, hubKeys: pinned(fx), threads: 0 } });
    open.push(k);
    await k.services.runSync();
    k.records.audit.append({ at: t.wall + 86_400_000, type: 'admin', actor: 'system', detail: { action: 'test' } });
    const v = await k.services.scan({ payload: badge(), source: 'wedge' });
    expect(v.verdict.reasons.map((r) => r.code)).not.toContain('CLOCK_BEHIND');
  });
});
