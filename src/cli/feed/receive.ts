import path from 'node:path';
import { KioskKeysError } from '../../receiver/kiosk-keys';
import { startReceiver } from '../../receiver/server';
import { CliError, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { required, wholeNumber } from './feed-kit';

const NAME = 'receive';

const HELP = `Usage: passport-feed receive --store FILE --kiosk-keys FILE [--host H] [--port N]

The reference receiver for kiosks' attendance events (spec/upstream.md):
plain HTTP on --host:--port (default 127.0.0.1:8080; --port 0 picks a free
port). The first line on stdout is "listening on http://H:PORT". Put the
trust's own TLS terminator in front of it (docs/upstream.md).

  POST /v1/events                  {"events":["<jws>",…]} → {"results":[…]}
  GET  /v1/sessions/{id}/register  one session merged across kiosks
  GET  /v1/kiosks                  each kiosk: lastSeen, lastSeq, missingSeqs,
                                   checkpoint, alarm

Flags:
  --store FILE       the SQLite file events are kept in (created if absent;
                     survives restarts)
  --kiosk-keys FILE  a JWK Set {"keys":[…]} of enrolled kiosks' public keys,
                     kid = kiosk id (as "passport-kiosk device" prints each);
                     re-read whenever the file changes
  --host H           address to listen on (default 127.0.0.1)
  --port N           port (default 8080; 0 = any free port)

Runs until SIGINT or SIGTERM, then finishes the requests in flight and
exits 0: everything it acknowledged is stored.

Exit codes: 0 stopped; 1 cannot listen or open the store; 2 used wrongly
(unknown flag, a missing or invalid --kiosk-keys file).`;

export const receiveCommand: Command = {
  name: NAME,
  summary: 'Run the reference receiver for kiosk attendance events',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values } = parseFlags(
      NAME,
      argv,
      { store: { type: 'string' }, 'kiosk-keys': { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
      false,
    );
    const store = path.resolve(io.cwd, required(NAME, values, 'store'));
    const kioskKeys = path.resolve(io.cwd, required(NAME, values, 'kiosk-keys'));
    const port = wholeNumber(NAME, 'port', values.port, 0) ?? 8080;
    if (port > 65535) throw usageError(`${NAME}: --port must be 0–65535, not ${port}`);
    let receiver;
    try {
      receiver = await startReceiver({ store, kioskKeys, host: values.host ?? '127.0.0.1', port, log: (line) => write(io.stderr, line) });
    } catch (e) {
      if (e instanceof KioskKeysError) throw usageError(`${NAME}: ${e.message}`);
      throw new CliError(`${NAME}: cannot start (${(e as Error).message}): check --host, --port and that --store ${store} can be written`);
    }
    write(io.stdout, `listening on ${receiver.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await receiver.stop();
    return EXIT_OK;
  },
};
