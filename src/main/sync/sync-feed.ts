import path from 'node:path';
import { SKIP_CODES, type SkipCode } from '../../core/codes';
import { verifyManifestJws, type PinnedKey } from '../../core/jws';
import type { Manifest, SegmentRef } from '../../core/schemas/feed';
import { trustListSchema, type TrustList } from '../../core/schemas/trust-list';
import { describeZodError } from '../../core/schemas/common';
import type { CacheChange, CacheWriter } from '../cache/cache-writer';
import { readSegment } from './segment-reader';
import { SyncError } from './sync-error';
import type { FeedTransport, LocalFile } from './transport';
import { createVerifierPool, type VerifierPool } from './verifier-pool';
import type { LineResult } from './record-verifier';
import { readFile } from 'node:fs/promises';

/**
 * The kiosk side of feed.md, "Sync (what a kiosk does)", steps 1–5: verify
 * the manifest with a pinned hub key, refuse rollbacks and other feeds,
 * fetch the trust list if its hash changed, apply the log as a delta or
 * rebuild from the snapshot, verify every record (worker threads) while the
 * previous batch is written, and commit atomically.
 */

/** The summary `passport-kiosk sync --json` prints (cli.md). */
export interface SyncSummary {
  ok: true;
  feed: string;
  seq: number;
  mode: 'none' | 'delta' | 'snapshot';
  applied: number;
  skipped: Partial<Record<SkipCode, number>>;
  published: string;
  expires: string;
}

export interface SyncOptions {
  transport: FeedTransport;
  hubKeys: readonly PinnedKey[];
  /** Folder for downloaded segments (HTTP); removed as each one is applied. */
  workDir: string;
  /** Verifying threads, this one included; default all cores; 0 or 1 = this thread alone. */
  threads?: number;
  /** Short progress lines for the status bar. */
  onProgress?: (message: string) => void;
}

/**
 * Lines per verification batch, and batches in flight before reading
 * pauses: enough that the workers always have batches queued while this
 * thread writes, and that this thread finds batches of its own to verify
 * while it waits for the one to be written next (verifier-pool.ts); a
 * batch is ~0.5 MB of lines, held twice while a worker has it. Measured on
 * 150,000 records, eight interleaved pairs: 8 in flight a median 11.49 s
 * and 266–277 MB peak RSS, 6 in flight 11.65 s and 262–280 MB; 16 no
 * faster than 8, and 35–45 MB more.
 */
const BATCH_LINES = 256;
const MAX_IN_FLIGHT = 8;

/** Run one sync into the cache; throws SyncError on refusal, leaving the cache as it was. */
export async function syncFeed(writer: CacheWriter, opts: SyncOptions): Promise<SyncSummary> {
  const { transport } = opts;
  const progress = opts.onProgress ?? (() => undefined);
  const state = writer.state();
  const haveData = state.seq !== null;

  progress('Checking manifest');
  const fetched = await transport.fetchManifest(haveData ? state.etag : null);
  if (fetched.notModified) return unchanged(state);
  const where = transport.describe('manifest.jws');
  const checked = await verifyManifestJws(fetched.text, opts.hubKeys);
  if (!checked.ok) {
    const why = checked.code === 'MANIFEST_UNTRUSTED' ? '; expected a manifest signed by a pinned hub key' : '';
    throw new SyncError(checked.code, `${where}: ${checked.detail.replace(/^manifest(\.jws)?: /, '')}${why}`);
  }
  const m = checked.manifest;
  if (haveData && state.feed !== m.feed) {
    throw new SyncError('FEED_MISMATCH', `${where} is feed "${m.feed}", but this cache holds feed "${state.feed}": point --feed at the right feed, or use a new cache file`);
  }
  if (haveData && m.seq < state.seq!) {
    throw new SyncError('FEED_ROLLBACK', `${where} is seq ${m.seq}, older than seq ${state.seq} already applied: an old manifest was replayed; nothing was changed`);
  }
  if (haveData && m.seq === state.seq) return unchanged(state);

  const trust = await loadTrust(writer, transport, m, state.trustSha256, opts.workDir);
  const cursor = state.seq ?? 0;
  const delta = haveData && m.log.some((e) => e.seq === cursor + 1);
  const segments: SegmentRef[] = delta
    ? m.log.filter((e) => e.seq > cursor)
    : [...m.snapshot.segments, ...m.log.filter((e) => e.seq > m.snapshot.seq)];

  const pool = createVerifierPool(trust.list, trust.json, opts.threads);
  const skipped: Partial<Record<SkipCode, number>> = {};
  let applied = 0;
  let change: CacheChange | null = null;
  try {
    change = delta ? writer.startDelta() : writer.startRebuild();
    const target = change;
    const apply = (lines: string[], results: LineResult[]) => {
      results.forEach((r, i) => {
        const outcome = typeof r === 'string' ? r : target.apply(r, lines[i]!);
        if (outcome === 'applied') applied++;
        else if (outcome !== 'ignored') skipped[outcome] = (skipped[outcome] ?? 0) + 1;
      });
    };
    // Each segment's file is fetched and its hash checked (step 4) while the
    // one before it is verified and written, so a folder feed's hashing (3–5 s
    // of one core at 1.5 M records) and an HTTP feed's downloads do not leave
    // the verifying threads idle. At most two segments are downloaded at once.
    let next: Promise<LocalFile> | null = null;
    try {
      for (const [n, seg] of segments.entries()) {
        const local = await (next ?? fetchAhead(transport, seg, opts.workDir));
        next = null;
        const following = segments[n + 1];
        // The same file twice would be one download: it waits for its turn.
        if (following && following.path !== seg.path) next = fetchAhead(transport, following, opts.workDir);
        progress(`Reading segment ${n + 1} of ${segments.length}`);
        try {
          await applySegment(seg, local, transport, pool, apply);
        } finally {
          await local.release();
        }
      }
    } finally {
      // A sync that failed with a fetch under way: let it end, and remove what it downloaded.
      if (next) await next.then((l) => l.release(), () => undefined);
    }
    progress(delta ? 'Saving' : 'Indexing and switching to the new data');
    change.commit({
      feed: m.feed,
      seq: m.seq,
      published: m.published,
      expires: m.expires,
      trustSha256: m.trust.sha256,
      trustJson: trust.changed ? trust.json : null,
      etag: fetched.etag,
    });
    change = null;
  } finally {
    change?.abort();
    await pool.close();
  }
  const ordered: Partial<Record<SkipCode, number>> = {};
  for (const code of SKIP_CODES) if (skipped[code]) ordered[code] = skipped[code];
  return { ok: true, feed: m.feed, seq: m.seq, mode: delta ? 'delta' : 'snapshot', applied, skipped: ordered, published: m.published, expires: m.expires };
}

function unchanged(state: ReturnType<CacheWriter['state']>): SyncSummary {
  if (state.seq === null) throw new SyncError('FETCH_FAILED', 'the feed answered "not modified" to a first sync: expected a manifest');
  return { ok: true, feed: state.feed!, seq: state.seq, mode: 'none', applied: 0, skipped: {}, published: state.published!, expires: state.expires! };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Step 2: the trust list named by the manifest, fetched only if its hash changed. */
async function loadTrust(
  writer: CacheWriter,
  transport: FeedTransport,
  m: Manifest,
  storedSha: string | null,
  workDir: string,
): Promise<{ list: TrustList; json: string; changed: boolean }> {
  let json: string;
  const changed = storedSha !== m.trust.sha256;
  if (changed) {
    const local = await transport.fetchFile(m.trust.path, m.trust.sha256, workDir);
    try {
      // Strict UTF-8 (BOM kept): the stored text must re-encode to the very
      // bytes the hash was checked on, since the cache re-checks that hash
      // each time it is opened (a mismatch there means a damaged cache).
      json = strictUtf8.decode(await readFile(local.file));
    } catch (e) {
      if (e instanceof TypeError) throw new SyncError('FEED_INVALID', `${transport.describe(m.trust.path)} is not UTF-8 text: expected a trust list (passport.md)`);
      throw e;
    } finally {
      await local.release();
    }
  } else {
    json = writer.storedTrustJson() ?? '';
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new SyncError('FEED_INVALID', `${transport.describe(m.trust.path)} is not JSON: expected a trust list (passport.md)`);
  }
  const parsed = trustListSchema.safeParse(data);
  if (!parsed.success) {
    throw new SyncError('FEED_INVALID', `${transport.describe(m.trust.path)}: ${describeZodError('trust list', parsed.error)}`);
  }
  return { list: parsed.data, json, changed };
}

/** Start fetching a segment (hash checked); a failure is thrown where the fetch is awaited, in its turn. */
function fetchAhead(transport: FeedTransport, seg: SegmentRef, workDir: string): Promise<LocalFile> {
  const fetching = transport.fetchFile(seg.path, seg.sha256, workDir);
  fetching.catch(() => undefined);
  return fetching;
}

/** Stream, verify and apply one fetched segment, in order. */
async function applySegment(
  seg: SegmentRef,
  local: LocalFile,
  transport: FeedTransport,
  pool: VerifierPool,
  apply: (lines: string[], results: LineResult[]) => void,
): Promise<void> {
  const where = transport.describe(seg.path);
  const inFlight: { lines: string[]; results: Promise<LineResult[]> }[] = [];
  let batch: string[] = [];
  // Oversized lines never reach a worker: they are RECORD_INVALID unread.
  const flush = () => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    inFlight.push({ lines, results: pool.verify(lines) });
  };
  const drainOne = async () => {
    const next = inFlight.shift()!;
    // Rather than wait for it, verify later batches here.
    await pool.helpUntil(next.results);
    apply(next.lines, await next.results);
  };
  try {
    let scan;
    try {
      scan = await readSegment(local.file, seg.path.endsWith('.gz'), async (line) => {
        if (line === null) {
          flush();
          inFlight.push({ lines: [''], results: Promise.resolve(['RECORD_INVALID']) });
        } else {
          batch.push(line);
          if (batch.length >= BATCH_LINES) flush();
        }
        while (inFlight.length >= MAX_IN_FLIGHT) await drainOne();
      });
    } catch (e) {
      if (e instanceof SyncError) throw e;
      const err = e as NodeJS.ErrnoException;
      const what = err.code?.startsWith('Z_') ? 'is not valid gzip' : `cannot be read (${err.code ?? err.message})`;
      throw new SyncError(err.code?.startsWith('Z_') ? 'FEED_INVALID' : 'FETCH_FAILED', `${where} ${what}`);
    }
    if (scan.sha256 !== seg.sha256) {
      throw new SyncError('HASH_MISMATCH', `${where} changed while it was being read (SHA-256 ${scan.sha256}, expected ${seg.sha256}); nothing was changed`);
    }
    if (scan.lines !== seg.count) {
      throw new SyncError('FEED_INVALID', `${where} has ${scan.lines} records, but the manifest says ${seg.count}: expected the count to match`);
    }
    flush();
    while (inFlight.length > 0) await drainOne();
  } finally {
    // Settle anything still in flight before the pool closes.
    await Promise.allSettled(inFlight.map((f) => f.results));
  }
}

/** Where HTTP downloads go for a cache file. */
export function workDirFor(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), `.${path.basename(dbFile)}.download`);
}
