import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, utimesSync, writeSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verdictForPayload } from '../../../src/core/scan-verdict';
import type { Verdict } from '../../../src/core/verdict';
import { openPassportStore } from '../../../src/main/cache/passport-cache';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { runSync, type SyncOutcome } from '../../../src/main/sync/run-sync';
import { whenFolded } from '../../../src/main/cache/wal-fold';
import { POLICY } from '../../unit/core/fixtures';
import { FIXTURE_NOW, type FeedFixture } from '../../helpers/feed-fixture';
import { pinned } from '../sync/helpers';

/** Shared pieces of the self-healing cache tests: damage, a records file to leave alone, verdicts to compare. */

export const tempDir = (prefix = 'cache-heal-') => mkdtemp(path.join(tmpdir(), prefix));

export const AT = Date.parse('2026-11-24T10:00:00Z');

/** Sync `db` from the fixture's folder. */
export async function syncFrom(db: string, fx: FeedFixture): Promise<SyncOutcome> {
  const outcome = await runSync({ db, transport: new FolderTransport(fx.dir), hubKeys: pinned(fx), now: () => FIXTURE_NOW.getTime() });
  // The tests damage the file next: let a large delta's WAL be folded back first.
  await whenFolded(db);
  return outcome;
}

/** A small deterministic PRNG (mulberry32), so every damage is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Overwrite `length` bytes of `file` at `offset` with random bytes from
 * `rand` (or zeros), in place. The file's modification time moves on by a
 * minute, as when the damage is done some time after the sync (the kernel's
 * file times are coarse: a write within the same few milliseconds as the
 * sync's last one could otherwise leave the time as the sync left it).
 * `keepTime` leaves the time as it was instead: damage from below the file
 * system (a failing disk), which changes no time.
 */
export function damage(file: string, offset: number, length: number, rand: (() => number) | 'zeros', keepTime = false): void {
  const bytes = Buffer.alloc(length);
  if (rand !== 'zeros') for (let i = 0; i < length; i++) bytes[i] = Math.floor(rand() * 256);
  const before = statSync(file);
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  utimesSync(file, before.atime, keepTime ? before.mtime : new Date(before.mtimeMs + 60_000));
}

export const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * A file named like the records file beside the cache (another module owns
 * its format; here it only has to stay byte-for-byte as it is), with its
 * -wal, so a rename or delete by pattern would show. Returns the files.
 */
export async function recordsBeside(db: string, rand: () => number): Promise<string[]> {
  const files = [path.join(path.dirname(db), 'records.sqlite'), path.join(path.dirname(db), 'records.sqlite-wal')];
  for (const f of files) await writeFile(f, Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(rand() * 256))));
  return files;
}

export const hashes = (files: string[]): string[] => files.map((f) => (existsSync(f) ? sha256(f) : 'missing'));

/** The verdict for each payload from the cache file, as the kiosk gives it. */
export async function verdicts(db: string, payloads: string[]): Promise<Verdict[]> {
  const { store, close } = openPassportStore(db);
  try {
    const out: Verdict[] = [];
    for (const p of payloads) out.push((await verdictForPayload(p, store, POLICY, AT)).verdict);
    return out;
  } finally {
    close();
  }
}

/** Payloads across the fixture: each record's barcode and NFC UID (every `step`th), and unknown ones. */
export function samplePayloads(fx: FeedFixture, step = 10): string[] {
  const out: string[] = [];
  for (let i = 0; i < fx.records.length; i += step) {
    const r = fx.record(i);
    out.push(r.badges[0]!.value, r.badges[1]!.value);
  }
  out.push('ZZZ0000001', '04FFFFFFFFFFFF');
  return out;
}

export const size = (file: string): number => statSync(file).size;

const BIN = path.resolve(__dirname, '../../../bin/passport-kiosk.js');

/** `passport-kiosk …` as a person runs it: the built CLI in a child process, no machine config. */
export function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.PASSPORT_KIOSK_CONFIG;
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdin.end(stdin);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** A SQLite file's page size, from its header (bytes 16–17; 1 means 65,536). */
export function pageSize(db: string): number {
  const head = Buffer.alloc(2);
  const fd = openSync(db, 'r');
  try {
    readSync(fd, head, 0, 2, 16);
  } finally {
    closeSync(fd);
  }
  const n = head.readUInt16BE(0);
  return n === 1 ? 65_536 : n;
}

/** The byte offset of page `n` (1-based) of a cache. */
export const pageOffset = (db: string, n: number): number => (n - 1) * pageSize(db);
