import { chmodSync, closeSync, existsSync, fchmodSync, openSync } from 'node:fs';

/**
 * Files readable by their owner only (0600) on POSIX: the records hold
 * names, passport ids and attendance, so other local accounts must not read
 * them (operations.md "The records file"). Windows has no mode bits: there
 * the data folder's ACL does this job, and these functions do nothing.
 */

const OWNER_ONLY = 0o600;

const posix = (platform: string) => platform !== 'win32';

/**
 * Create `file` empty with mode 0600 if it does not exist, before SQLite
 * opens it, so it is never readable by others even for a moment. The mode
 * is set again with fchmod because `open`'s mode is filtered by the umask
 * (a umask of 0o277 would otherwise leave it unwritable, and a umask never
 * widens it, so this is the exact mode whatever the umask).
 */
export function createPrivateFile(file: string, platform: string = process.platform): void {
  if (!posix(platform) || existsSync(file)) return;
  let fd: number;
  try {
    fd = openSync(file, 'wx', OWNER_ONLY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return; // another process made it first
    throw e;
  }
  try {
    fchmodSync(fd, OWNER_ONLY);
  } finally {
    closeSync(fd);
  }
}

/**
 * Set 0600 on `file` and on SQLite's `-wal` and `-shm` beside it, where
 * they exist (a file made by an older version, or copied in by hand, may
 * have been group- or world-readable). Best effort for files this account
 * does not own (EPERM): they stay usable, and doctor reports their mode.
 */
export function tightenSqliteFiles(file: string, platform: string = process.platform): void {
  if (!posix(platform)) return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, OWNER_ONLY);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw e;
    }
  }
}
