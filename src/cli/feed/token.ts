import path from 'node:path';
import { signToken } from '../../publisher';
import { writeQrPng } from '../../publisher/demo/tokens';
import { tokenPayloadSchema } from '../../core/schemas/token';
import { describeZodError } from '../../core/schemas/common';
import { CliError, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { loadPrivateKey, required, wholeNumber } from './feed-kit';

const NAME = 'token';

const HELP = `Usage: passport-feed token --key ISSUER_PRIVATE.json --pid ID --iss ODS --rev N --valid-days N
                          [--iat TIME] [--png FILE] [--json]

Mints a signed QR token (scan.md) for a passport and prints it on stdout: a
compact JWS (typ passport-token+jws) of {"v":1,"pid","iss","rev","iat","exp"}.
A kiosk verifies it offline against the trust list; show it as a QR code
(--png), or in a Code 128 / PDF417 barcode.

Flags:
  --key FILE         the issuer's private key (its kid must be the issuer's in the trust list)
  --pid ID           the passport id
  --iss ODS          the issuer's ODS code (the passport's iss)
  --rev N            the passport's current rev
  --valid-days N     exp = iat + N days
  --iat TIME         RFC 3339 issue time (default now)
  --png FILE         also write the token as a QR code PNG
  --json             print {"token":…,"payload":{…},"png":FILE|null}
  --help             this text

Exit codes: 0 minted; 1 the PNG could not be written; 2 used wrongly or a
missing or invalid key file.`;

export const tokenCommand: Command = {
  name: NAME,
  summary: 'Mint a signed QR token for a passport (prints it; --png writes a QR code)',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values } = parseFlags(
      NAME,
      argv,
      {
        key: { type: 'string' },
        pid: { type: 'string' },
        iss: { type: 'string' },
        rev: { type: 'string' },
        'valid-days': { type: 'string' },
        iat: { type: 'string' },
        png: { type: 'string' },
        json: { type: 'boolean' },
      },
      false,
    );
    const key = await loadPrivateKey(NAME, io, required(NAME, values, 'key'));
    const rev = wholeNumber(NAME, 'rev', required(NAME, values, 'rev'))!;
    const days = wholeNumber(NAME, 'valid-days', required(NAME, values, 'valid-days'))!;
    const iatMs = values.iat === undefined ? io.now() : Date.parse(values.iat);
    if (Number.isNaN(iatMs)) throw usageError(`${NAME}: --iat "${values.iat}" is not an RFC 3339 time`);
    const iat = Math.floor(iatMs / 1000);
    const parsed = tokenPayloadSchema.safeParse({ v: 1, pid: required(NAME, values, 'pid'), iss: required(NAME, values, 'iss'), rev, iat, exp: iat + days * 86_400 });
    if (!parsed.success) throw usageError(`${NAME}: ${describeZodError('token', parsed.error)}`);
    const token = await signToken(parsed.data, key);
    let png: string | null = null;
    if (values.png) {
      png = path.resolve(io.cwd, values.png);
      try {
        await writeQrPng(png, token);
      } catch (e) {
        throw new CliError(`${NAME}: cannot write ${png} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
    write(io.stdout, values.json ? JSON.stringify({ token, payload: parsed.data, png }) : token);
    return EXIT_OK;
  },
};
