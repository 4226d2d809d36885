import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { KeyFileError, readPrivateKeyFile, type PrivateKeyJwk } from '../../publisher';
import { usageError, type Io } from '../cli-kit';

/** Small helpers shared by the passport-feed subcommands. */

/** A flag the command cannot run without. */
export function required(command: string, values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw usageError(`${command}: --${name} is required (see --help)`);
  return v;
}

/** A whole number flag ≥ min. */
export function wholeNumber(command: string, name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw usageError(`${command}: --${name} must be a whole number ≥ ${min}, not "${value}"`);
  return Number(value);
}

/** Read a private key file named by a flag; a missing or bad file is a usage error (exit 2). */
export async function loadPrivateKey(command: string, io: Io, file: string): Promise<PrivateKeyJwk> {
  try {
    return await readPrivateKeyFile(path.resolve(io.cwd, file));
  } catch (e) {
    if (e instanceof KeyFileError) throw usageError(`${command}: ${e.message}`);
    throw e;
  }
}

/** Read a text file named by a flag; missing → usage error naming the flag. */
export async function readInputFile(command: string, io: Io, flag: string, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (e) {
    throw usageError(`${command}: --${flag} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Split JSON Lines text into numbered non-blank lines. */
export function numberedLines(text: string): Array<{ n: number; line: string }> {
  return text
    .split('\n')
    .map((line, i) => ({ n: i + 1, line: line.replace(/\r$/, '').trim() }))
    .filter((l) => l.line !== '');
}
