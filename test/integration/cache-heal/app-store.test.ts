import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { verdictForPayload } from '../../../src/core/scan-verdict';
import { CacheStore } from '../../../src/main/kiosk/cache-store';
import { toSyncOutcomeDto } from '../../../src/main/kiosk/open-kiosk';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { runSync } from '../../../src/main/sync/run-sync';
import { POLICY } from '../../unit/core/fixtures';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { pinned } from '../sync/helpers';
import { AT, damage, syncFrom, tempDir } from './helpers';

/**
 * The app's side (src/main/kiosk/cache-store.ts): a damaged cache found when
 * the app opens it, or by a scan, makes the store answer "no data" (never a
 * wrong verdict), say why instead of "never synced", close its handle and
 * ask for a sync; the sync moves the file aside and rebuilds, and the
 * outcome the status bar shows says so.
 */

let fx: FeedFixture;
let dir: string;

beforeAll(async () => {
  fx = await buildFeedFixture({ records: 60 });
  dir = await tempDir('cache-heal-app-');
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

const heal = (db: string, store: CacheStore) =>
  runSync({ db, transport: new FolderTransport(fx.dir), hubKeys: pinned(fx), now: () => AT, onDamaged: () => store.release() });

test('damaged when the app opens it: no data, the reason instead of "never synced", a sync asked for; the sync rebuilds and says so', async () => {
  const db = path.join(dir, 'open.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  damage(db, 0, 2048, 'zeros');
  let asked = 0;
  const store = new CacheStore(db, () => asked++, () => AT);
  expect(asked).toBe(1);
  expect(store.snapshot()).toBeNull();
  expect((await verdictForPayload(fx.record(1).badges[0]!.value, store, POLICY, AT)).verdict.reasons.map((r) => r.code)).toEqual(['NO_DATA']);
  expect(store.damaged()).toMatchObject({ why: 'file is not a database' });
  expect(store.lastSync()).toEqual({ ok: false, at: new Date(AT).toISOString(), message: 'The passport cache was found damaged (file is not a database) and is being rebuilt from the feed' });

  const outcome = await heal(db, store);
  store.refresh();
  expect(outcome).toMatchObject({ ok: true, cacheRebuilt: { keptAs: `${db}.damaged` } });
  expect(store.damaged()).toBeNull();
  const v = (await verdictForPayload(fx.record(1).badges[0]!.value, store, POLICY, AT)).verdict;
  expect(v.passport?.id).toBe(fx.record(1).id);
  expect(toSyncOutcomeDto(outcome, 'T').message).toBe(
    `Synced: 60 passports updated. The cache was damaged (file is not a database) and has been rebuilt from the feed (the damaged file is kept as ${db}.damaged).`,
  );
  store.close();
});

test('damage a scan finds: that scan is refused with a sentence for the desk, the next answers "no data", the handle is closed for the heal', async () => {
  const db = path.join(dir, 'scan.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  const victim = fx.record(9);
  // A failing disk changes a record's bytes (no file time moves); the app opens the file without noticing.
  const bytes = readFileSync(db);
  const at = bytes.indexOf(Buffer.from(fx.lines[9]!.split('.')[2]!, 'base64url'));
  expect(at).toBeGreaterThan(0);
  damage(db, at + 5, 40, 'zeros', true);
  let asked = 0;
  const store = new CacheStore(db, () => asked++, () => AT);
  expect(asked).toBe(0);
  expect((await verdictForPayload(fx.record(8).badges[0]!.value, store, POLICY, AT)).verdict.passport?.id).toBe(fx.record(8).id);
  await expect(verdictForPayload(victim.badges[0]!.value, store, POLICY, AT)).rejects.toThrow(
    /^The passport data is unavailable: the cache was found damaged and is being rebuilt from the feed\. Scan again in a few minutes, or call IT if this lasts\.$/,
  );
  expect(asked).toBe(1);
  expect((await verdictForPayload(fx.record(10).badges[0]!.value, store, POLICY, AT)).verdict.reasons.map((r) => r.code)).toEqual(['NO_DATA']);
  const outcome = await heal(db, store);
  expect(outcome).toMatchObject({ ok: true, mode: 'snapshot', cacheRebuilt: { reason: `passport ${victim.id}'s stored record has changed since it was stored` } });
  store.refresh();
  expect((await verdictForPayload(victim.badges[0]!.value, store, POLICY, AT)).verdict.passport?.id).toBe(victim.id);
  store.close();
});
