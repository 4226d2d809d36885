import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { verdictForPayload } from '../src/core/scan-verdict';
import { openPassportStore } from '../src/main/cache/passport-cache';
import { loadPolicyFile } from '../src/main/config/machine-config';
import { FolderTransport } from '../src/main/sync/folder-transport';
import { readHubKeyFile } from '../src/main/sync/hub-keys';
import { runSync } from '../src/main/sync/run-sync';
import { demoTokens, payloadMix } from '../src/publisher/demo/payload-mix';
import type { BenchSection } from './sections';
import { fmt } from './stats';

/**
 * `passport-kiosk verify --batch` over 10,000 mixed payloads against the
 * demo feed's cache (issue 11, item 5: target ≤ 1.5 s wall, process start
 * included): the whole command in a child process, as a script runs it,
 * beside the same payloads verified one after another in this process (the
 * old way, without the process start). The demo cache is small (2,465
 * passports), so this measures verification, not the cache's size; the
 * 1.5 M figure is in the sync section.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const DEMO = path.join(ROOT, 'resources', 'demo');
const BIN = path.join(ROOT, 'bin', 'passport-kiosk.js');
const N = 10_000;
const RUNS = 3;
const AT = '2026-11-24T10:00:00Z';

function wall(args: string[]): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      for (const b of d) if (b === 10) lines++;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`verify --batch exited ${code}`));
      else resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, lines });
    });
  });
}

export const verifyBatch: BenchSection = {
  name: 'verify-batch',
  title: 'verify --batch: 10,000 mixed payloads, demo feed cache',
  async run() {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-verify-batch-'));
    try {
      const db = path.join(dir, 'cache.db');
      const synced = await runSync({ db, transport: new FolderTransport(path.join(DEMO, 'feed')), hubKeys: readHubKeyFile(path.join(DEMO, 'hub-key.json')) });
      if (!synced.ok) throw new Error(`bench: demo sync refused: ${synced.message}`);
      const raw = new Database(db, { readonly: true });
      const known = (raw.prepare('SELECT value FROM badges').all() as { value: string }[]).map((r) => r.value);
      raw.close();
      const payloads = payloadMix({ known, tokens: demoTokens(DEMO) }, N);
      const batch = path.join(dir, 'batch.txt');
      await writeFile(batch, `${payloads.join('\n')}\n`);
      const policyFile = path.join(DEMO, 'policy.json');

      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await wall(['verify', '--db', db, '--policy', policyFile, '--at', AT, '--json', '--batch', batch]);
        if (r.lines !== N) throw new Error(`bench: expected ${N} verdicts, got ${r.lines}`);
        times.push(r.ms);
      }
      times.sort((a, b) => a - b);
      console.log(
        `verify --batch, ${N} payloads, whole command (wall, process start included), ${availableParallelism()} cores: median ${fmt(times[Math.floor(RUNS / 2)]! / 1000, 2)} s (runs: ${times.map((t) => fmt(t / 1000, 2)).join(', ')} s); target ≤ 1.5 s`,
      );

      const { store, close } = openPassportStore(db);
      const policy = loadPolicyFile(policyFile).policy;
      const t0 = process.hrtime.bigint();
      for (const p of payloads) await verdictForPayload(p, store, policy, Date.parse(AT));
      close();
      console.log(`the same ${N} payloads one after another on one thread (in-process, no process start): ${fmt(Number(process.hrtime.bigint() - t0) / 1e9, 2)} s`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
