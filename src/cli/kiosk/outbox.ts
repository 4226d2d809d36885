import { existsSync } from 'node:fs';
import path from 'node:path';
import { CaFileError, readCaFile } from '../../main/net/trusted-ca';
import { RecordsError } from '../../main/records/db';
import { ReadonlyRecords, Records } from '../../main/records/records';
import { Deliverer } from '../../main/upstream/deliverer';
import { outboxOf, outboxSummary, type OutboxSummary } from '../../main/upstream/outbox';
import { UpstreamError } from '../../main/upstream/sender';
import { senderFor, settingFromTo } from '../../main/upstream/target';
import { CliError, EXIT_FAILED, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';

/** `passport-kiosk outbox [flush|retry]` (cli.md "Upstream and audit"; upstream.md). */

const NAME = 'outbox';

const HELP = `Usage:
  passport-kiosk outbox --records FILE [--json]
  passport-kiosk outbox flush --records FILE --to URL|DIR [--ca FILE] [--json]
  passport-kiosk outbox retry --records FILE [--json]

The outbox holds the kiosk's attendance events (arrivals, marks, closed
registers, audit checkpoints) until the trust's receiver acknowledges them
(spec/upstream.md).

outbox   what is waiting: {"pending":N,"rejected":N,"oldest":TIME or null,
         "lastError":… or null}
flush    delivers now, oldest first, in batches (≤ 500 events, ≤ 5 MB), a
         checkpoint first when the audit chain has grown. --to is the
         receiver's endpoint (https://…; http:// only on loopback) or a
         drop folder (DIR/<kiosk id>/<seq>-<id>.jws). A failed try (no
         network, time-out, 5xx, 429) is tried again up to 3 more times,
         1 s doubling with jitter, Retry-After honoured.
         JSON {"ok":…,"delivered":N,"duplicate":N,"rejected":N,"pending":N}
         ("rejected": events held as rejected in the outbox now; "error"
         when a try failed)
retry    rejected events become pending again (after IT fixed the cause,
         e.g. enrolled the kiosk).

Flags:
  --records FILE   the kiosk's records file
  --to URL|DIR     where to deliver (flush)
  --ca FILE        PEM certificate(s) to trust for HTTPS besides the usual
                   roots (as for sync). Proxies: HTTPS_PROXY/NO_PROXY.
  --json           JSON on stdout

Exit codes: 0 done (flush: the outbox is empty afterwards, nothing pending
and nothing rejected); 1 otherwise, or refused (an http:// URL that is not
loopback, a records file that cannot be used); 2 used wrongly.`;

function openRecords(sub: string, file: string): Records {
  if (!existsSync(file)) throw new CliError(`${sub}: records file ${file} does not exist: name the kiosk's records file`, EXIT_FAILED);
  try {
    return Records.open(file);
  } catch (e) {
    if (e instanceof RecordsError) throw new CliError(`${sub}: ${e.message}`, EXIT_FAILED);
    throw e;
  }
}

const EMPTY: OutboxSummary = { pending: 0, rejected: 0, oldest: null, lastError: null, lastTryAt: null, rejectedCodes: {}, nextTryAt: null };

function show(io: Io, json: boolean, s: OutboxSummary): void {
  if (json) {
    write(io.stdout, JSON.stringify({ pending: s.pending, rejected: s.rejected, oldest: s.oldest, lastError: s.lastError }));
    return;
  }
  const codes = Object.entries(s.rejectedCodes).map(([c, n]) => `${n} ${c}`);
  write(io.stdout, `${s.pending} pending, ${s.rejected} rejected${codes.length ? ` (${codes.join(', ')})` : ''}${s.oldest ? `; oldest ${s.oldest}` : ''}`);
  if (s.lastError) write(io.stdout, `last try ${s.lastTryAt ?? '?'} failed: ${s.lastError}`);
}

export const outboxCommand: Command = {
  name: NAME,
  summary: 'Show, deliver (flush) or retry the attendance events waiting to go upstream',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags(NAME, argv, {
      records: { type: 'string' },
      to: { type: 'string' },
      ca: { type: 'string' },
      json: { type: 'boolean' },
    });
    const sub = positionals[0];
    if (positionals.length > 1 || (sub !== undefined && sub !== 'flush' && sub !== 'retry')) {
      throw usageError(`${NAME}: unknown subcommand "${positionals.join(' ')}" (outbox, outbox flush, outbox retry)`);
    }
    const name = sub ? `${NAME} ${sub}` : NAME;
    if (!values.records) throw usageError(`${name}: --records FILE is required (the kiosk's records file)`);
    const file = path.resolve(io.cwd, values.records);
    const json = values.json === true;

    if (sub === undefined) {
      let ro: ReadonlyRecords | null;
      try {
        ro = ReadonlyRecords.open(file);
      } catch (e) {
        if (e instanceof RecordsError) throw new CliError(`${name}: ${e.message}`, EXIT_FAILED);
        throw e;
      }
      try {
        show(io, json, ro ? outboxSummary(ro.db) : EMPTY);
      } finally {
        ro?.close();
      }
      return EXIT_OK;
    }

    if (sub === 'retry') {
      const records = openRecords(name, file);
      try {
        const n = outboxOf(records).retry();
        write(io.stdout, json ? JSON.stringify({ ok: true, retried: n }) : `${n} rejected event${n === 1 ? '' : 's'} made pending again`);
      } finally {
        records.close();
      }
      return EXIT_OK;
    }

    if (!values.to) throw usageError(`${name}: --to URL|DIR is required (the receiver's endpoint or a drop folder)`);
    let ca: string | undefined;
    try {
      if (values.ca) ca = readCaFile(path.resolve(io.cwd, values.ca), '--ca');
    } catch (e) {
      if (e instanceof CaFileError) throw usageError(`${name}: ${e.message}`);
      throw e;
    }
    const setting = settingFromTo(values.to);
    if ('folder' in setting) setting.folder = path.resolve(io.cwd, setting.folder);
    const records = openRecords(name, file);
    try {
      const outbox = outboxOf(records);
      let deliverer: Deliverer;
      try {
        deliverer = new Deliverer({
          outbox,
          sender: senderFor(setting, outbox.identity(undefined, io.now()).kioskId, { ca, env: io.env }),
          audit: records.audit,
          clock: io.now,
        });
      } catch (e) {
        if (e instanceof UpstreamError) throw new CliError(`${name}: ${e.message}`, EXIT_FAILED);
        throw e;
      }
      const r = await deliverer.drain(4);
      const rejected = outbox.summary().rejected;
      const ok = r.pending === 0 && rejected === 0;
      if (json) {
        write(
          io.stdout,
          JSON.stringify({ ok, delivered: r.delivered, duplicate: r.duplicate, rejected, pending: r.pending, ...(r.error !== null && { error: r.error }) }),
        );
      } else {
        write(io.stdout, `${r.delivered} delivered, ${r.duplicate} already there (duplicate), ${rejected} rejected, ${r.pending} pending`);
      }
      if (r.error !== null && !json) write(io.stderr, `${name}: ${r.error}; the events stay queued`);
      return ok ? EXIT_OK : EXIT_FAILED;
    } finally {
      records.close();
    }
  },
};
