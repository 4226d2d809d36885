/**
 * Retention (operations.md "Retention"): `audit purge` removes the chain's
 * old prefix and keeps its anchor, so `audit verify` still passes; old
 * scan-log rows and old closed registers go; an acknowledged checkpoint is
 * never passed when an upstream is in use; the purge is an entry itself.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { auditCsv } from '../../../src/main/audit/export-audit';
import { purgeRetention } from '../../../src/main/audit/retention';
import { Records } from '../../../src/main/records/records';
import { tempDir } from '../records/helpers';
import { kiosk, realRecords, recomputeChain, SID, sqlite3 } from './helpers';

let dir: string;
let master: string;
let total: number;
// realRecords starts on 1 October and adds a scan every 6 hours (the last entries on 4 October).
const NOW = Date.parse('2026-11-20T00:00:00Z');

beforeAll(async () => {
  dir = tempDir('purge-it-');
  master = path.join(dir, 'master.sqlite');
  total = await realRecords(master);
  sqlite3(master, 'PRAGMA wal_checkpoint(TRUNCATE);');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const copy = () => {
  const file = path.join(dir, `copy-${++n}.sqlite`);
  copyFileSync(master, file);
  return file;
};
const count = (file: string, table: string) => Number(sqlite3(file, `SELECT count(*) FROM ${table};`).trim());

it('purges the old prefix, keeps the anchor, and the chain still verifies from it', async () => {
  const file = copy();
  // 48 days back from 20 November is 3 October 00:00: the entries of 1–2 October go.
  const r = await kiosk(['audit', 'purge', '--records', file, '--days', '48', '--at', '2026-11-20T00:00:00Z', '--json'], { cwd: dir });
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out) as { ok: boolean; purged: number; anchor: { seq: number; hash: string } };
  const before = sqlite3(master, "SELECT max(seq) FROM audit WHERE at < '2026-10-03T00:00:00.000Z';").trim();
  expect(j).toMatchObject({ ok: true, purged: Number(before), anchor: { seq: Number(before) } });
  expect(j.anchor.hash).toBe(sqlite3(master, `SELECT lower(hex(hash)) FROM audit WHERE seq = ${before};`).trim());
  expect(sqlite3(file, 'SELECT seq, lower(hex(hash)) FROM audit_anchor;').trim()).toBe(`${j.anchor.seq}|${j.anchor.hash}`);
  const v = await kiosk(['audit', 'verify', '--records', file, '--json'], { cwd: dir });
  expect(JSON.parse(v.out)).toMatchObject({ ok: true, first: j.anchor.seq + 1, last: total + 1, entries: total + 1 - j.anchor.seq });
  expect(recomputeChain(file)).toMatchObject({ ok: true });
  // The purge is the last entry; the scan log lost its rows from before the cutoff.
  expect(sqlite3(file, 'SELECT type FROM audit ORDER BY seq DESC LIMIT 1;').trim()).toBe('purge');
  expect(count(file, 'scan_log')).toBeLessThan(count(master, 'scan_log'));
  // Removing the anchor's entry's successor now is MISSING at anchor + 1.
  sqlite3(file, `DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = ${j.anchor.seq + 1};`);
  const broken = await kiosk(['audit', 'verify', '--records', file, '--json'], { cwd: dir });
  expect(JSON.parse(broken.out)).toMatchObject({ ok: false, code: 'MISSING', seq: j.anchor.seq + 1 });
});

it('never passes the last checkpoint the receiver acknowledged when an upstream is in use', () => {
  const file = copy();
  const records = Records.open(file);
  const held = purgeRetention(records, { now: NOW, retentionDays: 7, registerDays: 400, upstream: { lastAcknowledgedCheckpoint: () => 4 } });
  expect(held).toMatchObject({ purged: 4, anchor: { seq: 4 }, heldByCheckpoint: true });
  // Nothing acknowledged yet: nothing of the chain goes.
  const none = purgeRetention(records, { now: NOW, retentionDays: 7, registerDays: 400, upstream: { lastAcknowledgedCheckpoint: () => null } });
  expect(none).toMatchObject({ purged: 0, anchor: { seq: 4 }, heldByCheckpoint: true });
  records.close();
  expect(recomputeChain(file)).toMatchObject({ ok: true });
});

it('the command reads the outbox: a checkpoint sent but not acknowledged holds the chain', async () => {
  const file = copy();
  sqlite3(file, 'UPDATE outbox_status SET checkpoint_seq = 10, checkpoint_hash = \'x\', acked_checkpoint_seq = 6, acked_checkpoint_hash = \'y\' WHERE id = 1;');
  const r = await kiosk(['audit', 'purge', '--records', file, '--days', '7', '--at', '2026-11-20T00:00:00Z', '--json'], { cwd: dir });
  expect(JSON.parse(r.out)).toMatchObject({ ok: true, purged: 6, anchor: { seq: 6 }, heldByCheckpoint: true });
});

it('removes registers of sessions closed more than registerDays ago, marks included, and nothing else', async () => {
  const file = copy();
  const records = Records.open(file);
  const early = purgeRetention(records, { now: NOW, retentionDays: 3650, registerDays: 400, upstream: null });
  expect(early).toMatchObject({ purged: 0, sessions: 0, scanLog: 0 });
  const late = purgeRetention(records, { now: Date.parse('2027-11-20T00:00:00Z'), retentionDays: 3650, registerDays: 400, upstream: null });
  expect(late).toMatchObject({ sessions: 1 });
  records.close();
  for (const t of ['sessions', 'roster_rows', 'arrivals', 'marks', 'precheck_lines']) expect(count(file, t)).toBe(0);
  expect(sqlite3(file, `SELECT count(*) FROM audit WHERE detail LIKE '%${SID}%';`).trim()).not.toBe('0'); // the chain is retention's, not the register's
  // The guard closed again: a plain delete is refused.
  expect(() => sqlite3(file, 'DELETE FROM audit;')).toThrow(/append-only/);
});

it('--days outside 7–3650 is a usage error, and the machine config gives the default', async () => {
  const file = copy();
  expect((await kiosk(['audit', 'purge', '--records', file, '--days', '6'], { cwd: dir })).code).toBe(2);
  expect((await kiosk(['audit', 'purge', '--records', file, '--days', '3651'], { cwd: dir })).code).toBe(2);
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ v: 1, retentionDays: 3650 }));
  const r = await kiosk(['audit', 'purge', '--records', file, '--json'], { cwd: dir, env: { PASSPORT_KIOSK_CONFIG: config }, now: NOW });
  expect(JSON.parse(r.out)).toMatchObject({ ok: true, purged: 0 });
  const detail = JSON.parse(sqlite3(file, "SELECT detail FROM audit WHERE type = 'purge';").trim()) as { retentionDays: number };
  expect(detail.retentionDays).toBe(3650);
});

it('exports the chain for the DPO as CSV (formula-guarded) and JSON, by date', async () => {
  const file = copy();
  const csv = path.join(dir, 'audit.csv');
  const json = path.join(dir, 'audit.json');
  expect((await kiosk(['audit', 'export', '--records', file, '--format', 'csv', '--out', csv], { cwd: dir })).code).toBe(0);
  const text = readFileSync(csv, 'utf8');
  expect(text.startsWith('\uFEFFseq,at,type,actor,detail,hash\r\n')).toBe(true);
  expect(text.trim().split('\r\n')).toHaveLength(total + 1);
  expect((await kiosk(['audit', 'export', '--records', file, '--format', 'json', '--out', json, '--from', '2026-10-02', '--to', '2026-10-02'], { cwd: dir })).code).toBe(0);
  const j = JSON.parse(readFileSync(json, 'utf8')) as { entries: { at: string; seq: number }[] };
  expect(j.entries.length).toBeGreaterThan(0);
  for (const e of j.entries) expect(e.at.startsWith('2026-10-02')).toBe(true);
  // A detail beginning with a formula character is guarded in the CSV.
  const records = Records.open(file);
  records.audit.append({ at: NOW, type: 'admin', actor: 'admin', detail: { note: 'x' } });
  records.close();
  const guarded = auditCsv([{ seq: 1, at: '2026-01-01T00:00:00.000Z', type: '=cmd', actor: 'admin', detail: {}, hash: '00' }]).toString('utf8');
  expect(guarded).toContain("'=cmd");
});
