import { createHash } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { generateKeyPair, signManifest } from '../../../src/publisher';
import { openPassportStore } from '../../../src/main/cache/passport-cache';
import { pinned, scan, sync, tempDir } from './helpers';

/** Sync from a folder feed built by the publisher, into a real SQLite cache. */

let fx: FeedFixture;
let db: string;

beforeEach(async () => {
  fx = await buildFeedFixture({ records: 6 });
  db = path.join(await tempDir(), 'cache.db');
});

const badge = (i: number) => (fx.records[i] as { badges: { value: string }[] }).badges[0]!.value;
const held = (id: string) => {
  const { store, close } = openPassportStore(db);
  try {
    return store.findById(id);
  } finally {
    close();
  }
};

test('first sync rebuilds from the snapshot; scans are cleared; a second sync has nothing to do', async () => {
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('NO_DATA');
  const first = await sync(db, fx);
  expect(first).toEqual({
    ok: true, feed: 'test-feed', seq: 1, mode: 'snapshot', applied: 6, skipped: {},
    published: fx.manifest.published, expires: fx.manifest.expires,
  });
  const v = await scan(db, badge(0));
  expect(v.outcome).toBe('cleared');
  expect(v.passport?.name).toBe('Test Person 0');
  expect(v.dataPublished).toBe(fx.manifest.published);
  expect((await scan(db, '04000000000003')).passport?.id).toBe(fx.records[3]!.id);
  expect(await sync(db, fx)).toMatchObject({ ok: true, mode: 'none', seq: 1, applied: 0 });
});

test('a delta applies the log entries after the cursor in one go', async () => {
  await sync(db, fx);
  await fx.publish([fx.record(0, { rev: 2, status: 'revoked' })]);
  await fx.publish([fx.record(1, { rev: 2, status: 'suspended' }), fx.record(10)]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, seq: 3, mode: 'delta', applied: 3, skipped: {} });
  expect((await scan(db, badge(0))).reasons.map((r) => r.code)).toEqual(['PASSPORT_REVOKED']);
  expect((await scan(db, badge(1))).reasons.map((r) => r.code)).toEqual(['PASSPORT_SUSPENDED']);
  expect((await scan(db, 'RXL0000010')).outcome).toBe('cleared');
});

test('a cache too far behind is rebuilt from the snapshot, and passports no longer in the feed are gone', async () => {
  await sync(db, fx);
  const before = held(fx.records[0]!.id);
  expect(before).not.toBeNull();
  await fx.publish([fx.record(20)]);
  await fx.publish([fx.record(21)]);
  await fx.publish([], { snapshot: true, logKeep: 1 });
  const m = JSON.parse(Buffer.from((await readFile(path.join(fx.dir, 'manifest.jws'), 'utf8')).split('.')[1]!, 'base64url').toString());
  expect(m.log.some((e: { seq: number }) => e.seq === 2)).toBe(false);
  const out = await sync(db, fx);
  expect(out).toMatchObject({ ok: true, seq: 4, mode: 'snapshot' });
  expect((await scan(db, fx.record(20).badges[0]!.value)).outcome).toBe('cleared');
  expect((await scan(db, fx.record(21).badges[0]!.value)).outcome).toBe('cleared');

  // A hub whose state at seq 5 holds only records 0 and 1: the rest must go.
  const lines = `${fx.lines[0]}\n${fx.lines[1]}\n`;
  const sha = createHash('sha256').update(lines).digest('hex');
  await writeFile(path.join(fx.dir, 'segments', `${sha}.ndjson`), lines);
  const manifest = { ...m, seq: 5, snapshot: { seq: 5, segments: [{ path: `segments/${sha}.ndjson`, sha256: sha, count: 2 }] }, log: [] };
  await writeFile(path.join(fx.dir, 'manifest.jws'), await signManifest(manifest, fx.hubKey));
  expect(await sync(db, fx)).toMatchObject({ ok: true, seq: 5, mode: 'snapshot', applied: 2 });
  expect(held(fx.records[1]!.id)).not.toBeNull();
  expect(held(fx.records[2]!.id)).toBeNull();
  expect((await scan(db, fx.record(20).badges[0]!.value)).reasons[0]!.code).toBe('BADGE_UNKNOWN');
});

test('a replayed older manifest is FEED_ROLLBACK and another feed is FEED_MISMATCH; nothing changes', async () => {
  const old = await readFile(path.join(fx.dir, 'manifest.jws'));
  await fx.publish([fx.record(0, { rev: 2, status: 'revoked' })]);
  await sync(db, fx);
  await writeFile(path.join(fx.dir, 'manifest.jws'), old);
  const back = await sync(db, fx);
  expect(back).toMatchObject({ ok: false, code: 'FEED_ROLLBACK' });
  expect(back.ok === false && back.message).toMatch(/seq 1, older than seq 2/);
  const other = await buildFeedFixture({ feedId: 'another-feed' });
  const mismatch = await sync(db, other, undefined, pinned(other));
  expect(mismatch).toMatchObject({ ok: false, code: 'FEED_MISMATCH' });
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('PASSPORT_REVOKED');
});

test('a tampered segment is HASH_MISMATCH and the previous state stays whole', async () => {
  await sync(db, fx);
  await fx.publish([fx.record(0, { rev: 2, status: 'revoked' })]);
  const m = JSON.parse(Buffer.from((await readFile(path.join(fx.dir, 'manifest.jws'), 'utf8')).split('.')[1]!, 'base64url').toString());
  const seg = path.join(fx.dir, m.log.at(-1).path);
  const bytes = await readFile(seg);
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
  await writeFile(seg, bytes);
  const out = await sync(db, fx);
  expect(out).toMatchObject({ ok: false, code: 'HASH_MISMATCH' });
  expect(out.ok === false && out.message).toContain(seg);
  expect((await scan(db, badge(0))).outcome).toBe('cleared');
});

test('a manifest signed by a key that is not pinned is MANIFEST_UNTRUSTED', async () => {
  const stranger = await generateKeyPair('hub-1');
  await writeFile(path.join(fx.dir, 'manifest.jws'), await signManifest(fx.manifest, stranger.privateJwk));
  const out = await sync(db, fx);
  expect(out).toMatchObject({ ok: false, code: 'MANIFEST_UNTRUSTED' });
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('NO_DATA');
});

test('bad signatures and another issuer\'s key are skipped, counted and never stored', async () => {
  await sync(db, fx);
  const good = await fx.sign(fx.record(30));
  const tampered = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const foreign = await fx.sign(fx.record(32, { iss: 'RXL', id: 'RXL-0032' }), 'RJ1');
  const notJws = 'this is not a passport';
  const out = await sync(db, fx, undefined);
  expect(out).toMatchObject({ mode: 'none' });
  await fx.publish([tampered, foreign, notJws, fx.record(34)]);
  const res = await sync(db, fx);
  expect(res).toMatchObject({ ok: true, mode: 'delta', applied: 1, skipped: { SIGNATURE_INVALID: 2, KEY_UNTRUSTED: 1 } });
  expect(held('RXL-0030')).toBeNull();
  expect(held('RXL-0032')).toBeNull();
  expect(held(fx.record(34).id)).not.toBeNull();
});

test('an id held by one issuer cannot be replaced by another (ISSUER_MISMATCH)', async () => {
  await sync(db, fx);
  const id = fx.records[0]!.id; // issued by RXL
  await fx.publish([fx.record(0, { iss: 'RJ1', id, rev: 5, status: 'revoked' })]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, applied: 0, skipped: { ISSUER_MISMATCH: 1 } });
  expect(held(id)).toMatchObject({ iss: 'RXL', rev: 1 });
});

test('a key marked compromised after the sync makes the stored passport KEY_UNTRUSTED at the next scan', async () => {
  await sync(db, fx);
  expect((await scan(db, badge(0))).outcome).toBe('cleared');
  fx.trustList = structuredClone(fx.trustList);
  fx.trustList.issuers[0]!.keys[0]!.status = 'compromised';
  await fx.publish([]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, mode: 'delta', applied: 0 });
  const v = await scan(db, badge(0));
  expect(v).toMatchObject({ outcome: 'not-cleared', passport: null });
  expect(v.reasons[0]!.code).toBe('KEY_UNTRUSTED');
  expect((await scan(db, badge(1))).outcome).toBe('cleared'); // RJ1's key is still good
});

test('an older rev arriving later never replaces a newer one', async () => {
  await sync(db, fx);
  await fx.publish([fx.record(0, { rev: 3, status: 'suspended' })]);
  await sync(db, fx);
  await fx.publish([fx.record(0, { rev: 2, status: 'active' }), fx.record(0, { rev: 3, status: 'active' })]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, applied: 0 });
  expect(held(fx.records[0]!.id)).toMatchObject({ rev: 3 });
  expect((await scan(db, badge(0))).reasons[0]!.code).toBe('PASSPORT_SUSPENDED');
});

test('DATA_STALE after the manifest expires', async () => {
  await sync(db, fx);
  const v = await scan(db, badge(0), '2026-11-26T10:00:00Z');
  expect(v.reasons.map((r) => r.code)).toContain('DATA_STALE');
});

test('a second copy of the cache file made mid-life opens and answers from its own state', async () => {
  await sync(db, fx);
  const copy = `${db}.copy`;
  await copyFile(db, copy);
  expect((await scan(copy, badge(2))).outcome).toBe('cleared');
});
