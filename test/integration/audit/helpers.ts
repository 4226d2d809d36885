import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import Database from 'better-sqlite3';
import { main } from '../../../src/cli/passport-kiosk';
import { specExamplePolicy } from '../../../src/publisher/demo/policy';
import { Records } from '../../../src/main/records/records';
import { SessionService } from '../../../src/main/sessions/session-service';
import { captureIo } from '../../helpers/capture-io';

export const SID = '6f1c2a4e-3b5d-4c7e-9a1b-2c3d4e5f6a7b';

/** Shared pieces of the audit tests: a records file with real entries, the sqlite3 tool, the CLI in-process. */

/** Run the sqlite3 command-line tool on a file; throws (with its stderr) when it fails. */
export function sqlite3(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** passport-kiosk in-process. */
export async function kiosk(args: string[], opts: { cwd: string; now?: number; stdin?: string; env?: NodeJS.ProcessEnv }) {
  const { io, out, err } = captureIo({ cwd: opts.cwd, now: () => opts.now ?? Date.parse('2026-11-24T12:00:00Z'), env: opts.env ?? {} });
  if (opts.stdin !== undefined) (io.stdin as unknown as NodeJS.WritableStream).end(opts.stdin);
  const code = await main(args, io);
  return { code, out: out(), err: err() };
}

/**
 * A records file written the way the kiosk writes it: a session made,
 * a roster imported, scans checked in (no cache, so NO_DATA), a mark, a
 * close, an export — one day apart from `start` for every 4 entries.
 */
export async function realRecords(file: string, start = Date.parse('2026-10-01T09:00:00Z')): Promise<number> {
  const clock = { now: start };
  const records = Records.open(file);
  const service = new SessionService({ records, store: null, policy: specExamplePolicy(), clock: () => clock.now, newId: () => SID });
  const made = service.create({ title: 'Corporate induction', kind: 'corporate', starts: '2026-10-01T09:30:00Z', ends: '2026-10-01T12:00:00Z' });
  if (!made.ok) throw new Error(made.message);
  service.importRoster(SID, Buffer.from('name,passport\nAmira Patel,RXL-7f3a9c21\nJo Bloggs,RXL-00000001\n'));
  for (let i = 0; i < 12; i++) {
    clock.now += 6 * 3_600_000;
    await service.checkinPayload(SID, `RXL00${i}`, 'manual');
  }
  service.mark(SID, { row: 1 }, 'present', 'Signed on paper', 'A Lead');
  await service.close(SID);
  service.recordExport(SID, 'csv');
  const n = records.audit.count();
  records.close();
  return n;
}

/** The chain recomputed independently: SHA-256 and canonicalize straight from their packages. */
export function recomputeChain(file: string): { ok: boolean; count: number } {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').all() as { seq: number; at: string; type: string; actor: string; detail: string; prev: Buffer; hash: Buffer }[];
  const anchor = db.prepare('SELECT seq, hash FROM audit_anchor').get() as { seq: number; hash: Buffer } | undefined;
  db.close();
  let prev = anchor ? anchor.hash : Buffer.alloc(32);
  let seq = anchor ? anchor.seq + 1 : 1;
  for (const r of rows) {
    const text = canonicalize({ seq: r.seq, at: r.at, type: r.type, actor: r.actor, detail: JSON.parse(r.detail) })!;
    const hash = createHash('sha256').update(Buffer.concat([prev, Buffer.from(text, 'utf8')])).digest();
    if (r.seq !== seq || !r.prev.equals(prev) || !r.hash.equals(hash)) return { ok: false, count: rows.length };
    prev = hash;
    seq++;
  }
  return { ok: true, count: rows.length };
}
