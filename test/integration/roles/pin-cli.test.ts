/** `passport-kiosk pin hash|check` (cli.md "Upstream and audit"), in-process on real files. */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePinHash } from '../../../src/main/roles/pin-hash';
import { kiosk } from '../audit/helpers';
import { tempDir } from '../records/helpers';

let dir: string;
beforeAll(() => (dir = tempDir('pin-cli-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('pin hash reads one line and prints a hash at the floor; a PIN that is not 6–12 digits is exit 2', async () => {
  const r = await kiosk(['pin', 'hash'], { cwd: dir, stdin: '482916\n' });
  expect(r.code).toBe(0);
  const h = parsePinHash(r.out.trim());
  expect([h.log2N, h.r, h.p]).toEqual([17, 8, 1]);
  expect(r.out).not.toContain('482916');
  for (const bad of ['12345\n', '1234567890123\n', '12345a\n', '\n']) {
    const b = await kiosk(['pin', 'hash'], { cwd: dir, stdin: bad });
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/6–12 digits/);
  }
});

it('pin check answers ok, WRONG with the count, then LOCKED, counting in the records file', async () => {
  const hash = (await kiosk(['pin', 'hash'], { cwd: dir, stdin: '482916\n' })).out.trim();
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ v: 1, pins: { admin: hash } }));
  const records = path.join(dir, 'records.sqlite');
  const check = (pin: string, role = 'admin') =>
    kiosk(['pin', 'check', '--role', role, '--config', config, '--records', records, '--at', '2026-11-24T09:00:00Z', '--json'], { cwd: dir, stdin: `${pin}\n` });
  expect(await check('482916')).toMatchObject({ code: 0, out: '{"ok":true}\n' });
  for (let i = 1; i <= 4; i++) expect(JSON.parse((await check('000000')).out)).toEqual({ ok: false, code: 'WRONG', failures: i });
  const locked = await check('000000');
  expect(locked.code).toBe(1);
  expect(JSON.parse(locked.out)).toEqual({ ok: false, code: 'LOCKED', retryAfterSeconds: 30 });
  expect(JSON.parse((await check('482916')).out)).toEqual({ ok: false, code: 'LOCKED', retryAfterSeconds: 30 });
  const noPin = await check('482916', 'lead');
  expect(noPin.code).toBe(1);
  expect(JSON.parse(noPin.out)).toMatchObject({ ok: false, code: 'NO_PIN' });
  expect((await kiosk(['pin', 'check', '--role', 'boss', '--config', config, '--records', records], { cwd: dir, stdin: '1\n' })).code).toBe(2);
  const v = await kiosk(['audit', 'verify', '--records', records, '--json'], { cwd: dir });
  expect(JSON.parse(v.out)).toMatchObject({ ok: true, entries: 7 }); // ok, 4 wrong, locked, refused while locked
});
