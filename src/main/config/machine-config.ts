import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeZodError, ed25519PublicJwk } from '../../core/schemas/common';
import { parsePolicyJson, type SitePolicy } from '../../core/schemas/policy';
import { CaFileError, readCaFile } from '../net/trusted-ca';
import { REGISTER_DAYS_DEFAULT, RETENTION_DAYS } from '../audit/retention-days';
import { parsePinHash, PinHashError } from '../roles/pin-hash';

/**
 * The machine-wide configuration IT sets on each kiosk (one JSON file).
 * Where it lives, in order: `--config FILE`, `$PASSPORT_KIOSK_CONFIG`, then
 * the platform location (`%ProgramData%\StaffPassportKiosk\config.json` on
 * Windows, `/etc/staff-passport-kiosk/config.json` elsewhere). No file at all
 * means the built-in demo (demo feed, demo hub key, default policy).
 */

const pinnedHubKey = ed25519PublicJwk.extend({ kid: z.string().min(1) });

/** A PIN hash (src/main/roles/pin-hash.ts), refused at load when malformed or below the floor. */
const pinHashText = z.string().superRefine((text, ctx) => {
  try {
    parsePinHash(text);
  } catch (e) {
    if (!(e instanceof PinHashError)) throw e;
    ctx.addIssue({ code: 'custom', message: `is not a PIN hash this kiosk accepts: ${e.message}` });
  }
});

export const machineConfigSchema = z.object({
  v: z.literal(1),
  /** Shown in the status bar and exports: which desk this is. */
  site: z.string().min(1).max(120).default('Reception'),
  /** SQLite cache file. Relative paths are relative to the config file. */
  db: z.string().min(1).optional(),
  /**
   * The records file (operations.md "The records file"): scan log,
   * sessions, attendance — never disposable. Relative to the config file;
   * default `records.sqlite` beside the cache.
   */
  records: z.string().min(1).optional(),
  feed: z
    .object({
      /** `https://…` feed root, or a folder (SMB share, removable media). */
      source: z.string().min(1),
      /** Pinned hub public keys (JWK with kid), inline. */
      hubKeys: z.array(pinnedHubKey).min(1),
      /** Minutes between scheduled syncs. */
      syncMinutes: z.int().min(1).max(1440).default(15),
    })
    .optional(),
  /**
   * PEM file of CA certificates to trust for Node-side HTTPS besides the
   * usual roots (a trust's private CA, or a TLS-inspecting proxy's), like
   * `sync --ca`. Relative to the config file. The Electron session uses the
   * OS certificate store instead (docs/sync.md).
   */
  ca: z.string().min(1).optional(),
  /**
   * The kiosk id (upstream.md "The kiosk's identity"), used only when the
   * kiosk's key pair is made: a later change does not rename a kiosk.
   */
  kioskId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, ".", "_" and "-"')
    .optional(),
  /**
   * Where attendance events go (upstream.md): `{"url": "https://…"}` (the
   * receiver's endpoint; http:// only on loopback) or `{"folder": DIR}` (a
   * drop folder that must exist; relative to the config file).
   */
  upstream: z
    .union([
      z.strictObject({
        url: z
          .string()
          .regex(/^https?:\/\//i, 'must be an https:// URL (http:// only to this machine)')
          .refine(
            (u) => !/^http:/i.test(u) || /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(u),
            'is http:// and not loopback: attendance goes only over https://',
          ),
      }),
      z.strictObject({ folder: z.string().min(1) }),
    ], { error: 'must be {"url": "https://…"} or {"folder": "DIR"}' })
    .optional(),
  /** Site policy file; absent = the shipped default policy. Relative to the config file. */
  policy: z.string().min(1).optional(),
  /** Seconds a verdict stays on screen before the idle screen returns. */
  idleSeconds: z.int().min(3).max(600).default(20),
  sounds: z.boolean().default(false),
  /** Badge readers to open with node-hid (profiles: docs/readers.md). Validated by src/main/readers. */
  readers: z.array(z.unknown()).default([]),
  /**
   * PIN hashes for the roles (operations.md "Roles and PINs"), made with
   * `passport-kiosk pin hash`; checked here, so a hash below the scrypt
   * floor stops the kiosk starting rather than weakening it. A role with no
   * PIN cannot be unlocked on the screen.
   */
  pins: z
    .strictObject({ lead: pinHashText.optional(), admin: pinHashText.optional() })
    .default({}),
  /** Minutes without input before an unlocked role falls back to reception. */
  lockMinutes: z.int().min(1).max(60).default(2),
  /** Days the audit chain and the scan log keep an entry (operations.md "Retention"). */
  retentionDays: z.int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).default(RETENTION_DAYS.default),
  /** Days a closed session's register is kept. */
  registerDays: z.int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).default(REGISTER_DAYS_DEFAULT),
});
export type MachineConfig = z.infer<typeof machineConfigSchema>;

export class ConfigError extends Error {}

/** The platform's machine-wide config path. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  if (env.PASSPORT_KIOSK_CONFIG) return env.PASSPORT_KIOSK_CONFIG;
  if (platform === 'win32') {
    return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'StaffPassportKiosk', 'config.json');
  }
  return '/etc/staff-passport-kiosk/config.json';
}

/**
 * Where the kiosk keeps its cache and records when the config names no `db`:
 * `%ProgramData%\StaffPassportKiosk` on Windows, `/var/lib/staff-passport-kiosk` elsewhere.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'StaffPassportKiosk');
  return '/var/lib/staff-passport-kiosk';
}

/**
 * Where the project's shipped resources are (default policy, demo feed).
 * `$PASSPORT_KIOSK_RESOURCES` wins: the packaged Electron app sets it to the
 * folder forge copies them to (`extraResource`).
 */
export function resourcesDir(): string {
  if (process.env.PASSPORT_KIOSK_RESOURCES) return process.env.PASSPORT_KIOSK_RESOURCES;
  // dist/src/main/config → ../../../../resources ; src/main/config → ../../../resources
  const candidates = [path.resolve(__dirname, '../../../resources'), path.resolve(__dirname, '../../../../resources')];
  const found = candidates.find((p) => existsSync(path.join(p, 'policy')));
  return found ?? candidates[0]!;
}

export interface LoadedConfig {
  /** The file it came from, or null for the built-in demo configuration. */
  file: string | null;
  config: MachineConfig;
  /** Resolve a path named in the config (relative to the config file's folder). */
  resolve(p: string): string;
  /** The certificates of the config's `ca` file (PEM, checked at load), or null when it names none. */
  ca: string | null;
}

/**
 * Load and validate the machine config. `explicit` (from --config) must
 * exist; the default location may be absent (demo mode). Errors name the
 * file and the field.
 */
export function loadMachineConfig(explicit?: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const file = explicit ?? defaultConfigPath(env);
  if (!existsSync(file)) {
    if (explicit || env.PASSPORT_KIOSK_CONFIG) throw new ConfigError(`config file ${file} does not exist`);
    const config = machineConfigSchema.parse({ v: 1 });
    return { file: null, config, resolve: (p) => path.resolve(p), ca: null };
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = machineConfigSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(describeZodError(`config file ${file}`, parsed.error));
  const dir = path.dirname(path.resolve(file));
  const resolve = (p: string) => path.resolve(dir, p);
  let ca: string | null = null;
  try {
    if (parsed.data.ca) ca = readCaFile(resolve(parsed.data.ca), `config file ${file}: "ca"`);
  } catch (e) {
    if (e instanceof CaFileError) throw new ConfigError(e.message);
    throw e;
  }
  return { file, config: parsed.data, resolve, ca };
}

/** Load a site policy file, or the shipped default; errors name the file and field. */
export function loadPolicyFile(file?: string): { file: string; policy: SitePolicy } {
  const target = file ?? path.join(resourcesDir(), 'policy', 'default-policy.json');
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch (e) {
    throw new ConfigError(`policy file ${target} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const parsed = parsePolicyJson(text);
  if (!parsed.ok) throw new ConfigError(`${target}: ${parsed.error}`);
  return { file: target, policy: parsed.value };
}
