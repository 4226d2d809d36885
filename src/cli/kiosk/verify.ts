import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { asDamage, CacheDamagedError } from '../../main/cache/cache-health';
import { CacheError } from '../../main/cache/db';
import { openPassportStore } from '../../main/cache/passport-cache';
import { batchVerdicts } from '../../main/verify/batch-verdicts';
import { CliError, EXIT_FAILED, EXIT_OK, parseFlags, usageError, type Command, type Io } from '../cli-kit';
import { loadCommandPolicy, parseAtFlag } from './kiosk-inputs';

/** `passport-kiosk verify` (spec/cli.md): the verdict for each payload, from the cache. */

const NAME = 'verify';

const HELP = `Usage: passport-kiosk verify --db FILE [--policy FILE] [--at TIME] [--json] PAYLOAD…
       passport-kiosk verify --db FILE [--policy FILE] [--at TIME] [--json] --batch FILE|-

Gives the verdict (spec/verdict.md) for each scan payload (a badge number,
an NFC UID or a QR token), from the passport cache, exactly as the kiosk
screen would. The cache is opened read-only; a --db that does not exist is
an empty cache (every verdict NO_DATA) and is never created.

Flags:
  --db FILE       the SQLite cache file (made by "passport-kiosk sync")
  --policy FILE   site policy JSON; default: the machine config's policy,
                  else the shipped default policy
  --at TIME       RFC 3339 instant to use as now (default: the clock)
  --batch FILE    read payloads from FILE, one per line ("-" for stdin);
                  verified on all cores, printed in input order
  --json          one verdict object for one payload; JSON Lines (one
                  verdict per payload, in order) for several or --batch
  --help          this text

Exit codes:
  0  verdicts were given (whatever they are)
  1  the cache exists but cannot be read, or is damaged (run
     "passport-kiosk sync" to rebuild it)
  2  used wrongly: unknown flag, no payload, a bad --at, or a policy or
     batch file that is missing or invalid`;

/** The payloads of a batch file (or stdin), one per line, in order. */
async function* batchPayloads(file: string, io: Io): AsyncGenerator<string> {
  let input: NodeJS.ReadableStream;
  if (file === '-') input = io.stdin;
  else {
    const full = path.resolve(io.cwd, file);
    const ok = await stat(full).then((s) => s.isFile(), () => false);
    if (!ok) throw usageError(`${NAME}: batch file ${file} does not exist or is not a file (expected payloads, one per line)`);
    input = createReadStream(full, 'utf8');
  }
  for await (const line of createInterface({ input, crlfDelay: Infinity })) yield line;
}

/** The `verify` subcommand. */
export const verifyCommand: Command = {
  name: NAME,
  summary: 'Give the verdict for badge numbers, NFC UIDs or QR tokens from the cache',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags(NAME, argv, {
      db: { type: 'string' },
      policy: { type: 'string' },
      at: { type: 'string' },
      batch: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.db) throw usageError(`${NAME}: --db FILE is required (the passport cache)`);
    if (values.batch !== undefined && positionals.length) throw usageError(`${NAME}: give payloads or --batch, not both`);
    if (values.batch === undefined && positionals.length === 0) throw usageError(`${NAME}: give at least one PAYLOAD, or --batch FILE (see --help)`);
    const now = parseAtFlag(NAME, values.at, io);
    const policy = loadCommandPolicy(NAME, values.policy, io);
    const payloads: AsyncIterable<string> | string[] = values.batch !== undefined ? batchPayloads(values.batch, io) : positionals;
    let opened;
    try {
      // Held: this thread verifies a share of a batch (batch-verdicts.ts).
      opened = openPassportStore(path.resolve(io.cwd, values.db), { held: true });
    } catch (e) {
      if (e instanceof CacheError) throw new CliError(`${NAME}: ${e.message}`, EXIT_FAILED);
      throw e;
    }
    try {
      await batchVerdicts(payloads, {
        db: path.resolve(io.cwd, values.db),
        store: opened.store,
        policy,
        now,
        json: values.json === true,
        write: (text) => io.stdout.write(text),
      });
    } catch (e) {
      if (e instanceof CacheError) throw new CliError(`${NAME}: ${e.message}`, EXIT_FAILED);
      if (e instanceof CliError) throw e;
      const damage = asDamage(values.db, e);
      if (damage instanceof CacheDamagedError) throw new CliError(`${NAME}: ${damage.message}`, EXIT_FAILED);
      const err = e as Error & { code?: string };
      if (err.code?.startsWith('SQLITE')) throw new CliError(`${NAME}: the cache ${values.db} cannot be read: ${err.message}`, EXIT_FAILED);
      throw e;
    } finally {
      opened.close();
    }
    return EXIT_OK;
  },
};
