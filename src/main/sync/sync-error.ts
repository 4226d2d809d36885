import type { SyncFailureCode } from '../../core/codes';

/** A refused sync (feed.md): a code, and one sentence naming the file or URL and what was expected. */
export class SyncError extends Error {
  constructor(
    readonly code: SyncFailureCode,
    message: string,
  ) {
    super(message);
  }
}
