import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EventResult, Sender, SendOutcome, SignedEvent } from './sender';

/**
 * Delivery to a drop folder (upstream.md "Delivery to a folder"): each
 * event as `DIR/<kiosk id>/<seq, 12 digits>-<id>.jws` (the compact JWS and
 * a line end), written under a temporary name (starting with a dot, ending
 * `.tmp`, which a watcher ignores), flushed to disk, then renamed to its
 * name — so a reader never sees half a file. A file already there counts
 * as delivered (`duplicate`) and is not touched. A kill between write and
 * rename leaves only a dot-named `.tmp` file, which readers ignore.
 */
export class FolderSender implements Sender {
  readonly where: string;

  constructor(
    private readonly dir: string,
    private readonly kioskId: string,
  ) {
    this.where = dir;
  }

  /** The file name of an event. */
  static fileName(e: { seq: number; id: string }): string {
    return `${String(e.seq).padStart(12, '0')}-${e.id}.jws`;
  }

  async send(events: readonly SignedEvent[]): Promise<SendOutcome> {
    if (!existsSync(this.dir) || !statSync(this.dir).isDirectory()) {
      return { kind: 'failed', error: `drop folder ${this.dir} does not exist or is not reachable: check the share (the events stay queued)`, retryable: false };
    }
    const sub = path.join(this.dir, this.kioskId);
    const results: EventResult[] = [];
    try {
      await mkdir(sub, { recursive: true });
      for (const e of events) {
        const target = path.join(sub, FolderSender.fileName(e));
        if (existsSync(target)) {
          results.push({ id: e.id, status: 'duplicate' });
          continue;
        }
        const tmp = path.join(sub, `.${FolderSender.fileName(e)}.${randomBytes(4).toString('hex')}.tmp`);
        const fh = await open(tmp, 'wx');
        try {
          await fh.writeFile(`${e.jws}\n`);
          await fh.sync();
        } finally {
          await fh.close();
        }
        try {
          await rename(tmp, target);
        } catch (err) {
          await rm(tmp, { force: true });
          throw err;
        }
        results.push({ id: e.id, status: 'accepted' });
      }
    } catch (err) {
      // What was written so far is delivered; the rest stays queued.
      if (results.length) return { kind: 'answered', results };
      return { kind: 'failed', error: `drop folder ${sub}: ${(err as Error).message}` };
    }
    return { kind: 'answered', results };
  }
}
