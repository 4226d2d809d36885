import path from 'node:path';
import type { PinnedKey } from '../../core/jws';
import { resourcesDir, type LoadedConfig } from '../config/machine-config';
import { readHubKeyFile } from '../sync/hub-keys';

/**
 * Where the kiosk's files are, by the same rules the app uses.
 *
 * The cache: the machine config's `db` (relative to the config file), as
 * src/main/web/start-web.ts does. With no `db`, browser mode keeps its cache
 * in a new temporary folder per run (nothing to check), and the Electron
 * shell does not open a cache yet, so the installed kiosk's default is
 * defined here: beside the machine config on Windows
 * (`%ProgramData%\StaffPassportKiosk\cache.sqlite`), and
 * `/var/lib/staff-passport-kiosk/cache.sqlite` elsewhere (data does not
 * belong in /etc).
 */
export function defaultCacheFile(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'StaffPassportKiosk', 'cache.sqlite');
  return '/var/lib/staff-passport-kiosk/cache.sqlite';
}

/** The cache file for a loaded config: its `db`, else the platform default. */
export function cacheFileFor(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  return loaded.config.db ? loaded.resolve(loaded.config.db) : defaultCacheFile(env, platform);
}

export interface FeedSetting {
  /** An http(s) URL, or an absolute folder path. */
  source: string;
  hubKeys: PinnedKey[];
  /** True when no feed is configured and the kiosk uses the shipped demo feed. */
  demo: boolean;
  /** Minutes between scheduled syncs. */
  syncMinutes: number;
  /** A file holding the pinned keys, when there is one (the demo's hub-key.json), for `sync --hub-key`. */
  hubKeyFile: string | null;
}

/** The feed the kiosk syncs from: the config's, else the demo feed and key (as start-web.ts does). */
export function feedFor(loaded: LoadedConfig): FeedSetting {
  const feed = loaded.config.feed;
  if (feed) {
    const source = /^https?:\/\//i.test(feed.source) ? feed.source : loaded.resolve(feed.source);
    return { source, hubKeys: feed.hubKeys.map((k) => ({ kty: 'OKP', crv: 'Ed25519', x: k.x, kid: k.kid })), demo: false, syncMinutes: feed.syncMinutes, hubKeyFile: null };
  }
  const demo = path.join(resourcesDir(), 'demo');
  const hubKeyFile = path.join(demo, 'hub-key.json');
  return { source: path.join(demo, 'feed'), hubKeys: readHubKeyFile(hubKeyFile), demo: true, syncMinutes: 15, hubKeyFile };
}
