import { CacheError } from '../../main/cache/db';
import { describeRebuilt } from '../../main/cache/cache-health';
import { whenFolded } from '../../main/cache/wal-fold';
import { HubKeyError, readHubKeyFile } from '../../main/sync/hub-keys';
import { runSync, transportFor } from '../../main/sync/run-sync';
import { CaFileError, readCaFile } from '../../main/net/trusted-ca';
import type { PinnedKey } from '../../core/jws';
import { CliError, EXIT_FAILED, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import path from 'node:path';

/** `passport-kiosk sync` (spec/cli.md): sync the cache from a feed. */

const NAME = 'sync';

const HELP = `Usage: passport-kiosk sync --db FILE --feed URL|DIR --hub-key FILE [--hub-key FILE…]
                           [--ca FILE] [--json]

Syncs the passport cache at --db (created if absent) from a signed feed
(an http(s):// URL of the feed root, or a folder), as spec/feed.md says:
the manifest must be signed by a pinned hub key; the trust list and every
segment are checked against their hashes; each record's signature is
verified, and records that fail are skipped and counted. All changes of
one sync become visible together, or not at all.

Flags:
  --db FILE        the SQLite cache file
  --feed URL|DIR   the feed root
  --hub-key FILE   a public Ed25519 JWK with its kid, or a JWK Set
                   {"keys":[…]}; repeat to pin several keys
  --ca FILE        PEM certificate(s) to trust for HTTPS besides the usual
                   roots: a trust's private CA, or the CA of a TLS-inspecting
                   proxy. A refused certificate is FETCH_FAILED naming the
                   host, the certificate and why (unknown issuer, expired,
                   wrong host name)
  --json           print one JSON object:
                     {"ok":true,"feed":…,"seq":…,"mode":"none|delta|snapshot",
                      "applied":…,"skipped":{…},"published":…,"expires":…}
                   or, on refusal, {"ok":false,"code":…,"message":…};
                   plus "cacheRebuilt":{"reason":…,"keptAs":…} when the
                   cache was found damaged and rebuilt

A damaged cache, or a file that is not a passport cache, is moved aside to
FILE.damaged (with its -wal/-shm; only the last one is kept) and rebuilt
from the feed in the same run; a line on stderr says so. A full disk is a
FETCH_FAILED whose message starts "disk full", and leaves the cache as it was.
  --help           this text

Over HTTP(S) the proxy comes from HTTPS_PROXY / HTTP_PROXY / NO_PROXY
(lower-case names too; credentials in the URL: http://USER:PASSWORD@host:port).
Loopback is proxied too unless NO_PROXY names it. A proxy answering 407
(credentials missing or wrong) is FETCH_FAILED saying so. See docs/sync.md.

Exit codes:
  0  synced (or already current)
  1  the feed was refused (MANIFEST_UNTRUSTED, FEED_MISMATCH, FEED_ROLLBACK,
     HASH_MISMATCH, FETCH_FAILED, FEED_INVALID) or the cache cannot be used;
     the cache is left as it was
  2  used wrongly: unknown flag, missing flag, or a hub key or --ca file
     that is missing or invalid`;

function describeSkipped(skipped: Record<string, number>): string {
  const parts = Object.entries(skipped).map(([code, n]) => `${n} ${code}`);
  return parts.length ? `; skipped ${parts.join(', ')}` : '';
}

/** The `sync` subcommand. */
export const syncCommand: Command = {
  name: NAME,
  summary: 'Sync the passport cache from a signed feed (URL or folder)',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags(
      NAME,
      argv,
      {
        db: { type: 'string' },
        feed: { type: 'string' },
        'hub-key': { type: 'string', multiple: true },
        ca: { type: 'string' },
        json: { type: 'boolean' },
      },
      false,
    );
    if (positionals.length) throw usageError(`${NAME}: unexpected argument "${positionals[0]}" (see --help)`);
    if (!values.db) throw usageError(`${NAME}: --db FILE is required (the cache to sync)`);
    if (!values.feed) throw usageError(`${NAME}: --feed URL|DIR is required (the feed root)`);
    const keyFiles = values['hub-key'] ?? [];
    if (keyFiles.length === 0) throw usageError(`${NAME}: --hub-key FILE is required (the hub's public key to pin)`);
    let hubKeys: PinnedKey[];
    try {
      hubKeys = keyFiles.flatMap((f) => readHubKeyFile(path.resolve(io.cwd, f)));
    } catch (e) {
      if (e instanceof HubKeyError) throw usageError(`${NAME}: ${e.message}`);
      throw e;
    }
    let ca: string | undefined;
    try {
      ca = values.ca === undefined ? undefined : readCaFile(path.resolve(io.cwd, values.ca));
    } catch (e) {
      if (e instanceof CaFileError) throw usageError(`${NAME}: ${e.message}`);
      throw e;
    }
    const feed = /^https?:\/\//i.test(values.feed) ? values.feed : path.resolve(io.cwd, values.feed);
    let outcome;
    try {
      outcome = await runSync({ db: path.resolve(io.cwd, values.db), transport: transportFor(feed, { ca, env: io.env }), hubKeys, now: io.now });
    } catch (e) {
      if (e instanceof CacheError) {
        throw new CliError(`${NAME}: ${e.message}`, EXIT_FAILED);
      }
      throw e;
    }
    // The answer is printed at once; the process waits for the WAL to be
    // folded back before it exits (wal-fold.ts), so it leaves the file clean.
    const folded = whenFolded(path.resolve(io.cwd, values.db));
    if (values.json) write(io.stdout, JSON.stringify(outcome));
    if (outcome.cacheRebuilt) write(io.stderr, `${NAME}: ${describeRebuilt(outcome.cacheRebuilt, outcome.ok)}`);
    if (!outcome.ok) {
      write(io.stderr, `${NAME}: refused (${outcome.code}): ${outcome.message}`);
      await folded;
      return EXIT_FAILED;
    }
    if (!values.json) {
      const what = outcome.mode === 'none' ? 'already current' : `${outcome.mode}, ${outcome.applied} passports changed`;
      write(io.stdout, `Synced feed ${outcome.feed} to seq ${outcome.seq} (${what}${describeSkipped(outcome.skipped)}); data valid until ${outcome.expires}`);
    }
    await folded;
    return EXIT_OK;
  },
};
