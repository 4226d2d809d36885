import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { whenFolded } from '../cache/wal-fold';
import { cacheFileFor, feedFor, recordsFileFor } from '../config/kiosk-paths';
import { loadPolicyFile, type LoadedConfig } from '../config/machine-config';
import { ReaderManager } from '../readers/device-manager';
import { NodeHidPort } from '../readers/node-hid-port';
import { parseReadersConfig } from '../readers/readers-config';
import { SimulatedReader } from '../readers/simulated-reader';
import type { HttpOptions } from '../sync/http-transport';
import type { Clock } from './kiosk-service';
import { openKiosk, type OpenKiosk } from './open-kiosk';
import { readerSourceFrom } from './reader-source';
import { defaultLogDir, kioskLog } from '../log/kiosk-log';

/** Open the log in `dir`, or in `fallback` when `dir` cannot be written; never stops the kiosk. */
function openLog(dir: string, fallback: string): void {
  for (const d of [dir, fallback]) {
    try {
      kioskLog.open({ dir: d });
      kioskLog.info('start', { version: process.env.npm_package_version ?? null, logDir: d });
      return;
    } catch {
      // Try the next folder.
    }
  }
}

/**
 * From a loaded machine config to running services — the one place the
 * Electron app and browser mode both start from, so they behave alike.
 * No config file means the built-in demo: the shipped demo feed and its hub
 * key, the default policy, a simulated badge reader.
 */

export interface KioskSetupOptions {
  clock: Clock;
  /** Folder for the cache (and, unless the config names `records`, the records) when the config names no `db`. */
  dataDir?: string;
  /** Folder for the demo's cache (no config file); default: `dataDir`, else the platform data folder. */
  demoDataDir?: () => string;
  /** HTTP client settings for an https feed (Electron: the session's fetch). */
  http?: HttpOptions;
  /**
   * Whether `clock` is the real clock (default true; false when pinned with
   * --at): then the latest audit time joins the clock's trusted floor and a
   * clock set back while running is noticed.
   */
  realClock?: boolean;
  /** Called once an admin's exit request is granted (the Electron shell quits). */
  onExit?: () => void;
  /**
   * The log folder for IT (src/main/log): default the platform's
   * (`defaultLogDir`), else `logs` beside the cache when that cannot be
   * made; null: no log file (tests).
   */
  logDir?: string | null;
}

export interface KioskSetup {
  kiosk: OpenKiosk;
  /** The reader manager (started), or null when no reader is configured. */
  readers: ReaderManager | null;
  demo: boolean;
  dataDir: string;
  cacheFile: string;
  /** The records file (the config's `records`, else beside the cache). */
  recordsFile: string;
  /** Minutes between scheduled syncs. */
  syncMinutes: number;
  close(): Promise<void>;
}

/** Open the services a machine config describes. Throws ConfigError/HubKeyError with one-line messages. */
export function setupKiosk(loaded: LoadedConfig, options: KioskSetupOptions): KioskSetup {
  const config = loaded.config;
  const demo = loaded.file === null;
  const feedSetting = feedFor(loaded);
  // The config's private CA serves Node-side HTTPS (browser mode); Electron passes its session's fetch, which uses the OS store.
  const http = { ...(loaded.ca !== null && { ca: loaded.ca }), ...options.http };
  const feed = feedSetting ? { source: feedSetting.source, hubKeys: feedSetting.hubKeys, http } : undefined;
  const policy = loadPolicyFile(config.policy ? loaded.resolve(config.policy) : undefined).policy;

  const dirOverride = config.db ? undefined : demo ? (options.demoDataDir?.() ?? options.dataDir) : options.dataDir;
  const cacheFile = dirOverride === undefined ? cacheFileFor(loaded) : path.join(dirOverride, 'cache.sqlite');
  const dataDir = path.dirname(cacheFile);
  mkdirSync(dataDir, { recursive: true });
  const recordsFile = recordsFileFor(loaded, cacheFile);
  if (options.logDir !== null) openLog(options.logDir ?? defaultLogDir(), path.join(dataDir, 'logs'));

  // The demo gets a simulated badge reader, so the status bar shows one;
  // a configured kiosk opens the readers its config lists.
  let readers: ReaderManager | null = null;
  if (demo) {
    const simulated = new SimulatedReader();
    readers = new ReaderManager({ port: simulated.port, readers: [simulated.config] });
  } else {
    const configured = parseReadersConfig(config.readers, loaded.file ?? 'config');
    if (configured.length > 0) readers = new ReaderManager({ port: new NodeHidPort(), readers: configured });
  }
  readers?.start();

  const kiosk = openKiosk({
    cacheFile,
    recordsFile,
    policy,
    clock: options.clock,
    feed,
    readers: readers ? readerSourceFrom(readers) : undefined,
    site: demo ? 'Demo reception' : config.site,
    idleSeconds: config.idleSeconds,
    sounds: config.sounds,
    kioskId: config.kioskId,
    // The same HTTP settings as the feed: the config's CA under Node, the session's fetch in Electron.
    upstream: config.upstream && {
      setting: 'url' in config.upstream ? { url: config.upstream.url } : { folder: loaded.resolve(config.upstream.folder) },
      http,
    },
    // Roles, the clock and retention (operations.md): the app's timers run the daily purge and the clock watch.
    pins: config.pins,
    lockMinutes: config.lockMinutes,
    realClock: options.realClock ?? true,
    ...(options.realClock !== false && { monotonic: () => performance.now() }),
    onExit: options.onExit,
    maintenance: { retentionDays: config.retentionDays, registerDays: config.registerDays, onError: (e) => kioskLog.error('maintenance', e) },
  });
  return {
    kiosk,
    readers,
    demo,
    dataDir,
    cacheFile,
    recordsFile,
    syncMinutes: feedSetting?.syncMinutes ?? 15,
    close: async () => {
      await readers?.stop();
      kiosk.close();
      // A delta's WAL being folded back on a worker (wal-fold.ts) is let finish.
      await whenFolded(cacheFile);
    },
  };
}
