import path from 'node:path';
import type { PinnedKey } from '../../core/jws';
import type { PassportStore } from '../../core/scan-verdict';
import type { SitePolicy } from '../../core/schemas/policy';
import { runSync, transportFor, type SyncOutcome } from '../sync/run-sync';
import type { HttpOptions } from '../sync/http-transport';
import type { SyncOutcomeDto } from '../../shared/kiosk-api';
import { CacheStore, rebuiltWords } from './cache-store';
import { folderPhotoSource } from './feed-photos';
import { Records } from '../records/records';
import type { ScanLogRepo } from '../records/scan-log-repo';
import { KioskSessionDesk } from '../sessions/kiosk-session-desk';
import { SessionService } from '../sessions/session-service';
import { BackgroundDeliverer } from '../upstream/background';
import { outboxOf } from '../upstream/outbox';
import { senderFor, type UpstreamSetting } from '../upstream/target';
import { KioskService, type Clock, type ReaderSource, type SyncRunner } from './kiosk-service';
import { RoleService } from '../roles/role-service';
import { outboxCheckpoints } from '../audit/retention';
import { REGISTER_DAYS_DEFAULT, RETENTION_DAYS } from '../audit/retention-days';
import { startMaintenance } from './maintenance';

/**
 * Putting the real services together: the SQLite passport cache
 * (src/main/cache), the sync (src/main/sync), the records file
 * (src/main/records: the scan log and everything else the kiosk must not
 * lose), photos, and readers. Electron's main process and browser mode both
 * start here.
 */

export interface OpenKioskOptions {
  /** The passport cache file (created by the first sync). */
  cacheFile: string;
  /** The records file (operations.md); default `records.sqlite` beside the cache. */
  recordsFile?: string;
  /**
   * An older version's scan log, carried into the records once if it is
   * there; default `scan-log.sqlite` beside the cache, where older versions
   * kept it.
   */
  scanLogFile?: string;
  policy: SitePolicy;
  clock: Clock;
  /** `http`: HTTP client settings (Electron passes its session's fetch, so the OS proxy applies). */
  feed?: { source: string; hubKeys: readonly PinnedKey[]; threads?: number; http?: HttpOptions };
  readers?: ReaderSource;
  site?: string;
  idleSeconds?: number;
  sounds?: boolean;
  /** The machine config's `kioskId`: used when the kiosk's key pair is made (here, on first start). */
  kioskId?: string;
  /**
   * Where attendance events go (upstream.md); absent: they wait in the
   * outbox. `http`: as for the feed (Electron passes its session's fetch).
   */
  upstream?: { setting: UpstreamSetting; http?: HttpOptions; intervalMs?: number; settleMs?: number };
  /** PIN hashes from the machine config (`pins`); none: the lead's screens stay open, admin calls are refused. */
  pins?: { lead?: string; admin?: string };
  /** Minutes without input before an unlocked role falls back to reception (default 2). */
  lockMinutes?: number;
  /** Whether `clock` is the real clock (not pinned with --at): then the audit's latest time joins the clock's floor. */
  realClock?: boolean;
  /** A monotonic clock (performance.now): with it, a wall clock set back while running is noticed. */
  monotonic?: () => number;
  /** Called once an admin's exit request is granted (the Electron shell quits). */
  onExit?: () => void;
  /**
   * Start the app's timers: the daily retention purge, the clock watch and
   * the roles' fall-back (maintenance.ts). The app does; tests drive them.
   */
  maintenance?: { retentionDays?: number; registerDays?: number; onError?: (e: unknown) => void };
}

export interface OpenKiosk {
  services: KioskService;
  /** The records file, opened for writing (the session services work on it too). */
  records: Records;
  /** The records' scan log (the services write to it). */
  scanLog: ScanLogRepo;
  /** Induction sessions over the records and the cache (the lead's screens reach them through `services`). */
  sessions: SessionService;
  /** Roles and PINs (the PIN pad reaches them through `services`). */
  roles: RoleService;
  /** The passport cache as the services read it (it follows re-syncs), and the site policy. */
  store: PassportStore;
  policy: SitePolicy;
  /** The background deliverer, when an upstream is configured. */
  upstream: BackgroundDeliverer | null;
  close(): void;
}

/** How a sync outcome reads in the status bar. */
export function toSyncOutcomeDto(outcome: SyncOutcome, at: string): SyncOutcomeDto {
  // A sync that found the cache damaged says so, whatever else happened.
  const healed = outcome.cacheRebuilt ? ` ${rebuiltWords(outcome.cacheRebuilt, outcome.ok)}` : '';
  if (!outcome.ok) return { at, ok: false, ...(outcome.code && { code: outcome.code }), message: `${outcome.message}${healed}` };
  const what = outcome.mode === 'none' ? 'already up to date' : `${outcome.applied} passport${outcome.applied === 1 ? '' : 's'} updated`;
  return { at, ok: true, message: `Synced: ${what}${healed && `.${healed}`}`, applied: outcome.applied };
}

function storedOutcome(raw: unknown): SyncOutcomeDto | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as SyncOutcome & { at?: string };
  if (typeof o.at !== 'string' || typeof o.ok !== 'boolean') return null;
  return toSyncOutcomeDto(o, o.at);
}

/** The records file's default place: `records.sqlite` beside the cache (operations.md). */
export const defaultRecordsFile = (cacheFile: string): string => path.join(path.dirname(cacheFile), 'records.sqlite');

/**
 * Open the records and the cache and build the services over them. The
 * records open first: a records file that cannot be used stops the kiosk
 * (throws RecordsError), whereas a missing or damaged cache only means
 * "no data" until the next sync, which never touches the records.
 */
export function openKiosk(options: OpenKioskOptions): OpenKiosk {
  const beside = path.dirname(options.cacheFile);
  const records = Records.open(options.recordsFile ?? defaultRecordsFile(options.cacheFile), {
    legacyScanLog: options.scanLogFile ?? path.join(beside, 'scan-log.sqlite'),
  });
  let store: CacheStore;
  // A damaged cache asks for a sync (which rebuilds it); the services exist by the time one can run.
  const late: { services?: KioskService } = {};
  const healSoon = () => setImmediate(() => void late.services?.runSync('system').catch(() => undefined));
  try {
    store = new CacheStore(options.cacheFile, healSoon, options.clock);
  } catch (e) {
    records.close();
    throw e;
  }
  const scanLog = records.scanLog;
  const feed = options.feed;
  const sync: SyncRunner | undefined = feed && {
    last: () => storedOutcome(store.lastSync()),
    run: async (onProgress) => {
      const outcome = await runSync({
        db: options.cacheFile,
        transport: transportFor(feed.source, feed.http),
        hubKeys: feed.hubKeys,
        threads: feed.threads,
        now: options.clock,
        onProgress: (message) => onProgress({ phase: 'progress', message }),
        // The app's own read handle must be closed before a damaged file is moved aside.
        onDamaged: () => store.release(),
      });
      store.refresh();
      return toSyncOutcomeDto(outcome, new Date(options.clock()).toISOString());
    },
  };
  const isFolder = feed && !/^https?:\/\//i.test(feed.source);
  // Induction sessions: the same cache (it follows re-syncs) and policy, over the records.
  const roles = new RoleService({ records, pins: options.pins ?? {}, clock: options.clock, lockMinutes: options.lockMinutes });
  const sessions = new SessionService({
    records,
    store,
    policy: options.policy,
    clock: options.clock,
    actor: () => roles.current(),
    realClock: options.realClock,
  });
  // The kiosk's identity is made on first start, with the config's kioskId if it names one (upstream.md).
  const outbox = outboxOf(records);
  const identity = outbox.identity(options.kioskId, options.clock());
  const upstream = options.upstream
    ? new BackgroundDeliverer({
        outbox,
        sender: senderFor(options.upstream.setting, identity.kioskId, {
          ca: options.upstream.http?.ca,
          env: options.upstream.http?.env,
          fetch: options.upstream.http?.fetch,
        }),
        audit: records.audit,
        clock: options.clock,
        intervalMs: options.upstream.intervalMs,
        settleMs: options.upstream.settleMs,
      })
    : null;
  // Each arrival, mark and close queued an event: deliver soon.
  if (upstream) sessions.onChange(() => upstream.nudge());
  const services = new KioskService({
    store,
    policy: options.policy,
    clock: options.clock,
    scanLog,
    site: options.site,
    idleSeconds: options.idleSeconds,
    sounds: options.sounds,
    sync,
    readers: options.readers,
    photos: isFolder ? folderPhotoSource(feed.source) : undefined,
    sessions: new KioskSessionDesk(sessions, options.clock),
    ...(upstream && { outbox: upstream }),
    roles,
    audit: records.audit,
    realClock: options.realClock,
    monotonic: options.monotonic,
    onExit: options.onExit,
  });
  const m = options.maintenance;
  const timers = m
    ? startMaintenance({
        records,
        guard: services.guard,
        roles,
        clock: options.clock,
        retention: {
          retentionDays: m.retentionDays ?? RETENTION_DAYS.default,
          registerDays: m.registerDays ?? REGISTER_DAYS_DEFAULT,
          // The purge never passes the receiver's last acknowledged checkpoint when an upstream is configured.
          upstream: () => outboxCheckpoints(records, options.upstream !== undefined),
        },
        onError: m.onError,
      })
    : null;
  late.services = services;
  upstream?.start();
  return {
    services,
    records,
    sessions,
    roles,
    store,
    policy: options.policy,
    scanLog,
    upstream,
    close: () => {
      timers?.stop();
      upstream?.stop();
      services.dispose();
      records.close();
      store.close();
    },
  };
}
