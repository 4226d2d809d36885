import path from 'node:path';
import { ConfigError, loadMachineConfig } from '../../main/config/machine-config';
import { RecordsError } from '../../main/records/db';
import { Records } from '../../main/records/records';
import { outboxOf } from '../../main/upstream/outbox';
import { CliError, EXIT_FAILED, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';

/** `passport-kiosk device` (cli.md "Upstream and audit"): the kiosk id and public key, made if absent. */

const NAME = 'device';

const HELP = `Usage: passport-kiosk device --records FILE [--config FILE] [--json]

Prints this kiosk's id and public key, which IT enrols at the receiver
(add the key to the receiver's --kiosk-keys JWK Set). The key pair is
made in the records file on first use; the id is then fixed: the machine
config's "kioskId" if set, else "k-" and 12 hex digits of the SHA-256 of
the public key. The private key never leaves the records file.

Flags:
  --records FILE   the kiosk's records file (created if absent)
  --config FILE    the machine config (for "kioskId"; default: the usual place)
  --json           {"kiosk":…,"publicJwk":{"kty":"OKP","crv":"Ed25519","x":…,"kid":…}}

Exit codes: 0 printed; 1 the records file cannot be used; 2 used wrongly.`;

export const deviceCommand: Command = {
  name: NAME,
  summary: "Print this kiosk's id and public key (made if absent) for the receiver",
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values } = parseFlags(NAME, argv, { records: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } }, false);
    if (!values.records) throw usageError(`${NAME}: --records FILE is required (the kiosk's records file)`);
    let kioskId: string | undefined;
    try {
      kioskId = loadMachineConfig(values.config ? path.resolve(io.cwd, values.config) : undefined, io.env).config.kioskId;
    } catch (e) {
      if (e instanceof ConfigError) throw usageError(`${NAME}: ${e.message}`);
      throw e;
    }
    let records: Records;
    try {
      records = Records.open(path.resolve(io.cwd, values.records));
    } catch (e) {
      if (e instanceof RecordsError) throw new CliError(`${NAME}: ${e.message}`, EXIT_FAILED);
      throw e;
    }
    try {
      const identity = outboxOf(records).identity(kioskId, io.now());
      if (values.json) write(io.stdout, JSON.stringify({ kiosk: identity.kioskId, publicJwk: identity.publicJwk }));
      else {
        write(io.stdout, `kiosk ${identity.kioskId} (key made ${identity.createdAt})`);
        if (kioskId !== undefined && kioskId !== identity.kioskId) {
          write(io.stdout, `note: the config's kioskId "${kioskId}" came after the key pair; the id stays ${identity.kioskId} (move the records file aside to start a new identity)`);
        }
        write(io.stdout, `public key (add it to the receiver's --kiosk-keys {"keys":[…]}):\n${JSON.stringify(identity.publicJwk)}`);
      }
    } finally {
      records.close();
    }
    return EXIT_OK;
  },
};
