import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buildFeedFixture } from '../../helpers/feed-fixture';
import { openPassportStore } from '../../../src/main/cache/passport-cache';
import { sync, tempDir } from './helpers';

/**
 * A held store (`verify --batch`'s worker threads) reads one state of the
 * cache for its whole life: a sync that commits meanwhile is not seen, and
 * the state it holds is let go at close, after which the sync's data is.
 */
test('a held store keeps answering from the cache as it was when it opened; an ordinary store sees the next sync', async () => {
  const fx = await buildFeedFixture({ records: 3 });
  const db = path.join(await tempDir(), 'cache.db');
  await sync(db, fx);
  const first = fx.records[0]!;
  const held = openPassportStore(db, { held: true });
  const live = openPassportStore(db);
  const seqBefore = held.store.snapshot();
  expect(held.store.findById(first.id)?.rev).toBe(1);

  const added = fx.record(50);
  await fx.publish([fx.record(0, { rev: 2 }), added]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, mode: 'delta', applied: 2 });

  // The held store: the same snapshot object, the old revision, no new passport.
  expect(held.store.snapshot()).toBe(seqBefore);
  expect(held.store.findById(first.id)?.rev).toBe(1);
  expect(held.store.findById(added.id)).toBeNull();
  // An ordinary store: the sync's data at once.
  expect(live.store.findById(first.id)?.rev).toBe(2);
  expect(live.store.findById(added.id)?.rev).toBe(1);
  held.close();
  live.close();

  const reopened = openPassportStore(db, { held: true });
  expect(reopened.store.findById(first.id)?.rev).toBe(2);
  reopened.close();
  // Closing let go of the read transaction: the next sync's checkpoint empties the WAL.
  await fx.publish([fx.record(51)]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, applied: 1 });
  expect(await stat(`${db}-wal`).then((s) => s.size, () => 0)).toBe(0);
});
