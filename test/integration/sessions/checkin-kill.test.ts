import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { sync, tempDir } from '../sync/helpers';

/**
 * Records durability (issue 8), tested the hard way: a child process
 * running a burst of `passport-kiosk session checkin` is SIGKILLed at
 * random moments. Every check-in it answered ARRIVED (a line on stdout: the
 * answer is written only after the transaction committed) must be in the
 * register afterwards, nobody is ever doubled, and every arrival points at
 * the scan-log entry written with it, for the same person.
 */

const BIN = path.resolve(__dirname, '../../../bin/passport-kiosk.js');
const ITERATIONS = 30;
const PEOPLE = 400;
const BURST = 120;

let fx: FeedFixture;
let dir: string;
let db: string;
let records: string;
let sessionId: string;

const badgeOf = (i: number) => fx.record(i).badges[0]!.value;

function run(args: string[], killAfterMs?: number): Promise<{ code: number | null; killed: boolean; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, killed: signal === 'SIGKILL', stdout });
    });
  });
}

beforeAll(async () => {
  fx = await buildFeedFixture({ records: PEOPLE });
  dir = await tempDir('checkin-kill-');
  db = path.join(dir, 'cache.db');
  records = path.join(dir, 'records.sqlite');
  expect(await sync(db, fx)).toMatchObject({ ok: true });
  const made = await run([
    'session', 'create', '--records', records, '--title', 'Kill test induction', '--kind', 'corporate',
    '--starts', '2026-11-24T09:00:00Z', '--ends', '2026-11-24T17:00:00Z', '--json',
  ]);
  expect(made.code).toBe(0);
  sessionId = (JSON.parse(made.stdout) as { session: { id: string } }).session.id;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every answered line of a (possibly killed) run: the result and the passport it named. */
function answered(stdout: string): { result: string; passportId: string | null }[] {
  // A line cut off by the kill has no newline yet: it was never an answer.
  const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const j = JSON.parse(l) as { result: string; verdict: { passport: { id: string } | null } };
      return { result: j.result, passportId: j.verdict.passport?.id ?? null };
    });
}

test(`check-ins killed at ${ITERATIONS} random moments: every answered arrival kept, none doubled, scan log and arrivals agree`, async () => {
  const args = (payloads: string[]) => [
    'session', 'checkin', '--db', db, '--records', records, '--session', sessionId, '--at', '2026-11-24T09:05:00Z', '--json', ...payloads,
  ];
  // How long a whole burst takes here, so the kills spread over all of it.
  const t0 = Date.now();
  const probe = await run(args(Array.from({ length: BURST }, (_, i) => badgeOf(PEOPLE - 1 - i))));
  expect(probe.code).toBe(0);
  const fullMs = Date.now() - t0;
  const everArrived = new Set(answered(probe.stdout).filter((a) => a.result === 'ARRIVED').map((a) => a.passportId!));
  expect(everArrived.size).toBe(BURST);

  let killedMidBurst = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    // A burst of new people and people already in, in a new order each time.
    const payloads = Array.from({ length: BURST }, (_, k) => badgeOf((i * 37 + k * 7) % PEOPLE));
    const result = await run(args(payloads), Math.floor(fullMs * (0.15 + 0.7 * Math.random())));
    const lines = answered(result.stdout);
    if (result.killed && lines.length < BURST) killedMidBurst++;
    for (const a of lines) if (a.result === 'ARRIVED') everArrived.add(a.passportId!);

    const raw = new Database(records, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const arrivals = raw
        .prepare('SELECT a.passport_id AS p, s.passport_id AS sp FROM arrivals a LEFT JOIN scan_log s ON s.id = a.scan_id WHERE a.session_id = ?')
        .all(sessionId) as { p: string; sp: string | null }[];
      const ids = arrivals.map((a) => a.p);
      // Nobody doubled.
      expect(new Set(ids).size).toBe(ids.length);
      // Every answered ARRIVED is in the register.
      for (const p of everArrived) expect(ids).toContain(p);
      // Every arrival has its scan-log entry, for the same person.
      for (const a of arrivals) expect(a.sp).toBe(a.p);
      // Each arrival's scan is logged; the log never has fewer scans than arrivals.
      const logged = (raw.prepare("SELECT count(*) AS n FROM scan_log WHERE passport_id != 'unknown'").get() as { n: number }).n;
      expect(logged).toBeGreaterThanOrEqual(ids.length);
    } finally {
      raw.close();
    }
  }
  // The test means something only if most kills landed mid-burst.
  expect(killedMidBurst).toBeGreaterThanOrEqual(ITERATIONS / 2);
}, 300_000);
