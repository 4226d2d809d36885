import type { Command } from '../cli-kit';
import { decodeImageCommand } from './decode-image';
import { readerCommand } from './reader';

/**
 * The passport-kiosk subcommands, one file each. Each issue adds its own:
 * sync/verify (cache & sync), reader (badge readers), decode-image and
 * doctor (the app).
 */
export const kioskCommands: Command[] = [decodeImageCommand, readerCommand];
