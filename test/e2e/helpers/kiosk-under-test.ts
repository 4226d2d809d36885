import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PinnedKey } from '../../../src/core/jws';
import type { SitePolicy } from '../../../src/core/schemas/policy';
import { loadPolicyFile } from '../../../src/main/config/machine-config';
import type { KioskService, ReaderSource } from '../../../src/main/kiosk/kiosk-service';
import { openKiosk } from '../../../src/main/kiosk/open-kiosk';
import type { ScanLogRepo } from '../../../src/main/records/scan-log-repo';
import { startWebServer, type WebServer } from '../../../src/main/web/web-server';
import { RENDERER_DIR, ensureRendererBuilt } from './renderer-build';

export interface KioskUnderTest {
  server: WebServer;
  services: KioskService;
  scanLog: ScanLogRepo;
  /** The real cache file the feed was synced into. */
  cacheFile: string;
  close(): Promise<void>;
}

/** What `startKioskFromFeed` is given. */
export interface KioskFromFeedOptions {
  feedDir: string;
  hubKeys: readonly PinnedKey[];
  /** The pinned clock: an instant, or a function the test can move. */
  at: number | (() => number);
  policy?: SitePolicy;
  idleSeconds?: number;
  sounds?: boolean;
  readers?: ReaderSource;
  dataDir?: string;
  /** PIN hashes (machine config `pins`); none: the lead's screens stay open, admin calls are refused. */
  pins?: { lead?: string; admin?: string };
  /** Minutes without input before an unlocked role falls back (default 2). */
  lockMinutes?: number;
  /** Called when the services grant an admin's exit (the Electron shell would quit). */
  onExit?: () => void;
}

/**
 * Browser mode exactly as `start:web --at` runs it, with real services: a
 * real SQLite cache in a temp folder, synced from `feedDir` with the pinned
 * hub keys, the records file beside it, and the clock pinned at `at`.
 */
export async function startKioskFromFeed(opts: KioskFromFeedOptions): Promise<KioskUnderTest> {
  ensureRendererBuilt();
  const ownDir = opts.dataDir === undefined;
  const dir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-'));
  const cacheFile = path.join(dir, 'cache.sqlite');
  const kiosk = openKiosk({
    cacheFile,
    policy: opts.policy ?? loadPolicyFile().policy,
    clock: typeof opts.at === 'function' ? opts.at : () => opts.at as number,
    // Verification on this thread: Jest runs TypeScript, which worker threads cannot load.
    feed: { source: opts.feedDir, hubKeys: opts.hubKeys, threads: 0 },
    site: 'Main reception (e2e)',
    idleSeconds: opts.idleSeconds ?? 60,
    sounds: opts.sounds ?? false,
    readers: opts.readers,
    pins: opts.pins,
    lockMinutes: opts.lockMinutes,
    onExit: opts.onExit,
  });
  // The admin's sync, as the schedule runs it (Sync now on the screen needs the admin PIN).
  const synced = await kiosk.services.runSync();
  if (!synced.ok) throw new Error(`e2e: the feed did not sync: ${synced.message}`);
  const server = await startWebServer({ services: kiosk.services, rendererDir: RENDERER_DIR });
  return {
    server,
    services: kiosk.services,
    scanLog: kiosk.scanLog,
    cacheFile,
    close: async () => {
      await server.close();
      kiosk.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
