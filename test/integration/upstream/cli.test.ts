import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../../src/cli/passport-kiosk';
import { loadMachineConfig } from '../../../src/main/config/machine-config';
import type { RunningReceiver } from '../../../src/receiver/server';
import { captureIo } from '../../helpers/capture-io';
import { addSession, arrive, enrol, openKiosk, receiver, tempDir } from './helpers';

/** `passport-kiosk device`, `outbox`, `outbox flush`, `outbox retry` (cli.md "Upstream and audit"), in-process. */

const NOW = Date.parse('2026-11-24T10:00:00Z');
let dir: string;

beforeEach(() => {
  dir = tempDir('upstream-cli-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function kiosk(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureIo({ cwd: dir, now: () => NOW });
  const code = await main(args, io);
  return { code, out: out(), err: err() };
}

test('device: the id from the config when the key is made, fixed afterwards; else k- and 12 hex of the key hash', async () => {
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ v: 1, kioskId: 'north-desk-1' }));
  const first = await kiosk(['device', '--records', 'a.sqlite', '--config', 'config.json', '--json']);
  expect(first.code).toBe(0);
  const made = JSON.parse(first.out) as { kiosk: string; publicJwk: { kty: string; crv: string; x: string; kid: string } };
  expect(made).toEqual({ kiosk: 'north-desk-1', publicJwk: { kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), kid: 'north-desk-1' } });
  // A later kioskId does not rename the kiosk, nor change its key.
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ v: 1, kioskId: 'renamed' }));
  expect(JSON.parse((await kiosk(['device', '--records', 'a.sqlite', '--config', 'config.json', '--json'])).out)).toEqual(made);
  const text = await kiosk(['device', '--records', 'a.sqlite', '--config', 'config.json']);
  expect(text.out).toContain('the id stays north-desk-1');

  writeFileSync(path.join(dir, 'plain.json'), JSON.stringify({ v: 1 }));
  const derived = JSON.parse((await kiosk(['device', '--records', 'b.sqlite', '--config', 'plain.json', '--json'])).out) as typeof made;
  const hash = createHash('sha256').update(Buffer.from(derived.publicJwk.x, 'base64url')).digest('hex');
  expect(derived.kiosk).toBe(`k-${hash.slice(0, 12)}`);
  expect(derived.publicJwk.kid).toBe(derived.kiosk);

  expect((await kiosk(['device', '--json'])).code).toBe(2);
  writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ v: 1, kioskId: 'has space' }));
  const bad = await kiosk(['device', '--records', 'c.sqlite', '--config', 'bad.json']);
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/kioskId: must be 1–64 characters/);
});

test('the machine config\'s upstream: a URL (http:// only on loopback) or a folder, errors naming the field', () => {
  const load = (upstream: unknown) => {
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ v: 1, upstream }));
    return loadMachineConfig(path.join(dir, 'c.json'), {}).config.upstream;
  };
  expect(load({ url: 'https://hr.example.nhs.uk/attendance' })).toEqual({ url: 'https://hr.example.nhs.uk/attendance' });
  expect(load({ url: 'http://127.0.0.1:8080' })).toEqual({ url: 'http://127.0.0.1:8080' });
  expect(load({ folder: '\\\\share\\attendance' })).toEqual({ folder: '\\\\share\\attendance' });
  expect(() => load({ url: 'http://hr.example.nhs.uk/' })).toThrow(/upstream\.url: is http:\/\/ and not loopback/);
  expect(() => load({ url: 'https://x', folder: '/tmp' })).toThrow(/upstream/);
  expect(() => load('https://x')).toThrow(/upstream: must be \{"url": "https:\/\/…"\} or \{"folder": "DIR"\}/);
});

test('outbox, outbox flush, outbox retry: JSON shapes and exit codes', async () => {
  let rx: RunningReceiver | null = null;
  try {
    const k = openKiosk(path.join(dir, 'kiosk.sqlite'));
    arrive(k, addSession(k).id, 0, 3);
    k.close();
    writeFileSync(path.join(dir, 'keys.json'), '{"keys":[]}');
    rx = await receiver(dir);

    const before = await kiosk(['outbox', '--records', 'kiosk.sqlite', '--json']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toEqual({ pending: 3, rejected: 0, oldest: '2026-11-24T09:05:00.000Z', lastError: null });

    expect((await kiosk(['outbox', 'flush', '--records', 'kiosk.sqlite', '--to', 'http://hr.example.nhs.uk/', '--json'])).code).toBe(1);
    const refused = await kiosk(['outbox', 'flush', '--records', 'kiosk.sqlite', '--to', 'http://hr.example.nhs.uk/']);
    expect(refused.err).toMatch(/is http:\/\/ and not loopback: refused/);

    // Not enrolled: a checkpoint (the scans grew the audit chain) and 3 arrivals, all rejected; exit 1.
    const flushed = await kiosk(['outbox', 'flush', '--records', 'kiosk.sqlite', '--to', rx.url, '--json']);
    expect(flushed.code).toBe(1);
    expect(JSON.parse(flushed.out)).toEqual({ ok: false, delivered: 0, duplicate: 0, rejected: 4, pending: 0 });
    expect(JSON.parse((await kiosk(['outbox', '--records', 'kiosk.sqlite', '--json'])).out)).toMatchObject({ pending: 0, rejected: 4 });

    const k2 = openKiosk(path.join(dir, 'kiosk.sqlite'));
    enrol(path.join(dir, 'keys.json'), [k2]);
    k2.close();
    const retried = await kiosk(['outbox', 'retry', '--records', 'kiosk.sqlite', '--json']);
    expect(JSON.parse(retried.out)).toEqual({ ok: true, retried: 4 });
    const ok = await kiosk(['outbox', 'flush', '--records', 'kiosk.sqlite', '--to', rx.url, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ ok: true, delivered: 4, duplicate: 0, rejected: 0, pending: 0 });
    expect(JSON.parse((await kiosk(['outbox', '--records', 'kiosk.sqlite', '--json'])).out)).toEqual({ pending: 0, rejected: 0, oldest: null, lastError: null });

    // A records file that is not there: nothing waits (outbox), nothing to flush (exit 1, one line).
    expect(JSON.parse((await kiosk(['outbox', '--records', 'none.sqlite', '--json'])).out)).toMatchObject({ pending: 0, rejected: 0 });
    expect((await kiosk(['outbox', 'flush', '--records', 'none.sqlite', '--to', rx.url])).code).toBe(1);
    expect((await kiosk(['outbox', 'flush', '--records', 'kiosk.sqlite'])).code).toBe(2);
    expect((await kiosk(['outbox', 'sideways', '--records', 'kiosk.sqlite'])).code).toBe(2);
  } finally {
    await rx?.stop();
  }
});
