import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REGISTER_STATUSES } from '../../../src/core/sessions/model';
import { loadPolicyFile, resourcesDir } from '../../../src/main/config/machine-config';
import { openKiosk, type OpenKiosk } from '../../../src/main/kiosk/open-kiosk';
import { seedDemoSessions } from '../../../src/main/sessions/demo-sessions';
import { readHubKeyFile } from '../../../src/main/sync/hub-keys';

/**
 * The demo's induction sessions (resources/demo/sessions), seeded the way
 * `npm run start:web` does on the demo feed: the lead's view must show
 * every register status at the demo's reference time, and seeding twice
 * adds nothing.
 */

const DEMO = path.join(resourcesDir(), 'demo');
let dir: string;
let kiosk: OpenKiosk;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'demo-sessions-'));
  kiosk = openKiosk({
    cacheFile: path.join(dir, 'cache.sqlite'),
    policy: loadPolicyFile().policy,
    clock: () => Date.parse('2026-11-24T10:00:00Z'),
    feed: { source: path.join(DEMO, 'feed'), hubKeys: readHubKeyFile(path.join(DEMO, 'hub-key.json')) },
  });
  expect((await kiosk.services.runSync()).ok).toBe(true);
}, 60_000);

afterAll(() => {
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

test('two demo sessions on the reference date; the corporate one shows every register status; seeding again adds nothing', async () => {
  const deps = { records: kiosk.records, store: kiosk.store, policy: kiosk.policy };
  expect(await seedDemoSessions(deps, path.join(DEMO, 'sessions'))).toBe(2);
  expect(await seedDemoSessions(deps, path.join(DEMO, 'sessions'))).toBe(0);

  const list = await kiosk.services.listSessions({});
  expect(list.map((s) => [s.session.kind, s.session.starts.slice(0, 10), s.expected])).toEqual([
    ['corporate', '2026-11-24', 12],
    ['local', '2026-11-24', 5],
  ]);
  const reg = await kiosk.services.getRegister({ sessionId: list[0]!.session.id });
  if (!reg.ok) throw new Error(reg.message);
  for (const status of REGISTER_STATUSES) expect(reg.register.counts[status]).toBeGreaterThan(0);
  const people = reg.register.people;
  expect(people.some((p) => !p.onRoster)).toBe(true);
  expect(people.some((p) => p.late === true)).toBe(true);
  expect(people.some((p) => p.flagged)).toBe(true);
  expect(people.some((p) => p.status === 'present' && p.priorInduction !== null)).toBe(true);

  // A local session never recognises prior induction.
  const local = await kiosk.services.getRegister({ sessionId: list[1]!.session.id });
  if (!local.ok) throw new Error(local.message);
  expect(local.register.counts['exempt-prior']).toBe(0);
});
