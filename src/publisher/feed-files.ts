import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Durable file writes for the feed folder. Every file is written to a
 * temporary name, fsynced, then renamed into place, and the folder is
 * fsynced after the rename — so a crash leaves either the old file or the
 * new one, never a torn one. Content-addressed files are never rewritten.
 */

/** Lowercase hex SHA-256 of `bytes` (feed.md: the hash of the bytes as stored). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** fsync a directory so a rename in it survives power loss (not possible on Windows: ignored). */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a directory; NTFS journals the rename itself.
  } finally {
    await handle?.close();
  }
}

/** Write `bytes` to `target` atomically (temp file, fsync, rename). Does not fsync the folder. */
export async function writeFileAtomic(target: string, bytes: Uint8Array, mode = 0o644): Promise<void> {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await renameWithRetry(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/**
 * On Windows a rename over a file another process has open (a kiosk or a web
 * server reading manifest.jws) fails for a moment with EPERM/EACCES/EBUSY;
 * try a few times before giving up.
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 5 || !(code === 'EPERM' || code === 'EACCES' || code === 'EBUSY')) throw e;
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

/** A file written into the feed: its path relative to the feed root and its hash. */
export interface StoredFile {
  path: string;
  sha256: string;
}

/**
 * Store `bytes` content-addressed as `<subdir>/<sha256><ext>` under `root`.
 * An existing file with the right bytes is kept as is (it may be being
 * served); one with other bytes (a torn copy from elsewhere) is replaced.
 */
export async function writeContentAddressed(root: string, subdir: string, ext: string, bytes: Uint8Array): Promise<StoredFile> {
  const sha256 = sha256Hex(bytes);
  const rel = `${subdir}/${sha256}${ext}`;
  const target = path.join(root, subdir, `${sha256}${ext}`);
  await mkdir(path.join(root, subdir), { recursive: true });
  const existing = await readFile(target).catch(() => null);
  if (!existing || sha256Hex(existing) !== sha256) await writeFileAtomic(target, bytes);
  return { path: rel, sha256 };
}
