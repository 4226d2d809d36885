import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportAudit, rangeBound } from '../../main/audit/export-audit';
import { outboxCheckpoints, purgeRetention } from '../../main/audit/retention';
import { REGISTER_DAYS_DEFAULT, RETENTION_DAYS } from '../../main/audit/retention-days';
import { parseAnchor, verifyAudit } from '../../main/audit/verify-audit';
import { ConfigError, loadMachineConfig } from '../../main/config/machine-config';
import { RecordsError } from '../../main/records/db';
import { ReadonlyRecords, Records } from '../../main/records/records';
import { CliError, EXIT_FAILED, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { parseAtFlag } from './kiosk-inputs';

/** `passport-kiosk audit verify|export|purge` (cli.md "Upstream and audit"; operations.md "Audit chain"). */

const NAME = 'audit';

const HELP = `Usage:
  passport-kiosk audit verify --records FILE [--anchor SEQ:HEX] [--json]
  passport-kiosk audit export --records FILE --format csv|json --out FILE [--from DATE] [--to DATE]
  passport-kiosk audit purge --records FILE [--days N] [--at TIME] [--json]

The audit chain in the kiosk's records file: every scan, session action,
PIN attempt, admin action, sync outcome, clock warning and purge, each
entry hashed with the one before it (spec/operations.md).

verify   walks the chain and names the first fault: EDITED (an entry does
         not match its hash; seq names it), MISSING (a seq gap; seq names
         the first missing one), TRUNCATED (--anchor, a checkpoint held
         elsewhere as SEQ:HEX, lies past the last entry or its hash differs).
         JSON {"ok":true,"entries":N,"first":SEQ,"last":SEQ,"head":HEX} or
         {"ok":false,"code":…,"seq":N,"message":…}
export   writes the entries for the Data Protection Officer as CSV (UTF-8,
         formula-guarded) or JSON; --from/--to (YYYY-MM-DD or RFC 3339)
         limit them by time, --to inclusive of a whole date.
purge    retention now: entries and scan-log rows older than --days (default
         the machine config's retentionDays, else 90; 7–3650), and registers
         of sessions closed more than registerDays ago (default 400) — never
         past the last checkpoint the receiver acknowledged when an upstream
         is in use. The anchor row keeps the chain verifiable.
         JSON {"ok":true,"purged":N,"anchor":{"seq","hash"} or null,…}

Exit codes: 0 done (verify: the chain is intact); 1 a fault was found, or
the records file cannot be used; 2 used wrongly.`;

const SUBS = ['verify', 'export', 'purge'] as const;

function recordsFlag(sub: string, values: Record<string, unknown>, io: Io): string {
  const r = values.records;
  if (typeof r !== 'string' || r === '') throw usageError(`${NAME} ${sub}: --records FILE is required (the kiosk's records file)`);
  const file = path.resolve(io.cwd, r);
  if (!existsSync(file)) throw new CliError(`${NAME} ${sub}: records file ${r} does not exist: name the kiosk's records file`, EXIT_FAILED);
  return file;
}

function openReadonly(sub: string, file: string): ReadonlyRecords {
  try {
    const r = ReadonlyRecords.open(file);
    if (!r) throw new CliError(`${NAME} ${sub}: records file ${file} holds no records yet`, EXIT_FAILED);
    return r;
  } catch (e) {
    if (e instanceof RecordsError) throw new CliError(`${NAME} ${sub}: ${e.message}`, EXIT_FAILED);
    throw e;
  }
}

async function verify(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(`${NAME} verify`, argv, { records: { type: 'string' }, anchor: { type: 'string' }, json: { type: 'boolean' } }, false);
  const file = recordsFlag('verify', values, io);
  const anchor = values.anchor === undefined ? null : parseAnchor(values.anchor);
  if (values.anchor !== undefined && !anchor) {
    throw usageError(`${NAME} verify: --anchor "${values.anchor}" is not SEQ:HEX (a seq, a colon, and the 64-digit hex hash of that entry)`);
  }
  const records = openReadonly('verify', file);
  try {
    const v = records.snapshot(() => verifyAudit(records.audit, anchor));
    if (values.json) write(io.stdout, JSON.stringify(v));
    else if (v.ok) write(io.stdout, `audit chain intact: ${v.entries} entries${v.first === null ? '' : ` (${v.first}–${v.last})`}, head ${v.head}`);
    else write(io.stderr, `${NAME} verify: ${v.code} at seq ${v.seq}: ${v.message}`);
    return v.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    records.close();
  }
}

async function exportCmd(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(
    `${NAME} export`,
    argv,
    { records: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    false,
  );
  const file = recordsFlag('export', values, io);
  if (values.format !== 'csv' && values.format !== 'json') throw usageError(`${NAME} export: --format must be csv or json`);
  if (!values.out) throw usageError(`${NAME} export: --out FILE is required`);
  const bound = (flag: 'from' | 'to') => {
    const v = values[flag];
    if (v === undefined) return undefined;
    const b = rangeBound(v, flag === 'to');
    if (b === null) throw usageError(`${NAME} export: --${flag} "${v}" is not a date (YYYY-MM-DD) or an RFC 3339 instant`);
    return b;
  };
  const range = { from: bound('from'), to: bound('to') };
  const records = openReadonly('export', file);
  let bytes: Buffer;
  try {
    bytes = records.snapshot(() => exportAudit(records.audit, values.format as 'csv' | 'json', range));
  } finally {
    records.close();
  }
  const out = path.resolve(io.cwd, values.out);
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes, { mode: 0o600 });
    renameSync(tmp, out);
  } catch (e) {
    throw new CliError(`${NAME} export: cannot write ${values.out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, EXIT_FAILED);
  }
  return EXIT_OK;
}

async function purge(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags(`${NAME} purge`, argv, { records: { type: 'string' }, days: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } }, false);
  const file = recordsFlag('purge', values, io);
  let retentionDays: number = RETENTION_DAYS.default;
  let registerDays: number = REGISTER_DAYS_DEFAULT;
  let upstreamConfigured = false;
  try {
    const cfg = loadMachineConfig(undefined, io.env).config;
    retentionDays = cfg.retentionDays;
    registerDays = cfg.registerDays;
    upstreamConfigured = cfg.upstream !== undefined;
  } catch (e) {
    if (e instanceof ConfigError) throw usageError(`${NAME} purge: ${e.message}`);
    throw e;
  }
  if (values.days !== undefined) {
    const d = /^\d{1,5}$/.test(values.days) ? Number(values.days) : NaN;
    if (!(d >= RETENTION_DAYS.min && d <= RETENTION_DAYS.max)) throw usageError(`${NAME} purge: --days must be a whole number from 7 to 3650`);
    retentionDays = d;
  }
  const now = parseAtFlag(`${NAME} purge`, values.at, io);
  let records: Records;
  try {
    records = Records.open(file);
  } catch (e) {
    if (e instanceof RecordsError) throw new CliError(`${NAME} purge: ${e.message}`, EXIT_FAILED);
    throw e;
  }
  try {
    const result = purgeRetention(records, { now, retentionDays, registerDays, upstream: outboxCheckpoints(records, upstreamConfigured) });
    if (values.json) write(io.stdout, JSON.stringify(result));
    else {
      write(
        io.stdout,
        `purged ${result.purged} audit entr${result.purged === 1 ? 'y' : 'ies'}, ${result.scanLog} scan-log row${result.scanLog === 1 ? '' : 's'}, ${result.sessions} register${result.sessions === 1 ? '' : 's'}` +
          (result.anchor ? `; the chain now starts after ${result.anchor.seq}:${result.anchor.hash}` : '') +
          (result.heldByCheckpoint ? '; held back at the last checkpoint the receiver acknowledged' : ''),
      );
    }
    return EXIT_OK;
  } finally {
    records.close();
  }
}

export const auditCommand: Command = {
  name: NAME,
  summary: 'Verify, export or purge the audit chain in the records file',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      write(sub === undefined ? io.stderr : io.stdout, HELP);
      return sub === undefined ? 2 : EXIT_OK;
    }
    if (rest.includes('--help')) {
      write(io.stdout, HELP);
      return EXIT_OK;
    }
    switch (sub as (typeof SUBS)[number]) {
      case 'verify':
        return verify(rest, io);
      case 'export':
        return exportCmd(rest, io);
      case 'purge':
        return purge(rest, io);
      default:
        throw usageError(`${NAME}: unknown subcommand "${sub}" (one of ${SUBS.join(', ')})`);
    }
  },
};
