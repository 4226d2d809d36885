import path from 'node:path';
import type { SitePolicy } from '../../core/schemas/policy';
import { ConfigError, loadMachineConfig, loadPolicyFile } from '../../main/config/machine-config';
import { usageError, type Io } from '../cli-kit';

/**
 * Inputs several passport-kiosk commands share: the site policy (`--policy`,
 * else the machine config's, else the shipped default) and `--at` (an
 * RFC 3339 instant used as now; default the clock). Misuse is exit 2.
 */

/** The policy a command runs under; a missing or invalid file is a usage error naming it. */
export function loadCommandPolicy(command: string, file: string | undefined, io: Io): SitePolicy {
  try {
    if (file) return loadPolicyFile(path.resolve(io.cwd, file)).policy;
    const cfg = loadMachineConfig(undefined, io.env);
    return loadPolicyFile(cfg.config.policy ? cfg.resolve(cfg.config.policy) : undefined).policy;
  } catch (e) {
    if (e instanceof ConfigError) throw usageError(`${command}: ${e.message}`);
    throw e;
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `--at` as ms since the epoch, or the clock when absent. */
export function parseAtFlag(command: string, at: string | undefined, io: Io): number {
  if (at === undefined) return io.now();
  const ms = RFC3339.test(at) ? Date.parse(at) : NaN;
  if (Number.isNaN(ms)) throw usageError(`${command}: --at "${at}" is not an RFC 3339 instant (e.g. 2026-11-24T09:00:00Z)`);
  return ms;
}
