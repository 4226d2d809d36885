import { startVerdictWorkers } from '../../main/verify/early-workers';
import type { LazyCommand } from '../cli-kit';

/**
 * The passport-kiosk subcommands, one file each. Each issue adds its own:
 * sync/verify (cache & sync), reader (badge readers), decode-image and
 * doctor (the app), session (induction sessions), …
 *
 * A command's module is loaded only when that command runs (or the list is
 * printed): loading every command's dependencies (PDF, barcode decoding,
 * HTTP, SQLite records) cost a third of a second on every run, and
 * `verify --batch` is timed with its process start (issue 11). A test holds
 * each entry's name to its command's.
 */
export const kioskCommands: LazyCommand[] = [
  { name: 'audit', load: () => (require('./audit') as typeof import('./audit')).auditCommand },
  { name: 'decode-image', load: () => (require('./decode-image') as typeof import('./decode-image')).decodeImageCommand },
  { name: 'device', load: () => (require('./device') as typeof import('./device')).deviceCommand },
  { name: 'doctor', load: () => (require('./doctor') as typeof import('./doctor')).doctorCommand },
  { name: 'outbox', load: () => (require('./outbox') as typeof import('./outbox')).outboxCommand },
  { name: 'pin', load: () => (require('./pin') as typeof import('./pin')).pinCommand },
  { name: 'reader', load: () => (require('./reader') as typeof import('./reader')).readerCommand },
  { name: 'session', load: () => (require('./session') as typeof import('./session')).sessionCommand },
  { name: 'sync', load: () => (require('./sync') as typeof import('./sync')).syncCommand },
  {
    name: 'verify',
    load: (argv) => {
      // `verify --batch` starts its worker threads first: their own start-up
      // (~0.15 s of loading modules) then overlaps this thread's.
      if (argv.includes('--batch')) startVerdictWorkers();
      return (require('./verify') as typeof import('./verify')).verifyCommand;
    },
  },
];
