import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { generateKeyPair } from '../../publisher';
import { CliError, EXIT_OK, parseFlags, write, type Command, type Io } from '../cli-kit';
import { required } from './feed-kit';

const NAME = 'keygen';

const HELP = `Usage: passport-feed keygen --kid KID --out PRIVATE.json [--public-out PUBLIC.json] [--json]

Makes a new Ed25519 key pair for an issuer (signs records and QR tokens) or
a hub (signs the feed manifest). The private key is a JWK with its kid,
written with mode 0600; keep it off any served folder. The public key (JWK
with kid) goes into the trust list (issuer) or a kiosk's pinned hub keys.

Flags:
  --kid KID               key id, unique across the trust list (e.g. rxl-2026-1)
  --out FILE              where to write the private key; refuses to overwrite
  --public-out FILE       also write the public key here (else it is printed)
  --json                  print {"kid":…,"private":FILE,"public":{…}} on stdout
  --help                  this text

Exit codes: 0 written; 1 a file could not be written; 2 used wrongly.`;

export const keygenCommand: Command = {
  name: NAME,
  summary: 'Make an Ed25519 key pair (issuer or hub key)',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values } = parseFlags(NAME, argv, { kid: { type: 'string' }, out: { type: 'string' }, 'public-out': { type: 'string' }, json: { type: 'boolean' } }, false);
    const kid = required(NAME, values, 'kid');
    const out = path.resolve(io.cwd, required(NAME, values, 'out'));
    const { privateJwk, publicJwk } = await generateKeyPair(kid);
    try {
      await writeFile(out, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      if (values['public-out']) await writeFile(path.resolve(io.cwd, values['public-out']), `${JSON.stringify(publicJwk, null, 2)}\n`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`${NAME}: cannot write ${code === 'EEXIST' ? `${out}: it already exists (keygen never overwrites a key)` : `a key file (${code ?? (e as Error).message})`}`);
    }
    if (values.json) write(io.stdout, JSON.stringify({ kid, private: out, public: publicJwk }));
    else write(io.stdout, values['public-out'] ? `wrote ${out} (private, 0600) and ${values['public-out']}` : JSON.stringify(publicJwk));
    return EXIT_OK;
  },
};
