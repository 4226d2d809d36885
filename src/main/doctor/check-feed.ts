import { verifyManifestJws } from '../../core/jws';
import type { CacheState } from '../cache/passport-cache';
import type { HttpOptions } from '../sync/http-transport';
import { transportFor } from '../sync/run-sync';
import { SyncError } from '../sync/sync-error';
import { fail, ok, oneLine, warn, type Finding } from './findings';
import type { FeedSetting } from '../config/kiosk-paths';

export interface FeedCheckOptions {
  /** Now, ms since the epoch. */
  now: number;
  /** The cache's sync state (null: no data), to compare its cursor with the feed's seq. */
  cache: CacheState | null;
  /** HTTP settings; doctor defaults to one attempt with a 10 s time-out. */
  http?: HttpOptions;
  /** The sync command for this kiosk, for the fixes. */
  syncHint?: string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const isHttp = (source: string) => /^https?:\/\//i.test(source);

/** What to do when the manifest cannot be fetched, by what went wrong. */
function unreachableFix(why: string, source: string): string {
  if (/ TLS certificate of /.test(why)) {
    return 'Do what the message says: for an unknown issuer, set "ca" in the machine config to the PEM file of the CA that signed the certificate (the trust\'s private CA, or the TLS-inspecting proxy\'s); an expired or wrongly named certificate must be fixed on the server.';
  }
  if (/ proxy .*\b407\b/.test(why)) {
    return 'Give the proxy account in HTTPS_PROXY / HTTP_PROXY (http://USER:PASSWORD@host:port) for the kiosk user, or ask IT which proxy account the kiosk should use.';
  }
  return isHttp(source)
    ? 'Check the network and the proxy (HTTPS_PROXY / HTTP_PROXY), and that feed.source in the machine config is the feed root URL; open it in a browser on this machine to confirm.'
    : 'Check that the feed folder (or share, or removable drive) is mounted and readable by the kiosk user, and that feed.source in the machine config names it.';
}

/**
 * Fetch the feed's `manifest.jws` through the same transport a sync uses and
 * verify it with the pinned hub keys — without syncing or writing anything —
 * then compare it with the cache: reachability, signature, the feed's seq
 * against the cache's cursor, and the feed's own `expires`.
 */
export async function checkFeed(feed: FeedSetting, opts: FeedCheckOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const name = feed.demo ? `the built-in demo feed (${feed.source})` : `feed ${feed.source}`;
  const syncIt = opts.syncHint ?? 'passport-kiosk sync';
  if (feed.demo) {
    findings.push(
      warn('feed', 'With no machine config, the kiosk syncs the built-in demo feed: synthetic staff, not real passports.', 'Create the machine config with this desk\'s "feed" (source and hubKeys) (docs/doctor.md).'),
    );
  }
  const where = isHttp(feed.source) ? `${feed.source.replace(/\/+$/, '')}/manifest.jws` : feed.source;
  let text: string;
  try {
    const transport = transportFor(feed.source, { retries: 0, timeoutMs: 10_000, ...opts.http });
    const fetched = await transport.fetchManifest(null);
    if (fetched.notModified) throw new SyncError('FETCH_FAILED', `${where} answered 304 Not Modified to a request without an ETag`);
    text = fetched.text;
  } catch (e) {
    const why = (e instanceof SyncError ? e.message : oneLine(e)).replace(/; check the network, proxy and feed URL$/, '');
    const fix = unreachableFix(why, feed.source);
    findings.push(fail('feed', `Cannot reach ${name}: ${why}.`.replace(/\.\.$/, '.'), fix));
    return findings;
  }

  const checked = await verifyManifestJws(text, feed.hubKeys);
  if (!checked.ok) {
    const kids = feed.hubKeys.map((k) => k.kid).join(', ');
    if (checked.code === 'MANIFEST_UNTRUSTED') {
      findings.push(
        fail(
          'feed',
          `MANIFEST_UNTRUSTED: the manifest of ${name} is not signed by a pinned hub key (${checked.detail.replace(/^manifest(\.jws)?: /, '')}; pinned: ${kids}), so a sync would refuse it.`,
          'Check that feed.hubKeys in the machine config holds the hub\'s current public key (ask the hub for it; if the hub rotated its key, pin the new one), and that feed.source is the right feed.',
        ),
      );
    } else {
      findings.push(fail('feed', `${checked.code}: the manifest of ${name} is not a valid feed manifest (${checked.detail}).`, 'Tell the hub that publishes the feed: its manifest is malformed.'));
    }
    return findings;
  }

  const m = checked.manifest;
  const cache = opts.cache;
  const head = `${cap(name)} is reachable and its manifest is signed by pinned hub key ${checked.kid}: feed "${m.feed}" seq ${m.seq}, published ${m.published}, valid until ${m.expires}`;
  if (cache && cache.seq !== null && cache.feed !== m.feed) {
    findings.push(
      fail('feed', `FEED_MISMATCH: ${head}, but the cache holds feed "${cache.feed}", so a sync would refuse it.`, 'Point feed.source at the cache\'s feed, or set "db" in the machine config to a new cache file for this feed.'),
    );
    return findings;
  }
  if (cache && cache.seq !== null && m.seq < cache.seq) {
    findings.push(
      fail(
        'feed',
        `FEED_ROLLBACK: ${head}, older than seq ${cache.seq} already in the cache: an old manifest is being served, and a sync would refuse it.`,
        'Tell the hub: the feed (or a cache or mirror in front of it) is serving an old manifest.',
      ),
    );
    return findings;
  }
  if (opts.now > Date.parse(m.expires)) {
    findings.push(
      fail('feed', `${head}; but that manifest expired at ${m.expires}, so even a fresh sync leaves every scan marked DATA_STALE.`, 'Contact the hub that publishes the feed: it has stopped publishing fresh manifests.'),
    );
    return findings;
  }
  if (!cache || cache.seq === null) {
    findings.push(ok('feed', `${head}; the cache has no data from it yet.`));
  } else if (m.seq > cache.seq) {
    findings.push(
      warn('feed', `${head}; the cache is behind, at seq ${cache.seq}.`, `Run ${syncIt}, or wait for the scheduled sync (every ${feed.syncMinutes} minutes) and check it succeeds.`),
    );
  } else {
    findings.push(ok('feed', `${head}; the cache is up to date.`));
  }
  return findings;
}
