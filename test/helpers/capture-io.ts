import { PassThrough } from 'node:stream';
import type { Io } from '../../src/cli/cli-kit';

/**
 * An in-memory `Io` for running a command's `main()` in-process: stdout and
 * stderr collected as text, an injected clock, no environment unless given.
 */
export function captureIo(opts: { cwd?: string; env?: NodeJS.ProcessEnv; now?: () => number } = {}): {
  io: Io;
  out: () => string;
  err: () => string;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const io: Io = { stdout, stderr, stdin: new PassThrough(), now: opts.now ?? (() => 0), env: opts.env ?? {}, cwd: opts.cwd ?? process.cwd() };
  return { io, out: () => out, err: () => err };
}
