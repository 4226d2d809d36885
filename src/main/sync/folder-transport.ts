import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SyncError } from './sync-error';
import { hashMismatch, sha256File, type FeedTransport, type LocalFile } from './transport';

/**
 * A feed in a folder. Paths from the manifest are resolved under the root
 * and refused if they would leave it — by `..`, an absolute path, or a
 * symbolic link pointing elsewhere — even though the manifest schema has
 * already refused such paths (defence in depth).
 */
export class FolderTransport implements FeedTransport {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  describe(feedPath: string): string {
    return path.join(this.root, feedPath);
  }

  private async resolve(feedPath: string): Promise<string> {
    const target = path.resolve(this.root, feedPath);
    const rel = path.relative(this.root, target);
    if (feedPath.includes('\\') || path.isAbsolute(feedPath) || rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new SyncError('FEED_INVALID', `feed path "${feedPath}" leaves the feed folder ${this.root}: expected a path inside it`);
    }
    let real: string;
    let realRoot: string;
    try {
      [real, realRoot] = await Promise.all([realpath(target), realpath(this.root)]);
    } catch {
      throw new SyncError('FETCH_FAILED', `${target} is missing: expected the file the manifest names (is the feed folder ${this.root} complete?)`);
    }
    const realRel = path.relative(realRoot, real);
    if (realRel.startsWith('..') || path.isAbsolute(realRel)) {
      throw new SyncError('FEED_INVALID', `${target} links outside the feed folder ${this.root}: expected a file inside it`);
    }
    return real;
  }

  async fetchManifest(): Promise<{ notModified: false; text: string; etag: null }> {
    const file = path.join(this.root, 'manifest.jws');
    try {
      const s = await stat(file);
      if (s.size > 16 * 1024 * 1024) throw new SyncError('FEED_INVALID', `${file} is ${s.size} bytes: expected a small signed manifest`);
      return { notModified: false, text: await readFile(file, 'utf8'), etag: null };
    } catch (e) {
      if (e instanceof SyncError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new SyncError('FETCH_FAILED', `cannot read ${file} (${code ?? (e as Error).message}): expected a feed folder with a manifest.jws`);
    }
  }

  async fetchFile(feedPath: string, sha256: string): Promise<LocalFile> {
    const file = await this.resolve(feedPath);
    let actual: string;
    try {
      actual = await sha256File(file);
    } catch (e) {
      throw new SyncError('FETCH_FAILED', `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (actual !== sha256) throw hashMismatch(file, sha256, actual);
    return { file, release: async () => undefined };
  }
}
