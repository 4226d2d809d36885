import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { verdictForPayload } from '../../../src/core/scan-verdict';
import type { Verdict } from '../../../src/core/verdict';
import { openPassportStore } from '../../../src/main/cache/passport-cache';
import { loadPolicyFile } from '../../../src/main/config/machine-config';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { readHubKeyFile } from '../../../src/main/sync/hub-keys';
import { runSync } from '../../../src/main/sync/run-sync';
import { batchVerdicts } from '../../../src/main/verify/batch-verdicts';
import { startVerdictWorkers, takeVerdictWorkers } from '../../../src/main/verify/early-workers';
import { verdictLine } from '../../../src/main/verify/verdict-line';
import { demoTokens, payloadMix } from '../../../src/publisher/demo/payload-mix';

/**
 * `verify --batch` on all cores gives exactly the verdicts of verifying one
 * payload after another, in input order: 10,000 mixed payloads against the
 * demo feed's cache — known and unknown badges and NFC UIDs, QR tokens
 * valid, behind, expired, forged, of another issuer, of a compromised key,
 * of an erased passport, and unreadable scans.
 */

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'resources/demo');
const POLICY = path.join(DEMO, 'policy.json');
const AT = '2026-11-24T10:00:00Z';
const N = 10_000;

let dir: string;
let db: string;
let payloads: string[];
let sequential: Verdict[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'verify-batch-'));
  db = path.join(dir, 'cache.db');
  const outcome = await runSync({ db, transport: new FolderTransport(path.join(DEMO, 'feed')), hubKeys: readHubKeyFile(path.join(DEMO, 'hub-key.json')) });
  expect(outcome.ok).toBe(true);
  const raw = new Database(db, { readonly: true });
  const known = (raw.prepare('SELECT value FROM badges ORDER BY pid, type, value').all() as { value: string }[]).map((r) => r.value);
  raw.close();
  payloads = payloadMix({ known, tokens: demoTokens(DEMO) }, N);
  // One after another, each awaited before the next: the reference.
  const { store, close } = openPassportStore(db);
  const policy = loadPolicyFile(POLICY).policy;
  sequential = [];
  for (const p of payloads) sequential.push((await verdictForPayload(p, store, policy, Date.parse(AT))).verdict);
  close();
}, 300_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

/** `passport-kiosk verify --json --batch FILE` against the demo cache, as a child process. */
function verifyBatch(batch: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.PASSPORT_KIOSK_CONFIG;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/passport-kiosk.js'), 'verify', '--db', db, '--policy', POLICY, '--at', AT, '--json', '--batch', batch], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

test('the mix covers every kind of verdict the demo can give', () => {
  const codes = new Set(sequential.flatMap((v) => v.reasons.map((r) => r.code)));
  for (const c of ['BADGE_UNKNOWN', 'PASSPORT_NOT_IN_CACHE', 'SIGNATURE_INVALID', 'KEY_UNTRUSTED', 'TOKEN_EXPIRED', 'DATA_BEHIND']) expect(codes).toContain(c);
  const outcomes = new Set(sequential.map((v) => v.outcome));
  expect([...outcomes].sort()).toEqual(['cleared', 'not-cleared', 'refer', 'unknown']);
});

test('the command, on worker threads: 10,000 verdicts as JSON Lines, exactly the sequential ones, in input order', async () => {
  // The compiled worker must be there (CI builds before jest), or the command would verify on one thread.
  expect(existsSync(path.join(ROOT, 'dist/src/main/verify/verdict-worker.js'))).toBe(true);
  const batch = path.join(dir, 'batch.txt');
  await writeFile(batch, `${payloads.join('\n')}\n`);
  const run = await verifyBatch(batch);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  const lines = run.out.trimEnd().split('\n');
  expect(lines).toHaveLength(N);
  lines.forEach((line, i) => {
    if (JSON.stringify(JSON.parse(line)) !== JSON.stringify(sequential[i])) expect({ i, payload: payloads[i], verdict: JSON.parse(line) }).toEqual({ i, payload: payloads[i], verdict: sequential[i] });
  });
});

test('in-process, this thread with one worker, more threads than cores, and this thread alone: the same text, line for line', async () => {
  const { store, close } = openPassportStore(db, { held: true });
  const policy = loadPolicyFile(POLICY).policy;
  const expected = payloads.map((p, i) => verdictLine(p, sequential[i]!, false)).join('');
  try {
    for (const threads of [2, 4, 1]) {
      let text = '';
      const n = await batchVerdicts(payloads, { db, store, policy, now: Date.parse(AT), json: false, threads, write: (t) => (text += t) });
      expect(n).toBe(N);
      expect(text).toBe(expected);
    }
  } finally {
    close();
  }
}, 120_000);

test('the worker threads the command starts before loading its modules are let go when unused: a short batch, a missing file', async () => {
  const short = path.join(dir, 'short.txt');
  await writeFile(short, `${payloads.slice(0, 50).join('\n')}\n`);
  const run = await verifyBatch(short);
  expect(run.code).toBe(0);
  expect(run.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Verdict)).toEqual(sequential.slice(0, 50));
  const missing = await verifyBatch(path.join(dir, 'no-such-file.txt'));
  expect(missing.code).toBe(2);
  expect(missing.err).toMatch(/^verify: batch file .*no-such-file\.txt does not exist or is not a file/);
  expect(missing.out).toBe('');
});

test('in-process, with workers started ahead of time: taken for a long input, stopped for a short one', async () => {
  const { store, close } = openPassportStore(db, { held: true });
  const policy = loadPolicyFile(POLICY).policy;
  // Workers started ahead are the ones made unreferenced; which workers end is seen through terminate.
  const unref = jest.spyOn(Worker.prototype, 'unref');
  const terminate = jest.spyOn(Worker.prototype, 'terminate');
  try {
    const run = async (input: string[]) => {
      unref.mockClear();
      terminate.mockClear();
      let text = '';
      startVerdictWorkers(2);
      await batchVerdicts(input, { db, store, policy, now: Date.parse(AT), json: false, threads: 2, write: (t) => (text += t) });
      return { text, early: unref.mock.contexts, ended: terminate.mock.contexts };
    };
    const long = await run(payloads.slice(0, 1000));
    expect(long.text).toBe(payloads.slice(0, 1000).map((p, i) => verdictLine(p, sequential[i]!, false)).join(''));
    // The pool took the one worker started ahead (no other was started) and closed it at the end.
    expect(long.early).toHaveLength(1);
    expect(long.ended).toHaveLength(1);
    expect(long.ended[0]).toBe(long.early[0]);
    const short = await run(payloads.slice(0, 50));
    expect(short.text).toBe(payloads.slice(0, 50).map((p, i) => verdictLine(p, sequential[i]!, false)).join(''));
    // No pool for 50 payloads: the worker started ahead is stopped unused.
    expect(short.early).toHaveLength(1);
    expect(short.ended).toHaveLength(1);
    expect(short.ended[0]).toBe(short.early[0]);
    expect(takeVerdictWorkers()).toEqual([]);
  } finally {
    unref.mockRestore();
    terminate.mockRestore();
    close();
  }
});
