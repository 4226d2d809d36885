import type { HidPort } from '../readers/hid-port';
import type { HttpOptions } from '../sync/http-transport';
import { checkCache } from './check-cache';
import { inspectConfig, type ConfigInspection } from './check-config';
import { checkFeed } from './check-feed';
import { checkPolicy } from './check-policy';
import { checkReaders } from './check-readers';
import { checkRecords } from './check-records';
import { checkUpstream } from './check-upstream';
import { CHECKS, fail, notChecked, oneLine, warn, type Finding } from './findings';
import { checkAudit, checkClock, checkRoles } from './check-audit';
import { cacheFileFor, feedFor, recordsFileFor, type FeedSetting } from '../config/kiosk-paths';

/**
 * `doctor`: every check in order — config, policy, cache, records, feed,
 * upstream, readers — as plain findings. Nothing is written: the cache and the
 * records are opened read-only, the
 * feed's manifest is fetched and verified but not applied, readers are
 * listed but not opened.
 */

export interface DoctorOptions {
  /** `--config FILE` (absolute), else $PASSPORT_KIOSK_CONFIG, else the platform location. */
  config?: string;
  /** An inspection already made (the CLI makes it first, to turn a bad --config into exit 2). */
  inspected?: ConfigInspection;
  env?: NodeJS.ProcessEnv;
  /** Now, ms since the epoch. */
  now?: () => number;
  platform?: string;
  /** The cache file; default: the config's `db`, else `defaultCacheFile()`. The app passes its own. */
  cacheFile?: string;
  /** The records file; default: the config's `records`, else `records.sqlite` beside the cache. The app passes its own. */
  recordsFile?: string;
  /** The HID port for the readers check (node-hid in the app and CLI). */
  hid: () => HidPort;
  http?: HttpOptions;
}

export interface DoctorReport {
  /** No finding failed. */
  ok: boolean;
  /** When the checks ran (RFC 3339). */
  at: string;
  /** The machine config file, or null for the built-in demo (or when none could be loaded). */
  configFile: string | null;
  cacheFile: string | null;
  recordsFile: string | null;
  feed: string | null;
  findings: Finding[];
}

const quote = (s: string) => (/[\s"]/.test(s) ? `"${s.replace(/"/g, '\\"')}"` : s);

export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const env = opts.env ?? process.env;
  const now = (opts.now ?? Date.now)();
  const platform = opts.platform ?? process.platform;
  const inspected = opts.inspected ?? inspectConfig(opts.config, env);
  const findings: Finding[] = [inspected.finding];
  const report = (cacheFile: string | null, recordsFile: string | null, feed: string | null): DoctorReport => ({
    ok: !findings.some((f) => f.status === 'fail'),
    at: new Date(now).toISOString(),
    configFile: inspected.loaded?.file ?? null,
    cacheFile,
    recordsFile,
    feed,
    findings,
  });

  const loaded = inspected.loaded;
  if (!loaded) {
    for (const check of ['policy', 'cache', 'records', 'audit', 'roles', 'clock', 'feed', 'upstream', 'readers'] as const) findings.push(notChecked(check, 'the machine config cannot be loaded'));
    return report(null, null, null);
  }

  findings.push(checkPolicy(loaded));

  const cacheFile = opts.cacheFile ?? cacheFileFor(loaded, env, platform);
  let feed: FeedSetting | null = null;
  try {
    feed = feedFor(loaded);
  } catch (e) {
    // Only the demo hub key file is read here; the app's own files are damaged.
    findings.push(fail('feed', `The built-in demo feed's hub key cannot be read: ${oneLine(e)}.`, 'Reinstall the app, or configure a feed in the machine config.'));
  }
  const syncHint = feed
    ? `passport-kiosk sync --db ${quote(cacheFile)} --feed ${quote(feed.source)} --hub-key ${feed.hubKeyFile ? quote(feed.hubKeyFile) : 'FILE (a file holding the pinned hub key)'}`
    : `passport-kiosk sync --db ${quote(cacheFile)} --feed FEED --hub-key FILE`;
  const cache = checkCache(cacheFile, { now, syncHint });
  findings.push(cache.finding);
  const recordsFile = opts.recordsFile ?? recordsFileFor(loaded, cacheFile, platform);
  findings.push(checkRecords(recordsFile, { platform }));
  findings.push(...checkAudit(loaded, recordsFile, now));
  findings.push(...checkRoles(loaded, recordsFile, now));
  findings.push(checkClock(recordsFile, cache.state?.published ?? null, now));

  // Node-side HTTPS as the CLI sync does it: the config's private CA, the proxy variables of `env`.
  const http = { ...(loaded.ca !== null && { ca: loaded.ca }), env, ...opts.http };
  if (feed) findings.push(...(await checkFeed(feed, { now, cache: cache.state, http, syncHint })));
  else if (loaded.file !== null && !loaded.config.feed) {
    findings.push(
      warn(
        'feed',
        `The machine config ${loaded.file} names no feed, so the kiosk never syncs: scans are answered from whatever the cache already holds, until it goes out of date.`,
        'Add "feed" (source and hubKeys) to the machine config (docs/doctor.md).',
      ),
    );
  }

  findings.push(...(await checkUpstream(loaded, recordsFile, { now, http })));

  if (inspected.readers) findings.push(...(await checkReaders(inspected.readers, opts.hid(), platform)));
  else findings.push(notChecked('readers', 'the machine config\'s "readers" list is invalid'));

  // Keep the findings in check order whatever order they were made in.
  const order: readonly string[] = CHECKS;
  findings.sort((a, b) => order.indexOf(a.check) - order.indexOf(b.check));
  return report(cacheFile, recordsFile, feed?.source ?? null);
}
