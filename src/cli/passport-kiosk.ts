import { processIo, runProgram, type Command, type Io, type LazyCommand } from './cli-kit';
import { kioskCommands } from './kiosk/commands';

/** `passport-kiosk`: the kiosk's command line (spec/cli.md). */
export const PROGRAM = 'passport-kiosk';
const INTRO = 'Staff Passport Kiosk: check NHS staff passports against a signed feed, offline.';

export function main(argv: string[], io: Io = processIo(), commands: readonly (Command | LazyCommand)[] = kioskCommands): Promise<number> {
  return runProgram(PROGRAM, INTRO, commands, argv, io);
}
