import Database from 'better-sqlite3';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { runSync } from '../../../src/main/sync/run-sync';
import { DEMO_FEED, DEMO_KEYS, demoCache, doctor, findingOf, goodConfig, NOW, writeConfig } from '../doctor/helpers';
import { damage, pageOffset, seeded, tempDir } from './helpers';

/**
 * `passport-kiosk doctor` on a damaged cache (FAIL: run the sync, which
 * moves it aside and rebuilds), after the sync rebuilt it (WARN: "the cache
 * was damaged and has been rebuilt (the damaged file is kept as …)"), and
 * when the rebuild has not completed (FAIL: the data is unavailable).
 */

let dir: string;

beforeAll(async () => {
  dir = await tempDir('cache-heal-doctor-');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

test('damaged, then rebuilt by the sync, then a rebuild that could not reach the feed', async () => {
  const db = await demoCache(dir);
  const cfg = await writeConfig(dir, goodConfig(db));
  // Random bytes over the passports table's root page (its b-tree header and cell pointers).
  const raw = new Database(db, { readonly: true });
  const root = (raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'passports'").get() as { rootpage: number }).rootpage;
  raw.close();
  damage(db, pageOffset(db, root), 6000, seeded(77));

  const before = await doctor(['--config', cfg, '--json']);
  expect(before.code).toBe(1);
  const damaged = findingOf(before, 'cache');
  expect(damaged.status).toBe('fail');
  expect(damaged.message).toMatch(new RegExp(`^The cache ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged`));
  expect(damaged.fix).toContain('passport-kiosk sync');
  expect(damaged.fix).toContain(`kept as ${db}.damaged`);

  const healed = await runSync({ db, transport: new FolderTransport(DEMO_FEED), hubKeys: DEMO_KEYS, now: () => NOW });
  expect(healed).toMatchObject({ ok: true, cacheRebuilt: { keptAs: `${db}.damaged` } });
  const after = await doctor(['--config', cfg, '--json']);
  const rebuilt = findingOf(after, 'cache');
  expect(rebuilt.status).toBe('warn');
  expect(rebuilt.message).toContain(`the cache was damaged (${healed.cacheRebuilt!.reason}) and has been rebuilt from the feed (the damaged file is kept as ${db}.damaged)`);
  expect(rebuilt.message).toMatch(/is sound now/);
  expect(rebuilt.fix).toContain(`${db}.damaged`);

  // Damaged again, and this time the feed cannot be reached: moved aside, no data yet.
  const other = path.join(dir, 'elsewhere');
  await mkdir(other);
  damage(db, 0, 4096, 'zeros');
  const refused = await runSync({ db, transport: new FolderTransport(other), hubKeys: DEMO_KEYS, now: () => NOW });
  expect(refused).toMatchObject({ ok: false, code: 'FETCH_FAILED', cacheRebuilt: { reason: 'file is not a database' } });
  const waiting = await doctor(['--config', cfg, '--json']);
  const unavailable = findingOf(waiting, 'cache');
  expect(unavailable.status).toBe('fail');
  expect(unavailable.message).toMatch(/^The passport data is unavailable: the cache was damaged \(file is not a database\) and has been moved aside \(kept as .*\.damaged\); .* the rebuild has not completed \(the last sync, at .*, was refused: FETCH_FAILED: /);
  expect(unavailable.message).not.toMatch(/never/);
}, 120_000);
