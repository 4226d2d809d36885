import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MARK_STATUSES, SESSION_KINDS, type MarkStatus, type SessionKind } from '../../core/sessions/model';
import { CacheError } from '../../main/cache/db';
import { openPassportStore } from '../../main/cache/passport-cache';
import { RecordsError } from '../../main/records/db';
import { Records } from '../../main/records/records';
import { exportRegisterFile, EXPORT_FORMATS, type ExportFormat } from '../../main/sessions/export-file';
import { SessionService, type SessionFailure } from '../../main/sessions/session-service';
import { CliError, EXIT_FAILED, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { loadCommandPolicy, parseAtFlag } from './kiosk-inputs';
import { describeCheckin, describePrecheck, describeSummary, toCheckinJson, toPrecheckJson } from './session-words';

/**
 * `passport-kiosk session create|import|list|precheck|checkin|mark|close|export`
 * (spec/cli.md "Sessions"): induction sessions on the records file, through
 * the same SessionService the lead's screens use.
 */

const HELP = `Usage:
  passport-kiosk session create --records FILE --title T --kind corporate|local|role
                                --starts TIME --ends TIME [--room R] [--lead NAME]
                                [--capacity N] [--grace MIN] [--json]
  passport-kiosk session create --records FILE --from SESSION_FILE [--json]
  passport-kiosk session import --records FILE --session ID --roster FILE.csv [--json]
  passport-kiosk session list --records FILE [--json]
  passport-kiosk session precheck --db FILE --records FILE --session ID [--policy FILE] [--at TIME] [--json]
  passport-kiosk session checkin --db FILE --records FILE --session ID [--policy FILE] [--at TIME] [--json] PAYLOAD…
  passport-kiosk session mark --records FILE --session ID (--row N | --passport ID)
                              --status present|exempt|absent --reason TEXT --by NAME [--at TIME] [--json]
  passport-kiosk session close --records FILE --session ID [--db FILE] [--policy FILE] [--at TIME] [--json]
  passport-kiosk session export --records FILE --session ID --format csv|pdf|json|session --out FILE
                                [--db FILE] [--policy FILE] [--at TIME]

Induction sessions (spec/sessions.md), kept in the kiosk's records file
(--records; created by "session create"). --db is the passport cache, read
only; --policy defaults to the machine config's, else the shipped default.
--at TIME (RFC 3339) is used as now for everything the command does,
including the times it records.

create    makes a session and prints its id; --from takes a file written by
          "export --format session" on another desk and keeps its id.
import    replaces the session's roster from a CSV file (name, passport,
          badge, staffGroup, note); all or nothing: every bad row is listed
          by line and nothing is imported.
list      every session with its arrived and expected (roster rows) counts.
precheck  each roster row's verdict at the session's start (or --at) and
          whether a prior induction is recognised; records nothing.
checkin   scans PAYLOADs into the session as the kiosk screen does.
mark      marks a roster row (or a person by passport id) present, exempt or
          absent, with a reason and the lead's name.
close     closes the session for good: later check-ins are refused, and
          everyone on the roster not arrived, marked or exempt is absent.
          Give --db so prior inductions are recognised for those not arrived.
export    writes the register: csv, pdf, json, or "session" (the session and
          its roster, to move it to a second desk).

Exit codes: 0 done (checkin: whenever answers were given); 1 refused
(SESSION_UNKNOWN, SESSION_CLOSED, ROW_UNKNOWN, ROSTER_INVALID,
SESSION_INVALID; with --json {"ok":false,"code":…,"message":…} on stdout);
2 used wrongly (unknown flag, missing argument, a bad --at, a missing or
invalid policy, roster or session file).`;

const SUBCOMMANDS = ['create', 'import', 'list', 'precheck', 'checkin', 'mark', 'close', 'export'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const common = {
  records: { type: 'string' },
  session: { type: 'string' },
  db: { type: 'string' },
  policy: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Everything a subcommand works with, opened from its flags; `close()` releases the files. */
interface Ctx {
  service: SessionService;
  json: boolean;
  close(): void;
}

function openCtx(sub: Sub, values: Record<string, unknown>, io: Io, opts: { needsDb?: boolean; create?: boolean } = {}): Ctx {
  const name = `session ${sub}`;
  const records = values.records as string | undefined;
  if (!records) throw usageError(`${name}: --records FILE is required (the kiosk's records file)`);
  if (opts.needsDb && !values.db) throw usageError(`${name}: --db FILE is required (the passport cache)`);
  const recordsFile = path.resolve(io.cwd, records);
  if (!opts.create && !existsSync(recordsFile)) {
    throw new CliError(`${name}: records file ${records} does not exist: make a session first with "session create"`, EXIT_FAILED);
  }
  const policy = loadCommandPolicy(name, values.policy as string | undefined, io);
  const now = parseAtFlag(name, values.at as string | undefined, io);
  const clock = values.at === undefined ? io.now : () => now;
  let opened: ReturnType<typeof openPassportStore> | null = null;
  let rec: Records;
  try {
    rec = Records.open(recordsFile);
  } catch (e) {
    if (e instanceof RecordsError) throw new CliError(`${name}: ${e.message}`, EXIT_FAILED);
    throw e;
  }
  try {
    if (values.db) opened = openPassportStore(path.resolve(io.cwd, values.db as string));
  } catch (e) {
    rec.close();
    if (e instanceof CacheError) throw new CliError(`${name}: ${e.message}`, EXIT_FAILED);
    throw e;
  }
  const service = new SessionService({ records: rec, store: opened?.store ?? null, policy, clock, realClock: values.at === undefined });
  return {
    service,
    json: values.json === true,
    close: () => {
      opened?.close();
      rec.close();
    },
  };
}

/** Print a refusal: JSON on stdout under --json, else one line on stderr; exit 1. */
function refuse(ctx: { json: boolean }, sub: Sub, f: SessionFailure, io: Io): number {
  if (ctx.json) write(io.stdout, JSON.stringify(f));
  else {
    write(io.stderr, `session ${sub}: ${f.code}: ${f.message}`);
    for (const e of f.errors ?? []) write(io.stderr, `  line ${e.line}: ${e.message}`);
  }
  return EXIT_FAILED;
}

const need = (sub: Sub, values: Record<string, unknown>, flag: string, what: string): string => {
  const v = values[flag];
  if (typeof v !== 'string' || v === '') throw usageError(`session ${sub}: --${flag} ${what} is required (see --help)`);
  return v;
};

function wholeNumber(sub: Sub, flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usageError(`session ${sub}: --${flag} "${v}" is not a whole number`);
  return Number(v);
}

function readInputFile(sub: Sub, flag: string, file: string, io: Io): Buffer {
  try {
    return readFileSync(path.resolve(io.cwd, file));
  } catch (e) {
    throw usageError(`session ${sub}: --${flag} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Write a file whole or not at all: a temp file beside it, then a rename. */
function writeWhole(file: string, bytes: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

async function runSub(sub: Sub, argv: string[], io: Io): Promise<number> {
  const name = `session ${sub}`;
  switch (sub) {
    case 'create': {
      const { values } = parseFlags(name, argv, {
        ...common,
        title: { type: 'string' },
        kind: { type: 'string' },
        starts: { type: 'string' },
        ends: { type: 'string' },
        room: { type: 'string' },
        lead: { type: 'string' },
        capacity: { type: 'string' },
        grace: { type: 'string' },
        from: { type: 'string' },
      }, false);
      if (values.from === undefined) {
        need(sub, values, 'title', 'T');
        const kind = need(sub, values, 'kind', 'corporate|local|role');
        if (!(SESSION_KINDS as readonly string[]).includes(kind)) throw usageError(`${name}: --kind must be one of ${SESSION_KINDS.join(', ')}`);
        need(sub, values, 'starts', 'TIME');
        need(sub, values, 'ends', 'TIME');
      }
      const fromText = values.from === undefined ? null : readInputFile(sub, 'from', values.from, io).toString('utf8');
      const ctx = openCtx(sub, values, io, { create: true });
      try {
        const made =
          fromText !== null
            ? ctx.service.createFrom(fromText)
            : ctx.service.create({
                title: values.title!,
                kind: values.kind as SessionKind,
                starts: values.starts!,
                ends: values.ends!,
                ...(values.room !== undefined && { room: values.room }),
                ...(values.lead !== undefined && { lead: values.lead }),
                ...(values.capacity !== undefined && { capacity: wholeNumber(sub, 'capacity', values.capacity) }),
                ...(values.grace !== undefined && { graceMinutes: wholeNumber(sub, 'grace', values.grace) }),
              });
        if (!made.ok) return refuse(ctx, sub, made, io);
        write(io.stdout, ctx.json ? JSON.stringify({ ok: true, session: made.session }) : made.session.id);
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
    case 'import': {
      const { values } = parseFlags(name, argv, { ...common, roster: { type: 'string' } }, false);
      const session = need(sub, values, 'session', 'ID');
      const bytes = readInputFile(sub, 'roster', need(sub, values, 'roster', 'FILE.csv'), io);
      const ctx = openCtx(sub, values, io);
      try {
        const done = ctx.service.importRoster(session, bytes);
        if (!done.ok) return refuse(ctx, sub, done, io);
        if (ctx.json) write(io.stdout, JSON.stringify({ ok: true, rows: done.rows, warnings: done.warnings }));
        else {
          write(io.stdout, `imported ${done.rows} roster row${done.rows === 1 ? '' : 's'}`);
          for (const w of done.warnings) write(io.stderr, `warning: ${w}`);
        }
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
    case 'list': {
      const { values } = parseFlags(name, argv, common, false);
      if (!values.records) throw usageError(`${name}: --records FILE is required (the kiosk's records file)`);
      if (!existsSync(path.resolve(io.cwd, values.records))) return EXIT_OK; // No records yet: no sessions.
      const ctx = openCtx(sub, values, io);
      try {
        let out = '';
        for (const s of ctx.service.list()) {
          out += `${ctx.json ? JSON.stringify({ ...s.session, arrived: s.arrived, expected: s.expected }) : describeSummary(s)}\n`;
        }
        io.stdout.write(out);
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
    case 'precheck': {
      const { values } = parseFlags(name, argv, common, false);
      const session = need(sub, values, 'session', 'ID');
      const ctx = openCtx(sub, values, io, { needsDb: true });
      try {
        const done = await ctx.service.precheck(session, values.at === undefined ? undefined : parseAtFlag(name, values.at, io));
        if (!done.ok) return refuse(ctx, sub, done, io);
        io.stdout.write(done.lines.map((l) => `${ctx.json ? JSON.stringify(toPrecheckJson(l)) : describePrecheck(l)}\n`).join(''));
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
    case 'checkin': {
      const { values, positionals } = parseFlags(name, argv, common, true);
      const session = need(sub, values, 'session', 'ID');
      if (positionals.length === 0) throw usageError(`${name}: give at least one PAYLOAD (a badge number, NFC UID or QR token)`);
      const ctx = openCtx(sub, values, io, { needsDb: true });
      try {
        for (const payload of positionals) {
          const done = await ctx.service.checkinPayload(session, payload, 'manual');
          if (!done.ok) return refuse(ctx, sub, done, io);
          write(io.stdout, ctx.json ? JSON.stringify(toCheckinJson(done)) : describeCheckin(payload, done));
        }
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
    case 'mark': {
      const { values } = parseFlags(name, argv, {
        ...common,
        row: { type: 'string' },
        passport: { type: 'string' },
        status: { type: 'string' },
        reason: { type: 'string' },
        by: { type: 'string' },
      }, false);
      const session = need(sub, values, 'session', 'ID');
      if ((values.row === undefined) === (values.passport === undefined)) throw usageError(`${name}: give exactly one of --row N and --passport ID`);
      const status = need(sub, values, 'status', 'present|exempt|absent');
      if (!(MARK_STATUSES as readonly string[]).includes(status)) throw usageError(`${name}: --status must be one of ${MARK_STATUSES.join(', ')}`);
      const reason = need(sub, values, 'reason', 'TEXT');
      const by = need(sub, values, 'by', 'NAME');
      const who = values.row !== undefined ? { row: wholeNumber(sub, 'row', values.row)! } : { passportId: values.passport! };
      const ctx = openCtx(sub, values, io);
      try {
        const done = ctx.service.mark(session, who, status as MarkStatus, reason, by);
        if (!done.ok) return refuse(ctx, sub, done, io);
        write(io.stdout, ctx.json ? JSON.stringify({ ok: true }) : `marked ${'row' in who ? `row ${who.row}` : who.passportId} ${status}`);
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
    case 'close': {
      const { values } = parseFlags(name, argv, common, false);
      const session = need(sub, values, 'session', 'ID');
      const ctx = openCtx(sub, values, io);
      try {
        const done = await ctx.service.close(session);
        if (!done.ok) return refuse(ctx, sub, done, io);
        const counts = done.register.counts;
        write(
          io.stdout,
          ctx.json
            ? JSON.stringify({ ok: true, session: done.register.session, counts })
            : `closed "${done.register.session.title}": ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}`,
        );
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
    case 'export': {
      const { values } = parseFlags(name, argv, { ...common, format: { type: 'string' }, out: { type: 'string' } }, false);
      const session = need(sub, values, 'session', 'ID');
      const format = need(sub, values, 'format', 'csv|pdf|json|session');
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw usageError(`${name}: --format must be one of ${EXPORT_FORMATS.join(', ')}`);
      const out = path.resolve(io.cwd, need(sub, values, 'out', 'FILE'));
      const ctx = openCtx(sub, values, io);
      try {
        const done = await exportRegisterFile(ctx.service, session, format as ExportFormat, { generatedAt: parseAtFlag(name, values.at, io) });
        if (!done.ok) return refuse(ctx, sub, done, io);
        try {
          writeWhole(out, done.file.bytes);
        } catch (e) {
          throw new CliError(`${name}: cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, EXIT_FAILED);
        }
        if (ctx.json) write(io.stdout, JSON.stringify({ ok: true, out, bytes: done.file.bytes.length }));
        return EXIT_OK;
      } finally {
        ctx.close();
      }
    }
  }
}

/** The `session` subcommand. */
export const sessionCommand: Command = {
  name: 'session',
  summary: 'Induction sessions: create, import a roster, pre-check, check in, mark, close, export',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const [sub, ...rest] = argv;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw usageError(`session: ${sub ? `unknown subcommand "${sub}"` : 'a subcommand is needed'} (${SUBCOMMANDS.join(', ')}; see --help)`);
    }
    return runSub(sub as Sub, rest, io);
  },
};
