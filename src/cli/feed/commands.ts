import type { Command } from '../cli-kit';
import { demoCommand } from './demo';
import { keygenCommand } from './keygen';
import { publishCommand } from './publish';
import { publishAzureCommand } from './publish-azure';
import { receiveCommand } from './receive';
import { signCommand } from './sign';
import { tokenCommand } from './token';

/** The passport-feed subcommands, one file each (src/publisher does the work). */
export const feedCommands: Command[] = [keygenCommand, signCommand, publishCommand, publishAzureCommand, tokenCommand, demoCommand, receiveCommand];
