import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * One e2e file at a time, even when Jest runs several workers: a scanner's
 * keys are told from a person's by 35 ms gaps, and two Chromiums fighting
 * for two cores make gaps no scanner would. Each e2e file takes this lock
 * in beforeAll and gives it back in afterAll.
 */
const LOCK = path.join(tmpdir(), 'staff-passport-kiosk-e2e.lock');
const STALE_MS = 5 * 60_000;

export async function takeE2eLock(): Promise<() => void> {
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(LOCK, { force: true });
    } catch {
      // A lock left by a killed run is taken over after a while.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { force: true });
      } catch {
        // gone already
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
