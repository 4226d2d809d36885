import path from 'node:path';
import { trustListSchema } from '../../core/schemas/trust-list';
import { describeZodError } from '../../core/schemas/common';
import { FeedStateError, publish, PublishError } from '../../publisher';
import { CliError, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { loadPrivateKey, numberedLines, readInputFile, required, wholeNumber } from './feed-kit';

const NAME = 'publish';

const HELP = `Usage: passport-feed publish --feed DIR --feed-id ID --hub-key HUB_PRIVATE.json --trust TRUST.json
                            [--in signed.jsonl] [--snapshot] [--valid-hours N] [--log-limit N]
                            [--log-keep N] [--segment-records N] [--no-gzip] [--json]

Publishes signed records (from "sign") into the feed folder DIR as the next
seq: one log entry, plus a snapshot of the whole state when --snapshot is
given, on the first publication, or when more than --log-limit entries
follow the last snapshot. The feed's state is read back from DIR itself.
Publishing is atomic: segments and the trust list are written and fsynced
first; manifest.jws is renamed into place last. Files no longer named by the
manifest are left for kiosks mid-sync (remove old ones by hand if you must).
Run one publisher per feed folder at a time. Without --in, publishes an
empty entry — use that to renew "expires" or a trust-list change.

Flags:
  --feed DIR             the feed root (created if absent)
  --feed-id ID           the feed's id; must match an existing feed's
  --hub-key FILE         the hub's private key (from keygen)
  --trust FILE           the trust list to publish (JSON, passport.md)
  --in FILE              signed records, one compact JWS per line
  --snapshot             also rewrite the snapshot at this seq
  --valid-hours N        expires = now + N hours (default 24)
  --log-limit N          rewrite the snapshot when the log passes N entries (default 64)
  --log-keep N           keep at least the last N log entries (default 16)
  --segment-records N    at most N records per snapshot segment (default 50000)
  --no-gzip              plain .ndjson snapshot segments (default .ndjson.gz)
  --json                 print {"seq":…,"snapshot":…,"log":[…],"expires":…} on stdout
  --help                 this text

Exit codes: 0 published; 1 refused (DIR holds another feed, or is damaged)
or a write failed — the previous feed is left whole; 2 used wrongly, or a
key, trust or input file that is missing or invalid.`;

export const publishCommand: Command = {
  name: NAME,
  summary: 'Publish signed records into a feed folder as the next seq',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values } = parseFlags(
      NAME,
      argv,
      {
        feed: { type: 'string' },
        'feed-id': { type: 'string' },
        'hub-key': { type: 'string' },
        trust: { type: 'string' },
        in: { type: 'string' },
        snapshot: { type: 'boolean' },
        'valid-hours': { type: 'string' },
        'log-limit': { type: 'string' },
        'log-keep': { type: 'string' },
        'segment-records': { type: 'string' },
        'no-gzip': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      false,
    );
    const feedDir = path.resolve(io.cwd, required(NAME, values, 'feed'));
    const feedId = required(NAME, values, 'feed-id');
    const hubKey = await loadPrivateKey(NAME, io, required(NAME, values, 'hub-key'));
    const trustFile = required(NAME, values, 'trust');
    let trustData: unknown;
    try {
      trustData = JSON.parse(await readInputFile(NAME, io, 'trust', trustFile));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw usageError(`${NAME}: --trust ${trustFile} is not valid JSON (${(e as Error).message})`);
    }
    const trust = trustListSchema.safeParse(trustData);
    if (!trust.success) throw usageError(`${NAME}: ${describeZodError(`--trust ${trustFile}`, trust.error)}`);
    const records: string[] = [];
    if (values.in) {
      for (const { n, line } of numberedLines(await readInputFile(NAME, io, 'in', values.in))) {
        if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(line)) {
          throw usageError(`${NAME}: ${values.in} line ${n}: not a compact JWS (expected the output of "passport-feed sign")`);
        }
        records.push(line);
      }
    }
    const numbers = {
      validityHours: wholeNumber(NAME, 'valid-hours', values['valid-hours']),
      logLimit: wholeNumber(NAME, 'log-limit', values['log-limit']),
      logKeep: wholeNumber(NAME, 'log-keep', values['log-keep']),
      segmentMaxRecords: wholeNumber(NAME, 'segment-records', values['segment-records']),
    };
    try {
      const { seq, manifest } = await publish({
        feedDir,
        feedId,
        hubKey,
        trustList: trust.data,
        records,
        snapshot: values.snapshot === true,
        now: new Date(io.now()),
        ...numbers,
        gzip: values['no-gzip'] !== true,
      });
      if (values.json) {
        write(io.stdout, JSON.stringify({ seq, snapshot: manifest.snapshot.seq, log: manifest.log.map((e) => e.seq), records: records.length, published: manifest.published, expires: manifest.expires }));
      } else {
        write(io.stdout, `published ${feedId} seq ${seq}: ${records.length} record(s); snapshot at seq ${manifest.snapshot.seq}; expires ${manifest.expires}`);
      }
      return EXIT_OK;
    } catch (e) {
      if (e instanceof PublishError || e instanceof FeedStateError) throw new CliError(`${NAME}: ${e.message}`);
      throw new CliError(`${NAME}: could not publish into ${feedDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the previous feed is unchanged`);
    }
  },
};
