import type { Command } from '../cli-kit';
import { decodeImageCommand } from './decode-image';
import { doctorCommand } from './doctor';
import { readerCommand } from './reader';
import { syncCommand } from './sync';
import { verifyCommand } from './verify';

/**
 * The passport-kiosk subcommands, one file each. Each issue adds its own:
 * sync/verify (cache & sync), reader (badge readers), decode-image and
 * doctor (the app).
 */
export const kioskCommands: Command[] = [decodeImageCommand, doctorCommand, readerCommand, syncCommand, verifyCommand];
