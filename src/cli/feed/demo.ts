import { existsSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir, loadPolicyFile } from '../../main/config/machine-config';
import { buildDemo, DEFAULT_DEMO_SEED } from '../../publisher/demo/build';
import { specExamplePolicy } from '../../publisher/demo/policy';
import { CliError, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { wholeNumber } from './feed-kit';

const NAME = 'demo';

const HELP = `Usage: passport-feed demo --out DIR [--count N] [--seed S] [--trusts N] [--etr FILE] [--policy FILE] [--json]

Builds the demo: synthetic staff (generated names that belong to nobody) of
real open NHS trusts from the ODS etr file, every outcome and reason code
represented at the reference date 2026-11-24, badges of both kinds. The same
seed gives the same files, byte for byte. Writes into DIR (replacing
DIR/feed, DIR/tokens and DIR/keys):

  feed/           the signed feed (2 publications; expires 2099-12-31)
  hub-key.json    the public hub key to pin
  config.json     a machine config for it
  policy.json     the policy the catalogue's verdicts were computed with
  catalogue.json  demo payloads and their verdicts at 2026-11-24T10:00:00Z
                  (reproduce with passport-kiosk verify --at 2026-11-24T10:00:00Z)
  tokens/         QR tokens (.jws, some .png)
  keys/           the demo's PRIVATE keys — demo only, public on purpose

Flags:
  --out DIR       where to write (the shipped demo is resources/demo)
  --count N       number of staff (default 2400, at least 100)
  --seed S        seed (default ${DEFAULT_DEMO_SEED})
  --trusts N      number of trusts (default 24)
  --etr FILE      ODS etr.csv (default resources/demo/source/etr.csv)
  --policy FILE   policy for the catalogue (default resources/policy/default-policy.json
                  if present, else the example policy of spec/verdict.md)
  --json          print a summary object on stdout
  --help          this text

Exit codes: 0 written; 1 a file could not be written; 2 used wrongly.`;

export const demoCommand: Command = {
  name: NAME,
  summary: 'Build the demo feed, keys, catalogue and QR tokens',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values } = parseFlags(
      NAME,
      argv,
      { out: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, trusts: { type: 'string' }, etr: { type: 'string' }, policy: { type: 'string' }, json: { type: 'boolean' } },
      false,
    );
    if (!values.out) throw usageError(`${NAME}: --out is required (see --help)`);
    const out = path.resolve(io.cwd, values.out);
    const count = wholeNumber(NAME, 'count', values.count, 100);
    const trusts = wholeNumber(NAME, 'trusts', values.trusts, 2);
    const etrFile = values.etr ? path.resolve(io.cwd, values.etr) : path.join(resourcesDir(), 'demo', 'source', 'etr.csv');
    if (!existsSync(etrFile)) throw usageError(`${NAME}: ODS file ${etrFile} does not exist (give --etr FILE)`);
    const shipped = path.join(resourcesDir(), 'policy', 'default-policy.json');
    const policyFile = values.policy ? path.resolve(io.cwd, values.policy) : existsSync(shipped) ? shipped : null;
    let policy;
    try {
      policy = policyFile ? loadPolicyFile(policyFile).policy : specExamplePolicy();
    } catch (e) {
      throw usageError(`${NAME}: ${(e as Error).message}`);
    }
    // Relative to the project root (whatever the cwd), so tests can load the same policy file.
    const policySource = policyFile ? path.relative(path.dirname(resourcesDir()), policyFile) : 'spec/verdict.md example policy';
    let summary;
    try {
      summary = await buildDemo(out, { count, seed: values.seed, trusts, etrFile, policy, policySource });
    } catch (e) {
      throw new CliError(`${NAME}: could not build the demo in ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (values.json) write(io.stdout, JSON.stringify(summary));
    else {
      write(io.stdout, `demo: ${summary.staff} staff of ${summary.trusts} trusts → ${out} (${(summary.bytes / 1e6).toFixed(2)} MB)`);
      write(io.stdout, `outcomes at 2026-11-24: ${JSON.stringify(summary.outcomes)}; skipped at sync: ${JSON.stringify(summary.skipped)}`);
      if (summary.missingCodes.length) write(io.stdout, `reason codes not represented: ${summary.missingCodes.join(', ')}`);
    }
    return EXIT_OK;
  },
};
