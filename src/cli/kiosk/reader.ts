import { createWriteStream, readFileSync } from 'node:fs';
import { CaptureError, formatCaptureHeader, formatCaptureReport, parseCapture, resolveCaptureProfile } from '../../core/readers/capture';
import { decodeAll } from '../../core/readers/decoder';
import { LAYOUTS, parseProfile, TERMINATORS, UID_FORMATS, vidPid, type Profile, type ReaderConfig } from '../../core/readers/profile';
import { loadMachineConfig } from '../../main/config/machine-config';
import { matchesReader, pickDevice } from '../../main/readers/device-manager';
import { isKeyboardClass, USAGE_PAGE_POS, type HidDeviceInfo, type HidPort } from '../../main/readers/hid-port';
import { NodeHidPort } from '../../main/readers/node-hid-port';
import { parseReadersConfig } from '../../main/readers/readers-config';
import { CliError, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';

/**
 * `passport-kiosk reader list | record | replay` (spec/cli.md): what HID
 * devices the kiosk can see, a raw recording of one, and a replay of a
 * recording through the same decoder the kiosk uses.
 */

const HELP = `Usage:
  passport-kiosk reader list [--config FILE] [--json]
  passport-kiosk reader record --device VID:PID --out FILE [--seconds N] [--config FILE]
  passport-kiosk reader replay FILE [--layout us|uk] [--terminator enter|tab|none] [--uid-format F] [--json]

list     HID devices node-hid sees: vendor:product id, usage page:usage, product
         name, and which configured reader (machine config "readers") matches.
record   Records one device's raw input reports to a capture file (JSON Lines,
         docs/readers.md) for --seconds (default 30) or until Ctrl+C. The header
         holds the configured profile for the device, else a default one.
replay   Decodes a capture file and prints each scan's payload, one per line.
         The flags override the capture header's profile; --uid-format F
         (hex, hex-reversed, decimal, decimal-reversed) reads it as an NFC reader.
         --json: JSON Lines {"t":412,"payload":"RXL0012345","kind":"badge"} and
         {"t":…,"error":"BROKEN_SCAN"} for a discarded scan.

Exit codes: 0 done; 1 the device could not be listed, found or read; 2 wrong
usage, or a capture file that is missing or invalid (the message names the line).`;

/** What the command needs from the outside world; tests pass fakes. */
export interface ReaderCommandDeps {
  port(): HidPort;
  /** Resolves after `ms`, or earlier when the user interrupts. */
  wait(ms: number): Promise<void>;
}

const defaultDeps: ReaderCommandDeps = {
  port: () => new NodeHidPort(),
  wait: (ms) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        process.off('SIGINT', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      process.once('SIGINT', done);
    }),
};

function configuredReaders(config: string | undefined, io: Io): ReaderConfig[] {
  try {
    const loaded = loadMachineConfig(config, io.env);
    return parseReadersConfig(loaded.config.readers, loaded.file ?? 'built-in config');
  } catch (e) {
    const msg = `reader: ${(e as Error).message}`;
    throw config ? usageError(msg) : new CliError(msg);
  }
}

async function listDevices(port: HidPort): Promise<HidDeviceInfo[]> {
  try {
    return await port.devices();
  } catch (e) {
    throw new CliError(`reader: cannot list USB HID devices: ${(e as Error).message}`);
  }
}

const hex4 = (n: number | undefined) => (n === undefined ? '????' : n.toString(16).padStart(4, '0'));

async function list(argv: string[], io: Io, deps: ReaderCommandDeps): Promise<number> {
  const { values } = parseFlags('reader list', argv, { json: { type: 'boolean' }, config: { type: 'string' } }, false);
  const readers = configuredReaders(values.config, io);
  const devices = await listDevices(deps.port());
  const rows = devices.map((d) => {
    const reader = readers.find((r) => matchesReader(r, d) && pickDevice(r, devices.filter((x) => matchesReader(r, x))) === d);
    return { ...d, keyboardClass: isKeyboardClass(d), reader: reader ? (reader.name ?? vidPid(reader.vendorId, reader.productId)) : null };
  });
  if (values.json) {
    write(io.stdout, JSON.stringify({ devices: rows }));
    return EXIT_OK;
  }
  if (rows.length === 0) write(io.stdout, 'No USB HID devices found.');
  for (const r of rows) {
    const kind = r.keyboardClass ? ' keyboard-class' : r.usagePage === USAGE_PAGE_POS ? ' HID POS' : '';
    const match = r.reader ? `  → configured reader "${r.reader}"` : '';
    write(io.stdout, `${vidPid(r.vendorId, r.productId)}  usage ${hex4(r.usagePage)}:${hex4(r.usage)}${kind}  ${r.product ?? '(no name)'}${match}`);
  }
  return EXIT_OK;
}

function parseVidPid(s: string): { vendorId: number; productId: number } {
  const m = /^(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})$/.exec(s);
  if (!m) throw usageError(`reader record: --device must be VID:PID in hex, e.g. 0c2e:0b01 (got "${s}")`);
  return { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
}

async function record(argv: string[], io: Io, deps: ReaderCommandDeps): Promise<number> {
  const { values } = parseFlags(
    'reader record',
    argv,
    { device: { type: 'string' }, out: { type: 'string' }, seconds: { type: 'string' }, config: { type: 'string' } },
    false,
  );
  if (!values.device) throw usageError('reader record: --device VID:PID is required (see: passport-kiosk reader list)');
  if (!values.out) throw usageError('reader record: --out FILE is required');
  const seconds = values.seconds === undefined ? 30 : Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) throw usageError(`reader record: --seconds must be a positive number (got "${values.seconds}")`);
  const id = parseVidPid(values.device);
  const readers = configuredReaders(values.config, io);
  const port = deps.port();
  const devices = await listDevices(port);
  const configured = readers.find((r) => r.vendorId === id.vendorId && r.productId === id.productId);
  const candidates = devices.filter((d) => matchesReader({ ...id, usagePage: configured?.usagePage }, d));
  const device = configured ? pickDevice(configured, candidates) : (candidates.find((d) => d.usagePage === USAGE_PAGE_POS) ?? candidates[0]);
  if (!device) throw new CliError(`reader record: no HID device ${vidPid(id.vendorId, id.productId)} is plugged in (see: passport-kiosk reader list)`);
  const profile: Profile = configured?.profile ?? parseProfile({ kind: device.usagePage === USAGE_PAGE_POS ? 'pos' : 'keyboard' });

  let conn;
  try {
    conn = await port.open(device.path);
  } catch (e) {
    const hint = isKeyboardClass(device) && process.platform === 'win32' ? ' — Windows does not let applications read keyboard-class devices: switch the scanner to HID POS mode' : '';
    throw new CliError(`reader record: cannot open ${vidPid(device.vendorId, device.productId)}: ${(e as Error).message}${hint}`);
  }
  const out = createWriteStream(values.out, { flags: 'w' });
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    await conn.close();
    throw usageError(`reader record: cannot write ${values.out}: ${(e as Error).message}`);
  }
  const { path: _path, ...described } = device;
  out.write(`${formatCaptureHeader(described, profile)}\n`);
  const start = io.now();
  let count = 0;
  let readError: Error | null = null;
  conn.onData((report) => {
    count++;
    out.write(`${formatCaptureReport(io.now() - start, report)}\n`);
  });
  conn.onError((e) => (readError = e));
  write(io.stderr, `Recording ${device.product ?? vidPid(device.vendorId, device.productId)} for ${seconds} s (Ctrl+C stops)…`);
  await deps.wait(seconds * 1000);
  await conn.close();
  await new Promise<void>((resolve) => out.end(resolve));
  write(io.stderr, `Recorded ${count} report${count === 1 ? '' : 's'} to ${values.out}.`);
  if (readError) throw new CliError(`reader record: reading stopped early: ${(readError as Error).message} (the reports read so far are in ${values.out})`);
  return EXIT_OK;
}

async function replay(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags('reader replay', argv, {
    layout: { type: 'string' },
    terminator: { type: 'string' },
    'uid-format': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw usageError('reader replay: give exactly one capture FILE (see --help)');
  const file = positionals[0]!;
  const overrides: Record<string, unknown> = {};
  const choose = (flag: string, value: string | undefined, allowed: readonly string[], key: string) => {
    if (value === undefined) return;
    if (!allowed.includes(value)) throw usageError(`reader replay: --${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
    overrides[key] = value;
  };
  choose('layout', values.layout, LAYOUTS, 'layout');
  choose('terminator', values.terminator, TERMINATORS, 'terminator');
  choose('uid-format', values['uid-format'], UID_FORMATS, 'uidFormat');

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(`reader replay: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let capture;
  try {
    capture = parseCapture(text);
  } catch (e) {
    if (e instanceof CaptureError) throw usageError(`reader replay: ${file} line ${e.line}: ${e.reason}`);
    throw e;
  }
  if (capture.profile.kind === 'pos' && Object.keys(overrides).length > 0) {
    throw usageError('reader replay: --layout, --terminator and --uid-format apply to keyboard and nfc captures, not pos');
  }
  const profile = resolveCaptureProfile(capture.profile, overrides);
  if (typeof profile === 'string') throw usageError(`reader replay: ${file} line 1: ${profile}`);
  for (const e of decodeAll(profile, capture.reports)) {
    if (values.json) {
      write(io.stdout, JSON.stringify(e.type === 'scan' ? { t: e.t, payload: e.payload, kind: e.kind } : { t: e.t, error: 'BROKEN_SCAN' }));
    } else if (e.type === 'scan') {
      write(io.stdout, e.payload);
    } else {
      write(io.stderr, `broken scan at t=${e.t} ms (${e.reason}): discarded`);
    }
  }
  return EXIT_OK;
}

/** The `reader` command with its dependencies; `readerCommand` is the real one. */
export function createReaderCommand(deps: ReaderCommandDeps = defaultDeps): Command {
  return {
    name: 'reader',
    summary: 'List HID badge readers, record one, replay a recording',
    help: HELP,
    async run(argv, io) {
      const [sub, ...rest] = argv;
      switch (sub) {
        case 'list':
          return list(rest, io, deps);
        case 'record':
          return record(rest, io, deps);
        case 'replay':
          return replay(rest, io);
        default:
          throw usageError(`reader: ${sub === undefined ? 'missing' : `unknown`} subcommand${sub === undefined ? '' : ` "${sub}"`} (list, record, replay; see --help)`);
      }
    },
  };
}

export const readerCommand = createReaderCommand();
