import path from 'node:path';
import { isPinShaped, PIN_ROLES, type PinRole } from '../../core/roles/lockout';
import { ConfigError, loadMachineConfig } from '../../main/config/machine-config';
import { RecordsError } from '../../main/records/db';
import { Records } from '../../main/records/records';
import { hashPin } from '../../main/roles/pin-hash';
import { RoleService } from '../../main/roles/role-service';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { parseAtFlag } from './kiosk-inputs';

/** `passport-kiosk pin hash|check` (cli.md "Upstream and audit"; operations.md "Roles and PINs"). */

const NAME = 'pin';

const HELP = `Usage:
  passport-kiosk pin hash
  passport-kiosk pin check --role lead|admin --config FILE --records FILE [--at TIME] [--json]

PINs for the lead and admin roles (spec/operations.md). Both read the PIN
as one line on stdin, so it never appears in a command line or a shell's
history; it is never printed or recorded.

hash     prints the HASH to put in the machine config
         ("pins": {"lead": HASH, "admin": HASH}): scrypt at N = 2^17,
         r = 8, p = 1, with a fresh random salt. A PIN is 6–12 digits.
check    checks the PIN for --role against the config's hash, counting
         towards the role's lockout in the records file exactly as the
         screen does (5 failures in a row lock the role for 30 s, doubling
         up to 15 minutes; a locked role does not check the PIN at all).
         Every attempt is an audit entry.
         JSON {"ok":true}, {"ok":false,"code":"WRONG","failures":N} or
         {"ok":false,"code":"LOCKED","retryAfterSeconds":N}

Exit codes: 0 done (check: the PIN is right); 1 wrong or locked (or no PIN
for that role in the config); 2 used wrongly (hash: a PIN that is not 6–12
digits; a missing or invalid config).`;

/** One line from stdin, without its line end. */
async function readLine(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function hash(argv: string[], io: Io): Promise<number> {
  parseFlags(`${NAME} hash`, argv, {}, false);
  const pin = await readLine(io);
  if (!isPinShaped(pin)) {
    write(io.stderr, `${NAME} hash: a PIN is 6–12 digits (0–9) on one line on stdin`);
    return EXIT_USAGE;
  }
  write(io.stdout, hashPin(pin));
  return EXIT_OK;
}

async function check(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(
    `${NAME} check`,
    argv,
    { role: { type: 'string' }, config: { type: 'string' }, records: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
    false,
  );
  const role = values.role as PinRole | undefined;
  if (!role || !(PIN_ROLES as readonly string[]).includes(role)) throw usageError(`${NAME} check: --role must be lead or admin`);
  if (!values.config) throw usageError(`${NAME} check: --config FILE is required (the machine config with "pins")`);
  if (!values.records) throw usageError(`${NAME} check: --records FILE is required (the lockout counters are kept there)`);
  let pins;
  try {
    pins = loadMachineConfig(path.resolve(io.cwd, values.config), io.env).config.pins;
  } catch (e) {
    if (e instanceof ConfigError) throw usageError(`${NAME} check: ${e.message}`);
    throw e;
  }
  const at = values.at === undefined ? null : parseAtFlag(`${NAME} check`, values.at, io);
  const pin = await readLine(io);
  let records: Records;
  try {
    records = Records.open(path.resolve(io.cwd, values.records));
  } catch (e) {
    if (e instanceof RecordsError) throw new CliError(`${NAME} check: ${e.message}`, EXIT_FAILED);
    throw e;
  }
  try {
    const roles = new RoleService({ records, pins, clock: at === null ? io.now : () => at });
    const result = await roles.check(role, pin, 'system');
    if (values.json) write(io.stdout, JSON.stringify(result.ok ? { ok: true } : result));
    else if (result.ok) write(io.stdout, `the ${role} PIN is right`);
    else if (result.code === 'WRONG') write(io.stderr, `${NAME} check: WRONG: not the ${role} PIN (${result.failures} failure${result.failures === 1 ? '' : 's'} in a row)`);
    else if (result.code === 'LOCKED') write(io.stderr, `${NAME} check: LOCKED: the ${role} role is locked; try again in ${result.retryAfterSeconds} s`);
    else write(io.stderr, `${NAME} check: NO_PIN: ${result.message}`);
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    records.close();
  }
}

export const pinCommand: Command = {
  name: NAME,
  summary: 'Make a PIN hash for the machine config, or check a PIN',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help')) {
      write(sub === undefined ? io.stderr : io.stdout, HELP);
      return sub === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (sub === 'hash') return hash(rest, io);
    if (sub === 'check') return check(rest, io);
    throw usageError(`${NAME}: unknown subcommand "${sub}" (hash or check)`);
  },
};
