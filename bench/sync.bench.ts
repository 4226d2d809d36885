/**
 * `BENCH=sync npm run bench` (issue 3): the passport cache and feed sync at
 * NHS England's scale. `BENCH_SYNC_N` sets the number of passports (default
 * 1,500,000); the feed is generated once into `.bench/sync-feed-<N>` by
 * bench/fixtures/make-big-feed.ts and reused. Prints, beside their targets:
 * initial sync from a folder feed next to a floor measured in the same run
 * (every signature verified on all cores + a bare SQLite bulk insert of the
 * same lines with one index), a 10,000-record delta, scan→verdict latency
 * over 100,000 random badge scans, peak RSS during sync, cache size against
 * feed size, and `verify --batch` over 10,000 payloads (median of three runs).
 */
import { spawn } from 'node:child_process';
import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verdictForPayload } from '../src/core/scan-verdict';
import { openPassportStore } from '../src/main/cache/passport-cache';
import { whenFolded } from '../src/main/cache/wal-fold';
import { loadPolicyFile } from '../src/main/config/machine-config';
import { readSegment } from '../src/main/sync/segment-reader';
import { FolderTransport } from '../src/main/sync/folder-transport';
import { readHubKeyFile } from '../src/main/sync/hub-keys';
import { runSync } from '../src/main/sync/run-sync';
import { BENCH_DIR, bigFeedSize, ensureBigFeed, ROOT } from './fixtures/big-feed-dir';
import { verifySignaturesOnAllCores } from './sync-floor';
import { fmt, percentile } from './stats';
import type { BenchSection } from './sections';

const BIN = path.join(ROOT, 'bin', 'passport-kiosk.js');
const s = (ms: number) => `${fmt(ms / 1000, 1)} s`;
const mb = (bytes: number) => `${fmt(bytes / 1048576, 0)} MB`;

/** Run the CLI in a child, polling its peak RSS (VmHWM) from /proc. */
function runCli(args: string[]): Promise<{ ms: number; code: number | null; peakKb: number; stdout: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* gone */
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - t0, code, peakKb, stdout });
    });
  });
}

/**
 * A worker thread polling the cache's state row every millisecond with its
 * own read-only handle, as a scan would read it. Resolves to the instant
 * (performance.timeOrigin-based) it first saw `seq`; set up before it returns
 * (wrapped, since an async function would adopt the promise and wait for it).
 */
async function watchForSeq(db: string, seq: number): Promise<{ seen: Promise<number>; stop(): Promise<number> }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.sqlite);
    const db = new Database(workerData.db, { readonly: true });
    const row = db.prepare('SELECT seq FROM state WHERE one = 1');
    parentPort.postMessage({ ready: true });
    const poll = setInterval(() => {
      if (row.get().seq >= workerData.seq) {
        const at = performance.timeOrigin + performance.now();
        clearInterval(poll);
        db.close();
        parentPort.postMessage({ at });
      }
    }, 1);`;
  const w = new Worker(code, { eval: true, workerData: { db, seq, sqlite: require.resolve('better-sqlite3') } });
  const seen = new Promise<number>((resolve, reject) => {
    w.on('message', (m: { at?: number }) => {
      if (m.at === undefined) return;
      resolve(m.at);
      void w.terminate();
    });
    w.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  return { seen, stop: () => w.terminate() };
}

/** The manifest's payload, unverified (the bench built it). */
async function manifestOf(feed: string): Promise<{ trust: { path: string }; snapshot: { segments: { path: string }[] } }> {
  return JSON.parse(Buffer.from((await readFile(path.join(feed, 'manifest.jws'), 'utf8')).split('.')[1]!, 'base64url').toString());
}

/** The insert half of the floor: the same lines into a bare table with one index, 10k rows per transaction. */
async function bareInsert(files: string[], dbFile: string): Promise<number> {
  await rm(dbFile, { force: true });
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (k TEXT NOT NULL, jws TEXT NOT NULL); CREATE INDEX t_k ON t (k)');
  const ins = db.prepare('INSERT INTO t (k, jws) VALUES (?, ?)');
  const t0 = performance.now();
  let n = 0;
  db.exec('BEGIN');
  for (const f of files) {
    await readSegment(f, f.endsWith('.gz'), (line) => {
      if (line === null) return;
      // A random-ish key of id length, as the real id index gets.
      ins.run(line.slice(-20), line);
      if (++n % 10_000 === 0) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    });
  }
  db.exec('COMMIT');
  const ms = performance.now() - t0;
  db.close();
  await rm(dbFile, { force: true });
  await rm(`${dbFile}-wal`, { force: true });
  await rm(`${dbFile}-shm`, { force: true });
  return ms;
}

async function run(): Promise<void> {
  const n = bigFeedSize();
  const work = BENCH_DIR;
  const feed = await ensureBigFeed(n);
  const m = await manifestOf(feed);
  const files = m.snapshot.segments.map((x) => path.join(feed, x.path));
  let feedBytes = 0;
  for (const f of files) feedBytes += (await stat(f)).size;
  const hubKey = path.join(feed, 'hub-key.json');
  const trust = JSON.parse(await readFile(path.join(feed, m.trust.path), 'utf8'));
  console.log(`N = ${n.toLocaleString('en-GB')} passports; feed ${mb(feedBytes)} in ${files.length} segments; ${availableParallelism()} cores`);

  // Floor, part 1: every record's signature verified, on all cores.
  const verifyMs = await verifySignaturesOnAllCores(files, trust, availableParallelism());
  // Floor, part 2: a bare SQLite bulk insert of the same lines with one index.
  const insertMs = await bareInsert(files, path.join(work, 'floor.db'));
  const floor = verifyMs + insertMs;
  console.log(`floor: verify ${s(verifyMs)} (${availableParallelism()} cores) + bare insert ${s(insertMs)} = ${s(floor)}`);

  // Initial sync, as `passport-kiosk sync` runs it (a child process, so its peak RSS is its own).
  const db = path.join(work, `sync-cache-${n}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) await rm(f, { force: true });
  const first = await runCli(['sync', '--db', db, '--feed', feed, '--hub-key', hubKey, '--json']);
  if (first.code !== 0) throw new Error(`initial sync failed: ${first.stdout}`);
  console.log(`initial sync (folder feed): ${s(first.ms)} = ${fmt(first.ms / floor, 2)}× the floor (target ≤ 0.85×)`);
  console.log(`peak RSS during sync: ${fmt(first.peakKb / 1024, 0)} MB (target ≤ 300 MB)`);
  let cacheBytes = (await stat(db)).size;
  if (existsSync(`${db}-wal`)) cacheBytes += (await stat(`${db}-wal`)).size;
  console.log(`cache size: ${mb(cacheBytes)} = ${fmt(cacheBytes / feedBytes, 2)}× the feed (target ≤ 1.1×)`);

  // A 10,000-record delta: seq 2 of the generated feed, applied in-process.
  const manifest = path.join(feed, 'manifest.jws');
  const seq1 = path.join(work, `manifest-seq1-${n}.jws`);
  await copyFile(manifest, seq1);
  await copyFile(path.join(feed, 'manifest-seq2.jws'), manifest);
  try {
    // A reader on another thread, as the kiosk's scans are, notes when the new data is there to answer them.
    const watcher = await watchForSeq(db, 2);
    const t0 = performance.timeOrigin + performance.now();
    const out = await runSync({ db, transport: new FolderTransport(feed), hubKeys: readHubKeyFile(hubKey) });
    const ms = performance.timeOrigin + performance.now() - t0;
    await whenFolded(db);
    const foldedMs = performance.timeOrigin + performance.now() - t0;
    if (!out.ok || out.mode !== 'delta') {
      await watcher.stop();
      throw new Error(`delta sync: ${JSON.stringify(out)}`);
    }
    const seenMs = (await watcher.seen) - t0;
    console.log(
      `delta of ${out.applied.toLocaleString('en-GB')} records: ${fmt(ms / 1000, 2)} s (target ≤ 1.5 s); ` +
        `a reader on another thread saw the new data after ${fmt(seenMs / 1000, 2)} s; ` +
        `the WAL was folded back into the file, on a worker thread, by ${fmt(foldedMs / 1000, 2)} s`,
    );
  } finally {
    await copyFile(seq1, manifest);
  }

  // Scan → verdict in-process, over 100,000 random badge scans.
  const payloads = (await readFile(path.join(feed, 'payloads.txt'), 'utf8')).split('\n').filter(Boolean);
  const policy = loadPolicyFile().policy;
  const { store, close } = openPassportStore(db);
  const now = Date.parse('2026-11-24T10:00:00Z');
  const times: number[] = [];
  for (let i = 0; i < 100_000; i++) {
    const p = payloads[Math.floor(Math.random() * payloads.length)]!;
    const t0 = process.hrtime.bigint();
    await verdictForPayload(p, store, policy, now);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  close();
  times.sort((a, b) => a - b);
  console.log(`scan→verdict, 100,000 random badge scans: p50 ${fmt(percentile(times, 50), 3)} ms, p99 ${fmt(percentile(times, 99), 3)} ms (target p99 ≤ 2 ms)`);

  // verify --batch over 10,000 payloads, wall time of the whole command: the median of three runs.
  const batch = path.join(work, 'verify-batch-10000.txt');
  await writeFile(batch, `${payloads.slice(0, 10_000).join('\n')}\n`);
  const runs: number[] = [];
  let verdictCount = 0;
  for (let i = 0; i < 3; i++) {
    const v = await runCli(['verify', '--db', db, '--at', '2026-11-24T10:00:00Z', '--json', '--batch', batch]);
    if (v.code !== 0) throw new Error('verify --batch failed');
    verdictCount = v.stdout.trim().split('\n').length;
    runs.push(v.ms);
  }
  const median = [...runs].sort((a, b) => a - b)[1]!;
  console.log(
    `verify --batch over 10,000 payloads: median ${fmt(median / 1000, 2)} s wall, process start included (runs ${runs.map((r) => fmt(r / 1000, 2)).join(', ')} s; ${verdictCount} verdicts; target ≤ 1.5 s)`,
  );
}

export const sync: BenchSection = { name: 'sync', title: 'Passport cache and feed sync (issue 3)', run };
