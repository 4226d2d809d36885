import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The small framework both commands share: subcommands, flag parsing with
 * `node:util` parseArgs, and the exit-code contract of spec/cli.md —
 * 0 done, 1 refused or failed, 2 used wrongly — with one-line errors.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A failure a person can act on: one line, and the exit code it means. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = EXIT_FAILED,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT_USAGE);

/** Where a command reads and writes; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Now, ms since the epoch. */
  now(): number;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    now: () => Date.now(),
    env: process.env,
    cwd: process.cwd(),
  };
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full --help text. */
  help: string;
  /** Returns the exit code; throws CliError for refusals and misuse. */
  run(argv: string[], io: Io): Promise<number>;
}

/**
 * A command known by name whose module is loaded only when it is run or
 * listed, so one command's start-up does not pay for every other
 * command's dependencies (PDF, barcode, HTTP, …).
 */
export interface LazyCommand {
  name: string;
  /** `argv`: the command's arguments when it is about to run (empty when only listed), for work worth starting before its modules load. */
  load(argv: readonly string[]): Command;
}

const loaded = (c: Command | LazyCommand, argv: readonly string[] = []): Command => ('load' in c ? c.load(argv) : c);

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs that turns its errors into usage errors naming the command. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, allowPositionals, strict: true });
  } catch (e) {
    throw usageError(`${command}: ${(e as Error).message.split('\n')[0]} (see --help)`);
  }
}

export function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Run a command-line program made of subcommands; returns the exit code. */
export async function runProgram(
  program: string,
  intro: string,
  commands: readonly (Command | LazyCommand)[],
  argv: string[],
  io: Io,
): Promise<number> {
  const [name, ...rest] = argv;
  const list = () =>
    `${intro}\n\nUsage: ${program} <command> [flags]\n\nCommands:\n${commands
      .map((c) => loaded(c))
      .map((c) => `  ${c.name.padEnd(14)} ${c.summary}`)
      .join('\n')}\n\nRun "${program} <command> --help" for a command's flags.`;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    write(name === undefined ? io.stderr : io.stdout, list());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = commands.find((c) => c.name === name);
  try {
    if (!entry) throw usageError(`${program}: unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')})`);
    const command = loaded(entry, rest);
    if (rest.includes('--help') || rest.includes('-h')) {
      write(io.stdout, command.help);
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      write(io.stderr, e.message);
      return e.exitCode;
    }
    const err = e as Error;
    write(io.stderr, `${program} ${name}: unexpected failure: ${err?.message ?? String(e)}`);
    return EXIT_FAILED;
  }
}
