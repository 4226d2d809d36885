import { spawn } from 'node:child_process';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { openPassportStore, PassportCache } from '../../../src/main/cache/passport-cache';
import { scan, sync, tempDir } from './helpers';

/**
 * The atomicity promise (feed.md step 5), tested the hard way: a child
 * process running `passport-kiosk sync` is SIGKILLed at random moments,
 * alternately during a snapshot rebuild and during a delta. After every
 * kill the cache must open, pass SQLite's integrity check, answer scans
 * wholly from the old state or wholly from the new one, and the next sync
 * must complete.
 */

const BIN = path.resolve(__dirname, '../../../bin/passport-kiosk.js');
const ITERATIONS = 50;
const RECORDS = 2000;

let fx: FeedFixture;
let dir: string;
let keyFile: string;
const base: Record<1 | 2, string> = { 1: '', 2: '' };

const badgeOf = (i: number) => fx.record(i).badges[0]!.value;

beforeAll(async () => {
  fx = await buildFeedFixture({ records: RECORDS });
  dir = await tempDir('sync-kill-');
  keyFile = path.join(dir, 'hub.jwk');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
  base[1] = path.join(dir, 'base1.db');
  base[2] = path.join(dir, 'base2.db');
  await sync(base[1], fx);
  await fx.publish(Array.from({ length: 300 }, (_, i) => fx.record(i, { rev: 2, status: 'revoked' })));
  await copyFile(base[1], base[2]);
  await sync(base[2], fx);
  // seq 3: a snapshot, and a log that reaches back only to 3 — from seq 1
  // that is a rebuild, from seq 2 a delta.
  await fx.publish(Array.from({ length: 300 }, (_, i) => fx.record(300 + i, { rev: 2, status: 'suspended' })), { snapshot: true, logKeep: 1 });
}, 120_000);

function runChild(db: string, killAfterMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sync', '--db', db, '--feed', fx.dir, '--hub-key', keyFile], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

async function expectWholeState(db: string, from: 1 | 2): Promise<number> {
  const raw = new Database(db, { readonly: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  const { store, close } = openPassportStore(db);
  const seq = (store as PassportCache).state().seq;
  close();
  const first = (await scan(db, badgeOf(0))).reasons[0]!.code;
  const later = (await scan(db, badgeOf(300))).reasons[0]!.code;
  if (seq === from) {
    expect(first).toBe(from === 1 ? 'INDUCTION_RECORDED' : 'PASSPORT_REVOKED');
    expect(later).toBe('INDUCTION_RECORDED');
  } else {
    expect(seq).toBe(3);
    expect([first, later]).toEqual(['PASSPORT_REVOKED', 'PASSPORT_SUSPENDED']);
  }
  return seq!;
}

test(`a sync killed at ${ITERATIONS} random moments always leaves a whole, usable cache`, async () => {
  // How long a full run takes here, so the kills spread over all of it.
  const probe = path.join(dir, 'probe.db');
  await copyFile(base[1], probe);
  const t0 = Date.now();
  expect(await runChild(probe, 60_000)).toEqual({ killed: false, code: 0 });
  const fullMs = Date.now() - t0;

  let killedMidway = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const from = ((i % 2) + 1) as 1 | 2;
    const db = path.join(dir, `kill-${i}.db`);
    await copyFile(base[from], db);
    // The first fifth of a run is mostly Node starting up; kills spread over the rest.
    const result = await runChild(db, Math.floor(fullMs * (0.2 + 0.8 * Math.random())));
    const seq = await expectWholeState(db, from);
    if (result.killed && seq === from) killedMidway++;
    const next = await sync(db, fx);
    expect(next).toMatchObject({ ok: true, seq: 3 });
    expect(await expectWholeState(db, from)).toBe(3);
    await Promise.all([db, `${db}-wal`, `${db}-shm`].map((f) => rm(f, { force: true })));
  }
  // The test means something only if most kills landed before the commit.
  expect(killedMidway).toBeGreaterThanOrEqual(ITERATIONS / 4);
}, 240_000);
