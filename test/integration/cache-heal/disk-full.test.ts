import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Verdict } from '../../../src/core/verdict';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { cli, hashes, recordsBeside, seeded, syncFrom, tempDir, verdicts } from './helpers';

/**
 * A disk that fills up during a sync, for real: the cache lives on a small
 * tmpfs this test mounts itself (tests run as root, here and in CI; if the
 * mount is refused the test fails, it does not skip). A rebuild that does
 * not fit stops with a FETCH_FAILED that says "disk full", and the previous
 * cache gives exactly the verdicts it gave before. With room again, the next
 * sync completes.
 */

const FIRST = 400;
const MORE = 3000;

let fx: FeedFixture;
let root: string;
let mnt: string;
let mounted = false;
let keyFile: string;

beforeAll(async () => {
  root = await tempDir('cache-heal-full-');
  mnt = path.join(root, 'small-disk');
  await mkdir(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0700', 'tmpfs', mnt], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`this test needs to mount a tmpfs (it runs as root in CI): mount -t tmpfs -o size=3m tmpfs ${mnt} failed: ${err.stderr?.toString().trim() || err.message}`);
  }
  mounted = true;
  fx = await buildFeedFixture({ records: FIRST });
  keyFile = path.join(root, 'hub.jwk');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
}, 120_000);

afterAll(async () => {
  if (mounted) execFileSync('umount', [mnt]);
  await rm(root, { recursive: true, force: true });
});

test('a rebuild that fills the disk: "disk full", the previous cache whole, and the next sync with room completes', async () => {
  const db = path.join(mnt, 'cache.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  const records = await recordsBeside(db, seeded(5));
  const recordsBefore = hashes(records);
  const payloads = [0, 1, 99, 250, FIRST - 1].flatMap((i) => fx.record(i).badges.map((b) => b.value));
  const newcomers = [FIRST, FIRST + 1234, FIRST + MORE - 1].map((i) => fx.record(i).badges[0]!.value);
  const before = await verdicts(db, [...payloads, ...newcomers]);
  expect(before.slice(0, payloads.length).every((v) => v.outcome === 'cleared')).toBe(true);
  expect(before.slice(payloads.length).map((v) => v.reasons[0]!.code)).toEqual(['BADGE_UNKNOWN', 'BADGE_UNKNOWN', 'BADGE_UNKNOWN']);

  // Two publications on, with a new snapshot whose log does not reach back
  // to this cache's seq: a rebuild, about eight times the cache's size.
  await fx.publish([fx.record(0, { rev: 2 })]);
  await fx.publish(Array.from({ length: MORE }, (_, i) => fx.record(FIRST + i)), { snapshot: true, logKeep: 1 });
  const full = await syncFrom(db, fx);
  expect(full).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
  expect(full.ok || full.message).toMatch(new RegExp(`^disk full: the cache ${db} could not be written \\(.*full.*\\); the previous data is unchanged and still in use`));
  expect(await verdicts(db, [...payloads, ...newcomers])).toEqual(before);
  expect(hashes(records)).toEqual(recordsBefore);

  // As a person sees it: one line, exit 1, and still the same verdicts.
  const again = await cli(['sync', '--db', db, '--feed', fx.dir, '--hub-key', keyFile]);
  expect(again.code).toBe(1);
  expect(again.err).toMatch(/^sync: refused \(FETCH_FAILED\): disk full: [^\n]+\n$/);
  const still: Verdict[] = await verdicts(db, [...payloads, ...newcomers]);
  expect(still).toEqual(before);

  execFileSync('mount', ['-o', 'remount,size=64m', mnt]);
  expect(await syncFrom(db, fx)).toMatchObject({ ok: true, mode: 'snapshot', applied: FIRST + MORE });
  const after = await verdicts(db, [...payloads, ...newcomers]);
  expect(after.every((v) => v.outcome === 'cleared')).toBe(true);
  expect(hashes(records)).toEqual(recordsBefore);
}, 180_000);
