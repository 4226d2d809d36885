import { processIo, runProgram, type Command, type Io } from './cli-kit';
import { feedCommands } from './feed/commands';

/** `passport-feed`: the reference publisher (hub side) — spec/cli.md. */
export const PROGRAM = 'passport-feed';
const INTRO = 'passport-feed: the reference publisher. Make keys, sign staff records, publish a signed feed, mint QR tokens.';

export function main(argv: string[], io: Io = processIo(), commands: Command[] = feedCommands): Promise<number> {
  return runProgram(PROGRAM, INTRO, commands, argv, io);
}
