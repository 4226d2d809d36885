import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { parsePassport } from '../../core/schemas/passport';
import { signRecord } from '../../publisher';
import { CliError, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { loadPrivateKey, numberedLines, readInputFile, required } from './feed-kit';

const NAME = 'sign';

const HELP = `Usage: passport-feed sign --key ISSUER_PRIVATE.json --in records.jsonl --out signed.jsonl [--json]

Signs staff records (JSON Lines, one passport record per line, passport.md)
with an issuer key. Every line is checked against the record schema first,
and its "iss" must be the same for all lines; nothing is written unless all
are valid. Each output line is a compact JWS (typ passport+jws) whose payload
is the line's JSON as given. Blank lines are skipped.

Flags:
  --key FILE     the issuer's private key (from keygen)
  --in FILE      records, JSON Lines ("-" for stdin is not supported)
  --out FILE     signed records, one compact JWS per line
  --json         print {"signed":N,"out":FILE} on stdout
  --help         this text

Exit codes: 0 signed; 1 the output could not be written; 2 used wrongly, a
missing or invalid key file, or a record line that is not valid JSON or not
a valid record (the message names the line and field).`;

export const signCommand: Command = {
  name: NAME,
  summary: 'Sign staff records (JSON Lines) with an issuer key',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values } = parseFlags(NAME, argv, { key: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } }, false);
    const keyFile = required(NAME, values, 'key');
    const inFile = required(NAME, values, 'in');
    const out = path.resolve(io.cwd, required(NAME, values, 'out'));
    const key = await loadPrivateKey(NAME, io, keyFile);
    const lines = numberedLines(await readInputFile(NAME, io, 'in', inFile));
    const records: unknown[] = [];
    for (const { n, line } of lines) {
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch (e) {
        throw usageError(`${NAME}: ${inFile} line ${n}: not valid JSON (${(e as Error).message})`);
      }
      const parsed = parsePassport(data);
      if (!parsed.ok) throw usageError(`${NAME}: ${inFile} line ${n}: ${parsed.error}`);
      const first = records.length > 0 ? (records[0] as { iss: string }).iss : parsed.value.iss;
      if (parsed.value.iss !== first) {
        throw usageError(`${NAME}: ${inFile} line ${n}: iss ${parsed.value.iss} differs from ${first} on the first record (one issuer key signs one issuer's records)`);
      }
      records.push(data); // signed as given, so unknown extra fields survive (forward compatibility)
    }
    const signed: string[] = [];
    for (const r of records) signed.push(await signRecord(r, key));
    try {
      await writeFile(out, signed.map((s) => `${s}\n`).join(''));
    } catch (e) {
      throw new CliError(`${NAME}: cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    write(io.stdout, values.json ? JSON.stringify({ signed: signed.length, out }) : `signed ${signed.length} record(s) with ${key.kid} → ${out}`);
    return EXIT_OK;
  },
};
