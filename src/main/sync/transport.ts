import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { SyncError } from './sync-error';

/**
 * Where a feed comes from. HTTP(S) and folders (an SMB share, removable
 * media) implement the same interface, so the sync engine is one piece of
 * code whatever the source.
 */
export interface FeedTransport {
  /** Where `feedPath` is, for messages: a URL or a file path. */
  describe(feedPath: string): string;
  /**
   * `manifest.jws`. With `etag` (HTTP), a 304 yields `{notModified: true}`.
   * Throws SyncError FETCH_FAILED.
   */
  fetchManifest(etag: string | null): Promise<{ notModified: true } | { notModified: false; text: string; etag: string | null }>;
  /**
   * Make `feedPath` available as a local file whose SHA-256 has been checked
   * against `sha256` before anyone parses it (HASH_MISMATCH otherwise).
   * `workDir` is where downloads may be kept; `release` removes them.
   */
  fetchFile(feedPath: string, sha256: string, workDir: string): Promise<LocalFile>;
}

/** A feed file on local disk, hash already checked. */
export interface LocalFile {
  file: string;
  /** Delete it if it was a download; no-op for a folder feed. */
  release(): Promise<void>;
}

/** SHA-256 (lowercase hex) of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The HASH_MISMATCH refusal, worded the same for every transport. */
export function hashMismatch(where: string, expected: string, actual: string): SyncError {
  return new SyncError(
    'HASH_MISMATCH',
    `${where} has SHA-256 ${actual}, but the manifest names ${expected}: the file was altered or damaged; nothing was changed`,
  );
}
