import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TrustIndex, verifyManifestJws, verifyRecordJws } from '../../../src/core/jws';
import { readFeedState, readSegmentLines, sha256Hex } from '../../../src/publisher';

/**
 * The bench fixture generator runs as compiled JS (its workers load the
 * compiled file), so this test runs `dist/` — `npm test` builds first.
 */
const SCRIPT = path.resolve(__dirname, '../../../dist/bench/fixtures/make-big-feed.js');

describe('bench/fixtures/make-big-feed', () => {
  it('writes a valid snapshot feed and a delta manifest whose every record verifies', async () => {
    expect(existsSync(SCRIPT)).toBe(true); // run `npm run build` first
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'big-feed-')), 'feed');
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, out, '--count', '500', '--segment', '200', '--delta', '40', '--issuers', '5', '--workers', '2', '--payloads', '100']);
    expect(stdout).toMatch(/500 records \+ 40 delta, 5 issuers, 3 segments/);
    const hub = JSON.parse(await readFile(path.join(out, 'hub-key.json'), 'utf8'));
    const m1 = await verifyManifestJws(await readFile(path.join(out, 'manifest.jws'), 'utf8'), [hub]);
    const m2 = await verifyManifestJws(await readFile(path.join(out, 'manifest-seq2.jws'), 'utf8'), [hub]);
    if (!m1.ok || !m2.ok) throw new Error('manifest does not verify');
    expect(m1.manifest.snapshot.segments.map((s) => s.count)).toEqual([200, 200, 100]);
    expect(m1.manifest.log).toEqual([]);
    expect(m2.manifest).toMatchObject({ seq: 2, snapshot: m1.manifest.snapshot, log: [{ seq: 2, count: 40 }] });

    const trust = new TrustIndex(JSON.parse(await readFile(path.join(out, m1.manifest.trust.path), 'utf8')));
    const badges = new Set<string>();
    for (const ref of [...m2.manifest.snapshot.segments, ...m2.manifest.log]) {
      expect(sha256Hex(await readFile(path.join(out, ref.path)))).toBe(ref.sha256);
      for (const line of await readSegmentLines(out, ref)) {
        const v = await verifyRecordJws(line, trust);
        if (!v.ok) throw new Error(`${v.code}: ${v.detail}`);
        if (v.record.status !== 'erased') for (const b of v.record.badges) badges.add(b.value);
        expect(line.length).toBeGreaterThan(1500);
      }
    }
    const state = await readFeedState(out); // manifest.jws: seq 1
    expect(state.records.size).toBe(500);
    const payloads = (await readFile(path.join(out, 'payloads.txt'), 'utf8')).trim().split('\n');
    expect(payloads).toHaveLength(100);
    for (const p of payloads) expect(badges.has(p)).toBe(true);
  });
});
