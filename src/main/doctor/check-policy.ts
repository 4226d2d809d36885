import { ConfigError, loadPolicyFile, type LoadedConfig } from '../config/machine-config';
import { fail, ok, oneLine, type Finding } from './findings';

/** The site policy the kiosk would apply: the config's `policy` file, else the shipped default. */
export function checkPolicy(loaded: LoadedConfig): Finding {
  const named = loaded.config.policy ? loaded.resolve(loaded.config.policy) : undefined;
  try {
    const { file } = loadPolicyFile(named);
    return ok('policy', named ? `Site policy ${file} is valid.` : `No site policy is configured, so the shipped default policy (${file}) applies; it is valid.`);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return fail(
      'policy',
      `The site policy cannot be used: ${oneLine(e)}; the kiosk will not start with it.`,
      named
        ? `Correct the policy file (docs/policy.md), or remove "policy" from the machine config to use the shipped default policy.`
        : 'Reinstall the app: its shipped default policy is missing or damaged.',
    );
  }
}
