import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openKiosk, type OpenKiosk } from '../../../src/main/kiosk/open-kiosk';
import { buildFeedFixture, FIXTURE_NOW, type FeedFixture } from '../../helpers/feed-fixture';
import { POLICY } from '../../unit/core/fixtures';
import { pinned, sync } from '../sync/helpers';
import { arrival, ROSTER, SESSION, tempDir } from './helpers';

/**
 * "The cache is disposable; the records are not, and no sync, rebuild or
 * cache failure touches them" (operations.md). A real kiosk writes real
 * records, then its cache is deleted or overwritten with garbage and
 * synced again; the records file's bytes and rows must not change.
 */

let fx: FeedFixture;
let dir: string;
let cacheFile: string;
let recordsFile: string;

const start = (): OpenKiosk =>
  openKiosk({ cacheFile, recordsFile, policy: POLICY, clock: () => FIXTURE_NOW.getTime(), feed: { source: fx.dir, hubKeys: pinned(fx), threads: 0 } });

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** Every row of every table, read without writing (read-only, outside the kiosk). */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const out = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all()]));
  db.close();
  return out;
}

beforeAll(async () => {
  fx = await buildFeedFixture({ records: 4 });
  dir = tempDir('records-cache-');
  cacheFile = path.join(dir, 'cache.sqlite');
  recordsFile = path.join(dir, 'records.sqlite');
  const kiosk = start();
  expect((await kiosk.services.runSync()).ok).toBe(true);
  const badge = (fx.records[0] as { badges: { value: string }[] }).badges[0]!.value;
  const scanned = await kiosk.services.scan({ payload: badge, source: 'wedge' });
  expect(scanned.verdict.outcome).toBe('cleared');
  await kiosk.services.scan({ payload: 'NOT-A-BADGE', source: 'manual' });
  kiosk.records.sessions.create(SESSION);
  kiosk.records.sessions.replaceRoster(SESSION.id, ROSTER);
  kiosk.records.attendance.addArrival(arrival(scanned.scanId));
  kiosk.close();
});

test('the kiosk keeps its scans and sessions in the records file beside the cache', () => {
  expect(existsSync(`${recordsFile}-wal`)).toBe(false); // closed cleanly: everything is in the main file
  const rows = dump(recordsFile);
  expect(rows.scan_log).toHaveLength(2);
  expect(rows.roster_rows).toHaveLength(4);
  expect(rows.arrivals).toHaveLength(1);
});

test('deleting the cache and syncing it again from the feed leaves the records file byte for byte', async () => {
  const bytes = sha(recordsFile);
  const rows = dump(recordsFile);
  for (const f of [cacheFile, `${cacheFile}-wal`, `${cacheFile}-shm`]) rmSync(f, { force: true });
  const rebuilt = await sync(cacheFile, fx);
  expect(rebuilt).toMatchObject({ ok: true, mode: 'snapshot' });
  expect(sha(recordsFile)).toBe(bytes);
  expect(dump(recordsFile)).toEqual(rows);
});

test('a cache overwritten with garbage under a running kiosk, then synced by the kiosk (refused or rebuilt), leaves the records as they were', async () => {
  const bytes = sha(recordsFile);
  const rows = dump(recordsFile);
  const kiosk = start();
  for (const f of [`${cacheFile}-wal`, `${cacheFile}-shm`]) rmSync(f, { force: true });
  writeFileSync(cacheFile, Buffer.alloc(64 * 1024, 0x5a));
  // Whether this sync refuses the garbage or moves it aside and rebuilds, the records are not its business.
  await kiosk.services.runSync();
  // Its records are still the kiosk's to use.
  expect(kiosk.records.scanLog.recent(10)).toHaveLength(2);
  kiosk.close();
  // The one change: the sync's outcome, appended to the audit chain (operations.md "Audit chain").
  expect(sha(recordsFile)).not.toBe(bytes);
  const after = dump(recordsFile);
  const { audit: auditAfter, ...restAfter } = after;
  const { audit: auditBefore, ...restBefore } = rows;
  expect(restAfter).toEqual(restBefore);
  expect(auditAfter!.slice(0, auditBefore!.length)).toEqual(auditBefore);
  expect(auditAfter!.slice(auditBefore!.length)).toEqual([expect.objectContaining({ type: 'sync', actor: 'system' })]);
});

test('a kiosk started over a garbage cache (whether it refuses or runs without data) leaves the records as they were', () => {
  const bytes = sha(recordsFile);
  const rows = dump(recordsFile);
  for (const f of [`${cacheFile}-wal`, `${cacheFile}-shm`]) rmSync(f, { force: true });
  writeFileSync(cacheFile, Buffer.alloc(64 * 1024, 0x33));
  let kiosk: OpenKiosk | null = null;
  try {
    kiosk = start();
  } catch (e) {
    expect((e as Error).message).toContain(cacheFile);
  }
  kiosk?.close();
  expect(sha(recordsFile)).toBe(bytes);
  expect(dump(recordsFile)).toEqual(rows);
});
