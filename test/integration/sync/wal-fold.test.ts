import { spawn } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { changedOutsideSync, endedUncleanly, stampSynced } from '../../../src/main/cache/cache-health';
import { LARGE_WAL_BYTES, walBytes, whenFolded } from '../../../src/main/cache/wal-fold';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { runSync } from '../../../src/main/sync/run-sync';
import { pinned, scan, sync, tempDir } from './helpers';

/**
 * A large delta's WAL is folded back into the cache on a worker thread
 * after the sync has returned (wal-fold.ts). The new data must be there for
 * scans as soon as the sync returns; once folded, the file must be as a
 * clean sync leaves it (an empty WAL, the health stamp current); the next
 * sync, the CLI and a kill in the middle must all leave a sound cache.
 */

const BIN = path.resolve(__dirname, '../../../bin/passport-kiosk.js');
const RECORDS = 1200;

let fx: FeedFixture;
let dir: string;
let keyFile: string;
/** A cache synced to seq 1, to copy for each test. */
let seq1: string;

const badgeOf = (i: number) => fx.record(i).badges[0]!.value;

beforeAll(async () => {
  fx = await buildFeedFixture({ records: RECORDS });
  dir = await tempDir('wal-fold-');
  keyFile = path.join(dir, 'hub.jwk');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
  seq1 = path.join(dir, 'seq1.db');
  await sync(seq1, fx);
  // seq 2: every passport revoked, so the delta rewrites every page of the table.
  await fx.publish(Array.from({ length: RECORDS }, (_, i) => fx.record(i, { rev: 2, status: 'revoked' })));
}, 120_000);

/** A copy of the seq-1 cache, stamped as a sync leaves it. */
async function freshCopy(name: string): Promise<string> {
  const db = path.join(dir, name);
  await copyFile(seq1, db);
  stampSynced(db);
  return db;
}

/** The first reason a scan of passport i gives. */
const firstReason = async (db: string, i: number) => (await scan(db, badgeOf(i))).reasons[0]!.code;

function expectClean(db: string): void {
  expect(walBytes(db)).toBe(0);
  expect(endedUncleanly(db)).toBe(false);
  expect(changedOutsideSync(db)).toBe(false);
  const raw = new Database(db, { readonly: true });
  try {
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.prepare('SELECT seq FROM state').get()).toEqual({ seq: 2 });
  } finally {
    raw.close();
  }
}

test('a large delta returns with its data readable, and the WAL is folded back after', async () => {
  const db = await freshCopy('returns.db');
  const outcome = await runSync({ db, transport: new FolderTransport(fx.dir), hubKeys: pinned(fx) });
  expect(outcome).toMatchObject({ ok: true, mode: 'delta', seq: 2, applied: RECORDS });
  // Returned before the fold: the delta is still in the WAL (a worker thread
  // takes tens of milliseconds just to start), and scans already see it.
  expect(walBytes(db)).toBeGreaterThanOrEqual(LARGE_WAL_BYTES);
  expect(await firstReason(db, 7)).toBe('PASSPORT_REVOKED');
  await whenFolded(db);
  expectClean(db);
  expect(await firstReason(db, RECORDS - 1)).toBe('PASSPORT_REVOKED');
});

test('the next sync waits for the fold, then goes on from the new state', async () => {
  const db = await freshCopy('next.db');
  const transport = new FolderTransport(fx.dir);
  const first = await runSync({ db, transport, hubKeys: pinned(fx) });
  expect(first).toMatchObject({ ok: true, mode: 'delta', seq: 2 });
  const second = await runSync({ db, transport, hubKeys: pinned(fx) });
  expect(second).toMatchObject({ ok: true, mode: 'none', seq: 2 });
  await whenFolded(db);
  expectClean(db);
});

function cli(db: string, killOnOutput = false): Promise<{ code: number | null; out: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sync', '--db', db, '--feed', fx.dir, '--hub-key', keyFile, '--json']);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      // The outcome is printed before the process waits for the fold.
      if (killOnOutput && out.includes('\n')) child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => resolve({ code, out, killed: signal === 'SIGKILL' }));
  });
}

test('`passport-kiosk sync` prints the outcome, then exits only once the WAL is folded back', async () => {
  const db = await freshCopy('cli.db');
  const run = await cli(db);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.out)).toMatchObject({ ok: true, mode: 'delta', applied: RECORDS });
  expectClean(db);
});

test('a sync killed while its WAL is being folded back leaves a sound cache that the next sync accepts', async () => {
  const db = await freshCopy('killed.db');
  // Killed as soon as it prints: the worker that folds the WAL back is
  // still starting then (here the WAL was always still full after the kill).
  const run = await cli(db, true);
  expect(run.killed).toBe(true);
  expect(JSON.parse(run.out)).toMatchObject({ ok: true, mode: 'delta' });
  // Committed before the kill: scans see the new data, folded or not.
  expect(await firstReason(db, 3)).toBe('PASSPORT_REVOKED');
  const next = await runSync({ db, transport: new FolderTransport(fx.dir), hubKeys: pinned(fx) });
  expect(next).toMatchObject({ ok: true, mode: 'none', seq: 2 });
  expect(next.cacheRebuilt).toBeUndefined();
  await whenFolded(db);
  expectClean(db);
});
