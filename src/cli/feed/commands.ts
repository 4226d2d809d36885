import type { Command } from '../cli-kit';

/** The passport-feed subcommands, one file each (src/publisher does the work). */
export const feedCommands: Command[] = [];
