import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CacheWriter } from '../../../src/main/cache/cache-writer';
import { openWritable } from '../../../src/main/cache/db';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { cli, hashes, pageOffset, recordsBeside, seeded, syncFrom, tempDir, verdicts } from './helpers';

/**
 * The issue's own report: a few bytes of damage on the state page made the
 * state table read as empty, so `verify` said the kiosk had never synced,
 * and every sync failed with "index passports_id_g1 already exists" (a
 * rebuild named its indexes after the stored generation, which read as 0,
 * while the file already held generation 1's). Now the damage is found and
 * healed, and a rebuild names its indexes past any the file holds.
 */

let fx: FeedFixture;
let dir: string;
let keyFile: string;

beforeAll(async () => {
  fx = await buildFeedFixture({ records: 40 });
  dir = await tempDir();
  keyFile = path.join(dir, 'hub.jwk');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Set the cell count of the state table's page to 0, in place: SQLite then reads the table as empty. */
function emptyStatePage(db: string): void {
  const raw = new Database(db, { readonly: true });
  const root = (raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'state'").get() as { rootpage: number }).rootpage;
  raw.close();
  const fd = openSync(db, 'r+');
  try {
    // A b-tree page header: type (1 byte), first freeblock (2), cell count (2).
    writeSync(fd, Buffer.from([0, 0]), 0, 2, pageOffset(db, root) + (root === 1 ? 100 : 0) + 3);
  } finally {
    closeSync(fd);
  }
}

test('a state page read as empty: verify says the cache is damaged (not "never synced"), and one sync heals it', async () => {
  const db = path.join(dir, 'state-lost.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  const payloads = [fx.record(0).badges[0]!.value, fx.record(7).badges[1]!.value];
  const before = await verdicts(db, payloads);
  const records = await recordsBeside(db, seeded(7));
  const recordsBefore = hashes(records);
  emptyStatePage(db);

  const v = await cli(['verify', '--db', db, '--at', '2026-11-24T10:00:00Z', payloads[0]!]);
  expect(v.code).toBe(1);
  expect(v.out).toBe('');
  expect(v.err).toBe(`verify: cache ${db} is damaged (its sync state is missing): run \`passport-kiosk sync\` to rebuild it from the feed\n`);
  expect(v.err).not.toMatch(/never/);

  const s = await cli(['sync', '--db', db, '--feed', fx.dir, '--hub-key', keyFile, '--json']);
  expect(s.err).not.toMatch(/already exists/);
  expect(s.code).toBe(0);
  expect(JSON.parse(s.out)).toMatchObject({ ok: true, mode: 'snapshot', cacheRebuilt: { reason: 'its sync state is missing', keptAs: `${db}.damaged` } });
  expect(s.err).toBe(`sync: the cache was damaged (its sync state is missing) and has been rebuilt from the feed (the damaged file is kept as ${db}.damaged)\n`);
  expect(await verdicts(db, payloads)).toEqual(before);
  expect(hashes(records)).toEqual(recordsBefore);
  expect(existsSync(`${db}.damaged`)).toBe(true);
});

test('the cause: a rebuild names its indexes past every index in the file, whatever the stored generation says', async () => {
  const db = path.join(dir, 'generation.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  const raw = new Database(db);
  const indexes = () => (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB '*_g*' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  expect(indexes()).toEqual(['badges_value_g1', 'passports_id_g1']);
  // The stored generation falls behind the file's index names (as when the state row was lost and re-read as 0).
  raw.prepare('UPDATE state SET generation = 0').run();
  const writer = new CacheWriter(openWritable(db));
  const rebuild = writer.startRebuild();
  const r0 = fx.records[0]!;
  rebuild.apply({ id: r0.id, iss: r0.iss, rev: r0.rev, status: 'active', badges: [['barcode', 'X1']] }, fx.lines[0]!);
  rebuild.commit({ feed: fx.feedId, seq: 9, published: '2026-11-24T09:00:00Z', expires: '2026-11-25T09:00:00Z', trustSha256: fx.manifest.trust.sha256, trustJson: null, etag: null });
  writer.db.close();
  expect(indexes()).toEqual(['badges_value_g2', 'passports_id_g2']);
  expect(raw.prepare('SELECT generation FROM state').get()).toEqual({ generation: 2 });
  raw.close();
});
