/**
 * The audit chain (operations.md "Audit chain"): entries recomputed
 * independently; tampering made with the sqlite3 command-line tool on a
 * copy of a real records file — an edited detail, a deleted middle entry,
 * two entries swapped, a tail cut off (found with an anchor) — each found
 * at the right seq with the right code by `passport-kiosk audit verify`.
 */
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Records } from '../../../src/main/records/records';
import { tempDir } from '../records/helpers';
import { kiosk, realRecords, recomputeChain, sqlite3 } from './helpers';

let dir: string;
let master: string;
let total: number;

beforeAll(async () => {
  dir = tempDir('audit-it-');
  master = path.join(dir, 'master.sqlite');
  total = await realRecords(master);
  sqlite3(master, 'PRAGMA wal_checkpoint(TRUNCATE);');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A copy of the master records file, with the triggers dropped (the tamperer's first step). */
function tampered(sql: string): string {
  const file = path.join(dir, `copy-${++n}.sqlite`);
  copyFileSync(master, file);
  sqlite3(file, `DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_append_only; ${sql}`);
  return file;
}

const verify = async (file: string, ...extra: string[]) => {
  const r = await kiosk(['audit', 'verify', '--records', file, '--json', ...extra], { cwd: dir });
  return { code: r.code, json: JSON.parse(r.out) as Record<string, unknown> };
};

const hashAt = (file: string, seq: number) => sqlite3(file, `SELECT lower(hex(hash)) FROM audit WHERE seq = ${seq};`).trim();

describe('a real records file', () => {
  it('has one entry for every scan and session action, in a chain that recomputes independently', async () => {
    expect(total).toBe(1 + 1 + 12 + 1 + 1 + 1); // create, import, 12 scans, mark, close, export
    expect(recomputeChain(master)).toEqual({ ok: true, count: total });
    const types = sqlite3(master, 'SELECT type, count(*) FROM audit GROUP BY type ORDER BY type;').trim().split('\n');
    expect(types).toEqual(['scan|12', 'session|5']);
    // No payload of an unrecognised badge, no name, in any entry.
    const details = sqlite3(master, 'SELECT detail FROM audit;');
    expect(details).not.toMatch(/RXL00\d/);
    expect(details).not.toContain('Amira');
    const v = await verify(master);
    expect(v).toEqual({ code: 0, json: { ok: true, entries: total, first: 1, last: total, head: hashAt(master, total) } });
  });

  it('refuses UPDATE and DELETE through the sqlite3 tool while the triggers stand', () => {
    const file = path.join(dir, 'guarded.sqlite');
    copyFileSync(master, file);
    expect(() => sqlite3(file, "UPDATE audit SET detail = '{}' WHERE seq = 3;")).toThrow(/append-only/);
    expect(() => sqlite3(file, 'DELETE FROM audit;')).toThrow(/append-only/);
    expect(() => sqlite3(file, 'DELETE FROM marks;')).toThrow(/append-only/);
    expect(() => sqlite3(file, "INSERT INTO audit VALUES (99, 'x', 'x', 'x', '{}', x'00', x'00');")).toThrow(/next seq/);
    expect(sqlite3(file, 'SELECT count(*) FROM audit;').trim()).toBe(String(total));
  });
});

describe('tampering with the sqlite3 tool, triggers dropped', () => {
  it('an edited detail is EDITED at that seq', async () => {
    const file = tampered(`UPDATE audit SET detail = '{"action":"create","kind":"local","session":"6f1c2a4e-3b5d-4c7e-9a1b-2c3d4e5f6a7b"}' WHERE seq = 1;`);
    expect(await verify(file)).toEqual({ code: 1, json: { ok: false, code: 'EDITED', seq: 1, message: expect.stringContaining('entry 1') } });
    const other = tampered("UPDATE audit SET at = '2026-10-02T00:00:00.000Z' WHERE seq = 9;");
    expect((await verify(other)).json).toMatchObject({ code: 'EDITED', seq: 9 });
  });

  it('a deleted middle entry is MISSING at its seq', async () => {
    const file = tampered('DELETE FROM audit WHERE seq = 7;');
    expect(await verify(file)).toEqual({ code: 1, json: { ok: false, code: 'MISSING', seq: 7, message: expect.any(String) } });
  });

  it('two entries swapped are EDITED at the first of them', async () => {
    const file = tampered(`
      CREATE TEMP TABLE a AS SELECT * FROM audit WHERE seq = 5;
      CREATE TEMP TABLE b AS SELECT * FROM audit WHERE seq = 6;
      UPDATE audit SET at = (SELECT at FROM b), type = (SELECT type FROM b), actor = (SELECT actor FROM b), detail = (SELECT detail FROM b), prev = (SELECT prev FROM b), hash = (SELECT hash FROM b) WHERE seq = 5;
      UPDATE audit SET at = (SELECT at FROM a), type = (SELECT type FROM a), actor = (SELECT actor FROM a), detail = (SELECT detail FROM a), prev = (SELECT prev FROM a), hash = (SELECT hash FROM a) WHERE seq = 6;`);
    expect((await verify(file)).json).toMatchObject({ ok: false, code: 'EDITED', seq: 5 });
  });

  it('a tail cut off verifies alone, and is TRUNCATED against an anchor held elsewhere', async () => {
    const anchor = `${total - 2}:${hashAt(master, total - 2)}`;
    expect((await verify(master, '--anchor', anchor)).code).toBe(0);
    const file = tampered(`DELETE FROM audit WHERE seq > ${total - 4};`);
    expect(await verify(file)).toMatchObject({ code: 0, json: { ok: true, entries: total - 4 } });
    expect(await verify(file, '--anchor', anchor)).toEqual({ code: 1, json: { ok: false, code: 'TRUNCATED', seq: total - 2, message: expect.any(String) } });
    // An anchor whose hash differs from the entry at its seq: the chain was rewritten from there.
    const wrong = `3:${'ab'.repeat(32)}`;
    expect((await verify(master, '--anchor', wrong)).json).toMatchObject({ ok: false, code: 'TRUNCATED', seq: 3 });
  });

  it('a malformed anchor is a usage error (exit 2)', async () => {
    const r = await kiosk(['audit', 'verify', '--records', master, '--anchor', '3:abc'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/SEQ:HEX/);
  });
});

describe('appending', () => {
  it('the next append after a records reopen continues the chain', () => {
    const file = path.join(dir, 'continue.sqlite');
    copyFileSync(master, file);
    const records = Records.open(file);
    const head = records.audit.append({ at: '2026-11-01T00:00:00Z', type: 'admin', actor: 'admin', detail: { action: 'test' } });
    expect(head.seq).toBe(total + 1);
    records.close();
    expect(recomputeChain(file)).toEqual({ ok: true, count: total + 1 });
  });
});
