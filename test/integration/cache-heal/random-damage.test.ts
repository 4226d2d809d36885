import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Verdict } from '../../../src/core/verdict';
import { deepCheck } from '../../../src/main/cache/cache-health';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { damage, hashes, pageSize, recordsBeside, samplePayloads, seeded, sha256, size, syncFrom, tempDir, verdicts } from './helpers';

/**
 * A synced cache with a few KB overwritten at seeded-random places — the
 * header, the state page, b-tree pages anywhere, the end of the file — with
 * random bytes or zeros. Every time, one sync moves the damaged file aside
 * as cache.db.damaged, rebuilds from the feed, and afterwards the cache is
 * sound and gives exactly the verdicts of an undamaged one; the records
 * file beside it is byte-for-byte what it was.
 */

const RECORDS = 400;
const DAMAGES = 24;

type Region = 'header' | 'state page' | 'b-tree' | 'end';
interface Damage {
  k: number;
  region: Region;
  where: number;
  length: number;
  zeros: boolean;
}

const pick = seeded(20261129);
const CASES: Damage[] = Array.from({ length: DAMAGES }, (_, k) => ({
  k,
  region: k < 4 ? 'header' : k < 7 ? 'state page' : k >= DAMAGES - 3 ? 'end' : 'b-tree',
  where: pick(),
  length: 1024 + Math.floor(pick() * 7 * 1024),
  zeros: k % 3 === 2,
}));

let fx: FeedFixture;
let payloads: string[];
let reference: Verdict[];
let fileSize: number;
/** The cache's page size (read from its header). */
let PAGE: number;
let root: string;

beforeAll(async () => {
  fx = await buildFeedFixture({ records: RECORDS });
  payloads = samplePayloads(fx);
  root = await tempDir();
  const db = path.join(root, 'reference.db');
  expect((await syncFrom(db, fx)).ok).toBe(true);
  reference = await verdicts(db, payloads);
  fileSize = size(db);
  PAGE = pageSize(db);
}, 120_000);

afterAll(() => rm(root, { recursive: true, force: true }));

function offsetOf(d: Damage, where: number): number {
  switch (d.region) {
    case 'header':
      // Page 1: the file header, then the schema at the page's end.
      return d.k === 0 ? 0 : Math.floor(where * (PAGE - d.length));
    case 'state page':
      return PAGE + Math.floor(where * (PAGE - d.length));
    case 'end':
      return fileSize - d.length - Math.floor(where * 4096);
    case 'b-tree':
      return 2 * PAGE + Math.floor(where * (fileSize - 2 * PAGE - d.length));
  }
}

/**
 * Where to damage: the seeded place, moved on (deterministically) until it
 * covers bytes the cache uses. With secure_delete every unused byte of the
 * file is zero, and overwriting unused space changes nothing a reader sees
 * — that is not damage to heal.
 */
function placeOf(d: Damage, file: string): number {
  const bytes = readFileSync(file);
  for (let j = 0; j < 100; j++) {
    const at = offsetOf(d, (d.where + j * 0.1037) % 1);
    let used = 0;
    for (let i = at; i < at + d.length; i++) if (bytes[i] !== 0) used++;
    if (used >= 32) return at;
  }
  throw new Error(`no used bytes in the ${d.region} region`);
}

test('the damages are different places, and there are at least 20', () => {
  expect(new Set(CASES.map((d) => `${d.region}:${d.where}`)).size).toBe(DAMAGES);
  expect(DAMAGES).toBeGreaterThanOrEqual(20);
});

test.each(CASES)('damage $k ($region, $length bytes, zeros: $zeros) is healed by one sync', async (d) => {
  const dir = path.join(root, `case-${d.k}`);
  const db = path.join(dir, 'cache.db');
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  expect((await syncFrom(db, fx)).ok).toBe(true);
  expect(size(db)).toBe(fileSize);
  const records = await recordsBeside(db, seeded(d.k + 1));
  const recordsBefore = hashes(records);

  damage(db, placeOf(d, db), d.length, d.zeros ? 'zeros' : seeded(1000 + d.k));
  const damaged = sha256(db);

  const outcome = await syncFrom(db, fx);
  expect(outcome).toMatchObject({ ok: true, mode: 'snapshot', applied: RECORDS, cacheRebuilt: { keptAs: `${db}.damaged` } });
  expect(outcome.cacheRebuilt!.reason).toMatch(/\S/);
  // The damaged file is kept for IT exactly as it was found.
  expect(existsSync(`${db}.damaged`)).toBe(true);
  expect(sha256(`${db}.damaged`)).toBe(damaged);
  expect(hashes(records)).toEqual(recordsBefore);

  const raw = new Database(db, { readonly: true });
  try {
    expect(deepCheck(raw)).toBeNull();
  } finally {
    raw.close();
  }
  expect(await verdicts(db, payloads)).toEqual(reference);
  // Healed for good: the next sync has nothing to do.
  expect(await syncFrom(db, fx)).toMatchObject({ ok: true, mode: 'none' });
  expect(hashes(records)).toEqual(recordsBefore);
}, 60_000);
