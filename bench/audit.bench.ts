/**
 * `BENCH=audit npm run bench` (issue 10): the audit chain's cost.
 *   - scan → verdict p50/p99 through the kiosk services on the demo feed,
 *     with every scan an audit entry in the same records transaction as its
 *     scan-log row (target p99 ≤ 2 ms), and an append alone;
 *   - `audit verify` over 1,000,000 entries (target ≤ 10 s; the chain is
 *     built once into `.bench/audit-1m.sqlite`);
 *   - one PIN check at the floor parameters (scrypt N = 2^17, r = 8, p = 1).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyAudit } from '../src/main/audit/verify-audit';
import { loadPolicyFile, resourcesDir } from '../src/main/config/machine-config';
import { openKiosk } from '../src/main/kiosk/open-kiosk';
import { ReadonlyRecords, Records } from '../src/main/records/records';
import { parsePinHash, hashPin } from '../src/main/roles/pin-hash';
import { scryptMatcher } from '../src/main/roles/role-service';
import { readHubKeyFile } from '../src/main/sync/hub-keys';
import { BENCH_DIR } from './fixtures/big-feed-dir';
import { fmt, percentile, sample } from './stats';
import type { BenchSection } from './sections';

const DEMO = path.join(resourcesDir(), 'demo');
const MILLION = Number(process.env.BENCH_AUDIT_N ?? 1_000_000);

async function scanPath(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-audit-'));
  const catalogue = JSON.parse(readFileSync(path.join(DEMO, 'catalogue.json'), 'utf8')) as { referenceTime: string; entries: { badge: string; scenario: string }[] };
  const now = Date.parse(catalogue.referenceTime);
  const kiosk = openKiosk({
    cacheFile: path.join(dir, 'cache.sqlite'),
    policy: loadPolicyFile(path.join(DEMO, 'policy.json')).policy,
    clock: () => now,
    realClock: true,
    feed: { source: path.join(DEMO, 'feed'), hubKeys: readHubKeyFile(path.join(DEMO, 'hub-key.json')), threads: 0 },
  });
  try {
    const synced = await kiosk.services.runSync();
    if (!synced.ok) throw new Error(`demo sync failed: ${synced.message}`);
    const badges = catalogue.entries.filter((e) => e.badge && !e.scenario.startsWith('before')).map((e) => e.badge);
    let i = 0;
    const times = await sample(2000, 200, () => kiosk.services.scan({ payload: badges[i++ % badges.length]!, source: 'wedge' }));
    console.log(
      `scan → verdict with the audit chain on (demo feed, in-process services, durable commit): p50 ${fmt(percentile(times, 50) / 1000, 2)} ms, p99 ${fmt(percentile(times, 99) / 1000, 2)} ms  (target p99 ≤ 2 ms)`,
    );
    let k = 0;
    const detail = { scan: 1, source: 'wedge', passport: 'RXL-00000000', outcome: 'cleared', reasons: ['INDUCTION_RECORDED'] };
    const appends = await sample(2000, 100, () => kiosk.records.audit.append({ at: now, type: 'scan', actor: 'reception', detail: { ...detail, scan: k++ } }));
    console.log(`audit append alone (its own durable transaction): p50 ${fmt(percentile(appends, 50))} µs, p99 ${fmt(percentile(appends, 99))} µs`);
    // What the chain adds to a scan: the append inside the scan's own transaction (the commit is shared), …
    const inTx: number[] = [];
    kiosk.records.transaction(() => {
      for (let j = 0; j < 2000; j++) {
        const t0 = process.hrtime.bigint();
        kiosk.records.audit.append({ at: now, type: 'scan', actor: 'reception', detail: { ...detail, scan: k++ } });
        inTx.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
    });
    inTx.sort((a, b) => a - b);
    console.log(`audit append inside the scan's transaction (what the chain adds per scan): p50 ${fmt(percentile(inTx, 50))} µs, p99 ${fmt(percentile(inTx, 99))} µs`);
    // … and the floor under every answered scan: one durable commit on this disk.
    const floor = await sample(500, 50, () => kiosk.records.db.prepare("UPDATE meta SET value = value WHERE key = 'bench'").run() && kiosk.records.transaction(() => kiosk.records.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('bench', 'x')").run()));
    console.log(`floor: one durable (fsync) commit on this disk: p50 ${fmt(percentile(floor, 50))} µs, p99 ${fmt(percentile(floor, 99))} µs`);
  } finally {
    kiosk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function ensureMillion(file: string): void {
  if (existsSync(file)) return;
  console.log(`building a ${MILLION.toLocaleString('en-GB')}-entry chain into ${file} (once)…`);
  mkdirSync(path.dirname(file), { recursive: true });
  const records = Records.open(file, { legacyScanLog: null });
  records.db.pragma('synchronous = OFF');
  const start = Date.parse('2026-01-01T00:00:00Z');
  const batch = 50_000;
  for (let b = 0; b < MILLION; b += batch) {
    records.transaction(() => {
      for (let i = b; i < Math.min(MILLION, b + batch); i++) {
        records.audit.append({
          at: start + i * 1000,
          type: 'scan',
          actor: 'reception',
          detail: { scan: i + 1, source: 'wedge', passport: `RXL-${(i % 99_991).toString(16).padStart(8, '0')}`, outcome: 'cleared', reasons: ['INDUCTION_RECORDED'] },
        });
      }
    });
  }
  records.close();
}

async function verifyMillion(): Promise<void> {
  const file = path.join(BENCH_DIR, `audit-${MILLION}.sqlite`);
  ensureMillion(file);
  const records = ReadonlyRecords.open(file)!;
  try {
    const t0 = process.hrtime.bigint();
    const v = verifyAudit(records.audit);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (!v.ok) throw new Error(`the bench chain does not verify: ${v.code} at ${v.seq}`);
    console.log(`audit verify over ${v.entries.toLocaleString('en-GB')} entries: ${fmt(s, 2)} s  (target ≤ 10 s)`);
  } finally {
    records.close();
  }
}

async function pinCheck(): Promise<void> {
  const hash = parsePinHash(hashPin('246813'));
  const times = await sample(10, 1, () => scryptMatcher('246813', hash));
  console.log(`PIN check, scrypt at the floor (N = 2^17, r = 8, p = 1): median ${fmt(percentile(times, 50) / 1000, 0)} ms, max ${fmt(times[times.length - 1]! / 1000, 0)} ms`);
}

export const audit: BenchSection = {
  name: 'audit',
  title: 'Audit chain: scan path with the chain on, verify of 1,000,000 entries, PIN check',
  async run() {
    await scanPath();
    await verifyMillion();
    await pinCheck();
  },
};
