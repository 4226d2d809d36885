import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPin } from '../../../src/main/roles/pin-hash';
import { createDoctorCommand } from '../../../src/cli/kiosk/doctor';
import { main } from '../../../src/cli/passport-kiosk';
import type { PinnedKey } from '../../../src/core/jws';
import { FakeHidPort } from '../../../src/main/readers/fake-hid-port';
import { readHubKeyFile } from '../../../src/main/sync/hub-keys';
import { runSync } from '../../../src/main/sync/run-sync';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { captureIo } from '../../helpers/capture-io';

/** Shared pieces of the doctor integration tests: the demo feed, configs, a captured CLI run. */

export const ROOT = path.resolve(__dirname, '../../..');
export const DEMO_FEED = path.join(ROOT, 'resources/demo/feed');
export const DEMO_KEY_FILE = path.join(ROOT, 'resources/demo/hub-key.json');
export const DEMO_POLICY = path.join(ROOT, 'resources/demo/policy.json');
export const DEMO_KEYS: PinnedKey[] = readHubKeyFile(DEMO_KEY_FILE);
/** The demo feed's reference day; its manifest is valid until 2099. */
export const NOW = Date.parse('2026-11-24T10:00:00Z');

export const tempDir = () => mkdtemp(path.join(tmpdir(), 'doctor-it-'));

/** A cache synced from the shipped demo feed, through the real sync. */
export async function demoCache(dir: string, name = 'cache.sqlite'): Promise<string> {
  const db = path.join(dir, name);
  const outcome = await runSync({ db, transport: new FolderTransport(DEMO_FEED), hubKeys: DEMO_KEYS, now: () => NOW });
  if (!outcome.ok) throw new Error(`demo sync refused: ${outcome.code} ${outcome.message}`);
  return db;
}

/** A copy of a cache file, to damage. */
export async function copyCache(db: string, dir: string, name: string): Promise<string> {
  const copy = path.join(dir, name);
  await copyFile(db, copy);
  return copy;
}

/** Write a machine config (JSON) and return its path. */
export async function writeConfig(dir: string, config: unknown, name = 'config.json'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return file;
}

/** PIN hashes for the good config (lead 246810, admin 13579135), made once with fixed salts. */
export const GOOD_PINS = {
  lead: hashPin('246810', undefined, Buffer.alloc(16, 4)),
  admin: hashPin('13579135', undefined, Buffer.alloc(16, 5)),
};

/** A good config: the demo feed folder and key, the demo policy, the given cache, lead and admin PINs. */
export function goodConfig(db: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { v: 1, site: 'Main reception', db, feed: { source: DEMO_FEED, hubKeys: DEMO_KEYS }, policy: DEMO_POLICY, pins: GOOD_PINS, ...patch };
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** `passport-kiosk doctor …` in-process, with a clock, a fake HID port and no environment. */
export async function doctor(
  args: string[],
  opts: { now?: number; env?: NodeJS.ProcessEnv; port?: FakeHidPort; platform?: string } = {},
): Promise<Run> {
  const now = opts.now ?? NOW;
  const { io, out, err } = captureIo({ cwd: ROOT, env: opts.env ?? {}, now: () => now });
  const port = opts.port ?? new FakeHidPort();
  const command = createDoctorCommand({ hid: () => port, platform: opts.platform ?? 'linux', http: { timeoutMs: 2000, retries: 0 } });
  const code = await main(['doctor', ...args], io, [command]);
  return { code, out: out(), err: err() };
}

/** The findings of a `--json` run. */
export function findings(run: Run): { check: string; status: string; message: string; fix: string }[] {
  return (JSON.parse(run.out) as { findings: { check: string; status: string; message: string; fix: string }[] }).findings;
}

export const statusOf = (run: Run, check: string) => findings(run).filter((f) => f.check === check).map((f) => f.status);
export const findingOf = (run: Run, check: string) => findings(run).find((f) => f.check === check && f.status !== 'ok') ?? findings(run).find((f) => f.check === check)!;
