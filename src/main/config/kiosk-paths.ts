import path from 'node:path';
import type { PinnedKey } from '../../core/jws';
import { defaultDataDir, resourcesDir, type LoadedConfig } from './machine-config';
import { readHubKeyFile } from '../sync/hub-keys';

/**
 * Where the kiosk's files are, by one rule for the app, browser mode and
 * `doctor`. The cache: the machine config's `db` (relative to the config
 * file), else `cache.sqlite` in the platform data folder (`defaultDataDir()`:
 * data does not belong in /etc). Browser mode's demo, without `db`, uses a
 * new temporary folder per run instead.
 */
export function defaultCacheFile(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  return (platform === 'win32' ? path.win32 : path).join(defaultDataDir(env, platform), 'cache.sqlite');
}

/** The cache file for a loaded config: its `db`, else the platform default. */
export function cacheFileFor(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  return loaded.config.db ? loaded.resolve(loaded.config.db) : defaultCacheFile(env, platform);
}

/**
 * The records file for a loaded config: its `records` (relative to the
 * config file), else `records.sqlite` beside the cache (operations.md).
 */
export function recordsFileFor(loaded: LoadedConfig, cacheFile: string, platform: string = process.platform): string {
  if (loaded.config.records) return loaded.resolve(loaded.config.records);
  const p = platform === 'win32' ? path.win32 : path;
  return p.join(p.dirname(cacheFile), 'records.sqlite');
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

/**
 * The feed the kiosk syncs from: the config's; with no config file at all,
 * the shipped demo feed and key; a config file that names no feed: none
 * (null), the kiosk does not sync.
 */
export function feedFor(loaded: LoadedConfig): FeedSetting | null {
  const feed = loaded.config.feed;
  if (feed) {
    const source = /^https?:\/\//i.test(feed.source) ? feed.source : loaded.resolve(feed.source);
    return { source, hubKeys: feed.hubKeys.map((k) => ({ kty: 'OKP', crv: 'Ed25519', x: k.x, kid: k.kid })), demo: false, syncMinutes: feed.syncMinutes, hubKeyFile: null };
  }
  if (loaded.file !== null) return null;
  const demo = path.join(resourcesDir(), 'demo');
  const hubKeyFile = path.join(demo, 'hub-key.json');
  return { source: path.join(demo, 'feed'), hubKeys: readHubKeyFile(hubKeyFile), demo: true, syncMinutes: 15, hubKeyFile };
}
