import { readFile, readdir, rename, writeFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TrustIndex, verifyManifestJws, verifyRecordJws } from '../../../src/core/jws';
import { publish, readFeedState, sha256Hex, readSegmentLines, type Manifest } from '../../../src/publisher';
import { buildFeedFixture, FIXTURE_NOW } from '../../helpers/feed-fixture';

async function manifestOf(dir: string, fx: { hubPublic: { kid: string; x: string } }): Promise<Manifest> {
  const jws = await readFile(path.join(dir, 'manifest.jws'), 'utf8');
  const v = await verifyManifestJws(jws, [{ kty: 'OKP', crv: 'Ed25519', x: fx.hubPublic.x, kid: fx.hubPublic.kid }]);
  if (!v.ok) throw new Error(v.detail);
  return v.manifest;
}

describe('publish', () => {
  it('writes a first publication that verifies: manifest, trust list and every record', async () => {
    const fx = await buildFeedFixture({ records: 4 });
    const m = await manifestOf(fx.dir, fx);
    expect(m).toMatchObject({ v: 1, feed: 'test-feed', seq: 1, published: '2026-11-24T09:00:00Z', expires: '2026-11-25T09:00:00Z' });
    expect(m.snapshot.seq).toBe(1);
    expect(m.snapshot.segments[0]!.path).toMatch(/^segments\/[0-9a-f]{64}\.ndjson\.gz$/);
    expect(m.log).toEqual([]); // the first publication is its snapshot alone
    const trust = JSON.parse(await readFile(path.join(fx.dir, m.trust.path), 'utf8'));
    const index = new TrustIndex(trust);
    const lines = await readSegmentLines(fx.dir, m.snapshot.segments[0]!);
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      const r = await verifyRecordJws(line, index);
      expect(r.ok).toBe(true);
    }
  });

  it('raises seq by one, keeps the log contiguous, and applies highest rev per id', async () => {
    const fx = await buildFeedFixture({ records: 3 });
    const second = await fx.publish([fx.record(0, { rev: 2, status: 'suspended' })]);
    const third = await fx.publish([fx.record(0, { rev: 1, status: 'revoked' }), fx.record(7)]);
    expect([second.seq, third.seq]).toEqual([2, 3]);
    const m = await manifestOf(fx.dir, fx);
    expect(m.seq).toBe(3);
    expect(m.snapshot.seq).toBe(1);
    expect(m.log.map((e) => e.seq)).toEqual([2, 3]);
    expect(m.log.map((e) => e.count)).toEqual([1, 2]);
    const state = await readFeedState(fx.dir);
    expect(state.records.size).toBe(4);
    const first = state.records.get(fx.record(0).id)!;
    expect(first.rev).toBe(2); // the older rev published later does not win
    expect(JSON.parse(Buffer.from(first.jws.split('.')[1]!, 'base64url').toString()).status).toBe('suspended');
  });

  it('rewrites the snapshot on request and keeps a bounded tail of the log', async () => {
    const fx = await buildFeedFixture({ records: 2 });
    for (let i = 0; i < 5; i++) await fx.publish([fx.record(10 + i)], { logKeep: 3 });
    const { manifest } = await fx.publish([fx.record(20)], { snapshot: true, logKeep: 3 });
    expect(manifest.seq).toBe(7);
    expect(manifest.snapshot.seq).toBe(7);
    expect(manifest.snapshot.segments.reduce((n, s) => n + s.count, 0)).toBe(8);
    expect(manifest.log.map((e) => e.seq)).toEqual([5, 6, 7]);
  });

  it('rewrites the snapshot by itself when the log passes logLimit', async () => {
    const fx = await buildFeedFixture({ records: 1 });
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push((await fx.publish([fx.record(5 + i)], { logLimit: 3 })).manifest.snapshot.seq);
    // seq 2,3,4 follow snapshot 1 (3 entries); seq 5 would be the 4th → rewrite at 5.
    expect(seen).toEqual([1, 1, 1, 5, 5, 5]);
  });

  it('names every file by the SHA-256 of its stored bytes, and splits snapshots into segments', async () => {
    const fx = await buildFeedFixture({ records: 7 });
    const { manifest } = await fx.publish([], { snapshot: true, segmentMaxRecords: 3 });
    expect(manifest.snapshot.segments.map((s) => s.count)).toEqual([3, 3, 1]);
    for (const ref of [manifest.trust, ...manifest.snapshot.segments, ...manifest.log]) {
      const bytes = await readFile(path.join(fx.dir, ref.path));
      expect(sha256Hex(bytes)).toBe(ref.sha256);
      expect(ref.path).toContain(ref.sha256);
    }
    const plain = gunzipSync(await readFile(path.join(fx.dir, manifest.snapshot.segments[0]!.path))).toString();
    expect(plain.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('writes plain .ndjson snapshot segments when gzip is off', async () => {
    const fx = await buildFeedFixture({ records: 2 });
    const { manifest } = await fx.publish([], { snapshot: true, gzip: false });
    expect(manifest.snapshot.segments[0]!.path).toMatch(/\.ndjson$/);
  });

  it('leaves the old manifest whole when a write fails part-way (manifest is written last)', async () => {
    const fx = await buildFeedFixture({ records: 2 });
    const before = await readFile(path.join(fx.dir, 'manifest.jws'));
    // A file where the trust/ folder should be: the segment is written, then the trust list write fails.
    await rename(path.join(fx.dir, 'trust'), path.join(fx.dir, 'trust.bak'));
    await writeFile(path.join(fx.dir, 'trust'), 'not a folder');
    await expect(fx.publish([fx.record(9)], { snapshot: true })).rejects.toThrow();
    expect(await readFile(path.join(fx.dir, 'manifest.jws'))).toEqual(before);
    expect((await readdir(fx.dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    await rm(path.join(fx.dir, 'trust'));
    await rename(path.join(fx.dir, 'trust.bak'), path.join(fx.dir, 'trust'));
    expect((await manifestOf(fx.dir, fx)).seq).toBe(1);
    expect((await fx.publish([fx.record(9)])).seq).toBe(2);
  });

  it('refuses a feed folder that holds another feed, and bad options, changing nothing', async () => {
    const fx = await buildFeedFixture({ records: 1 });
    const before = await readFile(path.join(fx.dir, 'manifest.jws'));
    const base = { feedDir: fx.dir, hubKey: fx.hubKey, trustList: fx.trustList, records: [] };
    await expect(publish({ ...base, feedId: 'other' })).rejects.toThrow(/is feed "test-feed"/);
    await expect(publish({ ...base, feedId: 'test-feed', records: ['a.b.c\nd.e.f'] })).rejects.toThrow(/line break/);
    await expect(publish({ ...base, feedId: 'test-feed', trustList: { v: 2 } as never })).rejects.toThrow(/trust list/);
    expect(await readFile(path.join(fx.dir, 'manifest.jws'))).toEqual(before);
  });

  it('refuses to build on a damaged feed: a segment whose hash is wrong', async () => {
    const fx = await buildFeedFixture({ records: 2 });
    const seg = path.join(fx.dir, fx.manifest.snapshot.segments[0]!.path);
    await writeFile(seg, Buffer.concat([await readFile(seg), Buffer.from('x')]));
    await expect(fx.publish([fx.record(5)])).rejects.toThrow(/SHA-256 is not/);
    expect((await manifestOf(fx.dir, fx)).seq).toBe(1);
  });

  it('sets expires from validityHours', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pub-'));
    const fx = await buildFeedFixture({ dir, records: 1, validityHours: 2 });
    expect(fx.manifest.expires).toBe(new Date(FIXTURE_NOW.getTime() + 2 * 3_600_000).toISOString().replace('.000', ''));
  });
});
