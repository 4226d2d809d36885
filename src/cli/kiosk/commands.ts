import type { Command } from '../cli-kit';
import { auditCommand } from './audit';
import { decodeImageCommand } from './decode-image';
import { deviceCommand } from './device';
import { doctorCommand } from './doctor';
import { outboxCommand } from './outbox';
import { pinCommand } from './pin';
import { readerCommand } from './reader';
import { sessionCommand } from './session';
import { syncCommand } from './sync';
import { verifyCommand } from './verify';

/**
 * The passport-kiosk subcommands, one file each. Each issue adds its own:
 * sync/verify (cache & sync), reader (badge readers), decode-image and
 * doctor (the app), session (induction sessions).
 */
export const kioskCommands: Command[] = [auditCommand, decodeImageCommand, deviceCommand, doctorCommand, outboxCommand, pinCommand, readerCommand, sessionCommand, syncCommand, verifyCommand];
