import type { ReaderConfig } from '../../core/readers/profile';
import { ConfigError, defaultConfigPath, loadMachineConfig, type LoadedConfig } from '../config/machine-config';
import { parseReadersConfig } from '../readers/readers-config';
import { fail, ok, oneLine, warn, type Finding } from './findings';

/** The machine config as doctor found it. */
export interface ConfigInspection {
  finding: Finding;
  /** The config in force (the built-in demo one when there is no file), or null when it cannot be loaded. */
  loaded: LoadedConfig | null;
  /** The configured readers, or null when `readers` is invalid. */
  readers: ReaderConfig[] | null;
  /**
   * Why the config file is unusable (missing when named, not JSON, a field
   * wrong — `readers` included), or null. `doctor --config FILE` turns this
   * into exit 2 (spec/cli.md: a file named by a flag that is missing or invalid).
   */
  problem: string | null;
}

const FIX_FILE = 'Correct the field named (docs/doctor.md lists the fields; resources/demo/config.json is a working example), then run passport-kiosk doctor again.';

/**
 * Load the machine config as the kiosk would: `explicit` (from --config),
 * else $PASSPORT_KIOSK_CONFIG, else the platform location; no file at the
 * platform location means the built-in demo.
 */
export function inspectConfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): ConfigInspection {
  const where = explicit ?? defaultConfigPath(env);
  let loaded: LoadedConfig;
  try {
    loaded = loadMachineConfig(explicit, env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const problem = oneLine(e);
    const missing = /does not exist$/.test(problem);
    const fix = missing
      ? `Create ${where}, or point ${explicit ? '--config' : 'PASSPORT_KIOSK_CONFIG'} at the kiosk's config file.`
      : FIX_FILE;
    return { finding: fail('config', `The machine ${problem}; the kiosk cannot start with it.`, fix), loaded: null, readers: null, problem };
  }
  let readers: ReaderConfig[];
  try {
    readers = parseReadersConfig(loaded.config.readers, loaded.file ? `config file ${loaded.file}` : 'built-in config');
  } catch (e) {
    const problem = oneLine(e);
    return { finding: fail('config', `The machine ${problem}; the kiosk cannot open its badge readers.`, FIX_FILE), loaded, readers: null, problem };
  }
  if (loaded.file === null) {
    return {
      finding: warn(
        'config',
        `There is no machine config at ${where}, so the kiosk runs on the built-in demo (resources/demo/: demo feed, demo hub key, default policy) and shows synthetic staff, not real passports.`,
        `Create ${where} for this desk with its feed and pinned hub keys (docs/doctor.md; resources/demo/config.json is an example), or set PASSPORT_KIOSK_CONFIG to its path.`,
      ),
      loaded,
      readers,
      problem: null,
    };
  }
  const c = loaded.config;
  const readerWords = `${readers.length} badge reader${readers.length === 1 ? '' : 's'}`;
  return { finding: ok('config', `Machine config ${loaded.file} is valid (site "${c.site}", ${readerWords}).`), loaded, readers, problem: null };
}
