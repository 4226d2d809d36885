/**
 * The log for IT holds no personal data (operations; issue 10 "Logs for
 * IT"): an e2e-like run in-process — the shipped demo feed synced, every
 * catalogue badge scanned, a session created, switched on and checked into,
 * a wrong and a right PIN, sync now refused — writes a log in which no
 * name, badge value, passport id or PIN appears; and the log rotates.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadPolicyFile } from '../../../src/main/config/machine-config';
import { openKiosk } from '../../../src/main/kiosk/open-kiosk';
import { KioskLog, kioskLog } from '../../../src/main/log/kiosk-log';
import { hashPin } from '../../../src/main/roles/pin-hash';
import { readHubKeyFile } from '../../../src/main/sync/hub-keys';
import { tempDir } from '../records/helpers';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'resources/demo');
interface Entry { badge: string; name?: string; id?: string; scenario: string }
const catalogue = JSON.parse(readFileSync(path.join(DEMO, 'catalogue.json'), 'utf8')) as { referenceTime: string; entries: Entry[] };

let dir: string;
beforeAll(() => (dir = tempDir('it-log-')));
afterAll(() => {
  kioskLog.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a run of demo scans, a session check-in and PIN attempts leaves no name, badge, passport id or PIN in the log', async () => {
  const logDir = path.join(dir, 'logs');
  kioskLog.open({ dir: logDir, level: 'debug' });
  const data = path.join(dir, 'data');
  mkdirSync(data);
  const now = Date.parse(catalogue.referenceTime);
  const kiosk = openKiosk({
    cacheFile: path.join(data, 'cache.sqlite'),
    policy: loadPolicyFile(path.join(DEMO, 'policy.json')).policy,
    clock: () => now,
    feed: { source: path.join(DEMO, 'feed'), hubKeys: readHubKeyFile(path.join(DEMO, 'hub-key.json')), threads: 0 },
    pins: { admin: hashPin('55443322', undefined, Buffer.alloc(16, 3)) },
  });
  expect((await kiosk.services.runSync()).ok).toBe(true);
  const s = kiosk.services;
  const scanned = catalogue.entries.filter((e) => !e.scenario.startsWith('before') && e.badge);
  for (const e of scanned) await s.scan({ payload: e.badge, source: 'wedge' });
  await s.scan({ payload: '4929123456789012', source: 'manual' }); // a bank card number typed by mistake
  await s.unlockRole({ role: 'admin', pin: '11112222' });
  await s.unlockRole({ role: 'admin', pin: '55443322' });
  const made = await s.createSession({ title: 'Corporate induction', kind: 'corporate', starts: '2026-11-24T09:30:00Z', ends: '2026-11-24T12:00:00Z' });
  expect(made.ok).toBe(true);
  const id = (made as { session: { id: string } }).session.id;
  expect(await s.setSessionMode({ sessionId: id })).toMatchObject({ ok: true });
  const cleared = scanned.find((e) => e.scenario === 'cleared')!;
  const checkin = await s.scan({ payload: cleared.badge, source: 'wedge' });
  expect(checkin.checkin?.result).toBe('ARRIVED');
  await s.syncNow();
  kiosk.close();

  const log = readFileSync(path.join(logDir, 'kiosk.log'), 'utf8');
  const lines = log.trim().split('\n');
  expect(lines.filter((l) => / INFO scan /.test(l)).length).toBe(scanned.length + 2);
  expect(lines.some((l) => / INFO pin role=admin result=WRONG/.test(l))).toBe(true);
  expect(lines.some((l) => / INFO sync actor=admin ok=true/.test(l))).toBe(true);
  const secrets = new Set<string>(['4929123456789012', '11112222', '55443322']);
  for (const e of scanned) {
    secrets.add(e.badge);
    if (e.id) secrets.add(e.id);
    for (const part of (e.name ?? '').split(' ')) if (part.length > 2) secrets.add(part);
  }
  const found = [...secrets].filter((x) => log.includes(x));
  expect(found).toEqual([]);
  expect(secrets.size).toBeGreaterThan(100);
});

it('rotates: at most `files` files, the newest lines in kiosk.log', () => {
  const d = path.join(dir, 'rotate');
  const log = new KioskLog();
  log.open({ dir: d, maxBytes: 200, files: 3, clock: () => 0 });
  for (let i = 0; i < 40; i++) log.info('tick', { i });
  log.close();
  expect(readdirSync(d).sort()).toEqual(['kiosk.1.log', 'kiosk.2.log', 'kiosk.log']);
  const current = readFileSync(path.join(d, 'kiosk.log'), 'utf8');
  expect(current).toContain('i=39');
  expect(current.length).toBeLessThanOrEqual(200);
  // Below the level, nothing is written.
  const quiet = new KioskLog();
  quiet.open({ dir: path.join(dir, 'quiet'), level: 'warn' });
  quiet.info('hidden');
  quiet.warn('shown', { code: 'X' });
  quiet.close();
  expect(readFileSync(path.join(dir, 'quiet', 'kiosk.log'), 'utf8')).toMatch(/^\S+ WARN shown code=X\n$/);
});
