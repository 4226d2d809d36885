import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { manifestSchema, type Manifest, type SegmentRef } from '../core/schemas/feed';
import { trustListSchema, type TrustList } from '../core/schemas/trust-list';
import { describeZodError } from '../core/schemas/common';
import type { PrivateKeyJwk } from './keys';
import { signManifest } from './sign';
import { syncDir, writeContentAddressed, writeFileAtomic } from './feed-files';
import { mergeLines, readFeedState, type StateRecord } from './feed-state';

/**
 * Publishing one `seq` (feed.md, "Publishing"): the records become one log
 * entry (except on the first publication, which is a snapshot alone); the snapshot is rewritten on request, on the first publication, or
 * when the log since the snapshot grows past `logLimit`. Every file the new
 * manifest names is written and fsynced first; `manifest.jws` is renamed
 * into place last, so a reader (or a crash) sees the old feed or the new
 * one, whole. One publisher per feed folder at a time.
 */

export interface PublishOptions {
  feedDir: string;
  feedId: string;
  hubKey: PrivateKeyJwk;
  trustList: TrustList;
  /** Signed record JWS lines for this publication (becomes one log entry). Not verified here. */
  records: string[];
  /** Also rewrite the snapshot at this seq (forced on the first publication). */
  snapshot?: boolean;
  /** `published`; default the clock. */
  now?: Date;
  /** `expires` = now + this many hours; default 24. */
  validityHours?: number;
  /** Rewrite the snapshot automatically when more than this many log entries follow it; default 64. */
  logLimit?: number;
  /** How many recent log entries to keep for kiosks that are slightly behind; default 16. */
  logKeep?: number;
  /** Snapshot segments as `.ndjson.gz`; default true. Log entries are always plain `.ndjson`. */
  gzip?: boolean;
  /** At most this many records per snapshot segment; default 50,000. */
  segmentMaxRecords?: number;
}

/** A publication was refused (bad options or a feed folder that is not this feed). Nothing was changed. */
export class PublishError extends Error {}

export const DEFAULT_VALIDITY_HOURS = 24;
export const DEFAULT_LOG_LIMIT = 64;
export const DEFAULT_LOG_KEEP = 16;
export const DEFAULT_SEGMENT_MAX_RECORDS = 50_000;

/** RFC 3339 without milliseconds, as the spec's examples are written. */
export function instant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function linesBytes(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
}

/** Write the whole state as snapshot segments, sorted by id so equal states give equal files. */
async function writeSnapshot(
  feedDir: string,
  records: Map<string, StateRecord>,
  gzip: boolean,
  maxPerSegment: number,
): Promise<SegmentRef[]> {
  const ids = [...records.keys()].sort();
  const segments: SegmentRef[] = [];
  for (let i = 0; i < ids.length; i += maxPerSegment) {
    const lines = ids.slice(i, i + maxPerSegment).map((id) => records.get(id)!.jws);
    const plain = linesBytes(lines);
    // level 9 and no file name/mtime in the header: the same state always gives the same address.
    const bytes = gzip ? gzipSync(plain, { level: 9 }) : plain;
    const file = await writeContentAddressed(feedDir, 'segments', gzip ? '.ndjson.gz' : '.ndjson', bytes);
    segments.push({ ...file, count: lines.length });
  }
  return segments;
}

function checkOptions(opts: PublishOptions): TrustList {
  if (!opts.feedId || opts.feedId.length > 128) throw new PublishError('feed id must be 1–128 characters');
  opts.records.forEach((line, i) => {
    if (typeof line !== 'string' || /[\r\n]/.test(line)) {
      throw new PublishError(`record ${i + 1}: a record line must be one compact JWS with no line break`);
    }
  });
  const trust = trustListSchema.safeParse(opts.trustList);
  if (!trust.success) throw new PublishError(describeZodError('trust list', trust.error));
  for (const [name, value] of [
    ['validityHours', opts.validityHours],
    ['logLimit', opts.logLimit],
    ['logKeep', opts.logKeep],
    ['segmentMaxRecords', opts.segmentMaxRecords],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new PublishError(`${name} must be a whole number ≥ 1`);
  }
  return trust.data;
}

/** Publish `records` as the next `seq` of the feed in `feedDir` (created if absent). */
export async function publish(opts: PublishOptions): Promise<{ seq: number; manifest: Manifest }> {
  const trustList = checkOptions(opts);
  const { feedDir } = opts;
  await mkdir(feedDir, { recursive: true });
  const state = await readFeedState(feedDir);
  const prev = state.manifest;
  if (prev && prev.feed !== opts.feedId) {
    throw new PublishError(`${path.join(feedDir, 'manifest.jws')} is feed "${prev.feed}", not "${opts.feedId}"`);
  }
  const seq = (prev?.seq ?? 0) + 1;
  const now = opts.now ?? new Date();
  const expires = new Date(now.getTime() + (opts.validityHours ?? DEFAULT_VALIDITY_HOURS) * 3_600_000);

  // 1. Content-addressed files: the new log entry, the trust list, then the snapshot if due.
  // The first publication is a snapshot and nothing else: no kiosk can be at seq 0
  // with data to catch up from, so a log entry would only duplicate the snapshot.
  const logEntry = prev
    ? { seq, ...(await writeContentAddressed(feedDir, 'segments', '.ndjson', linesBytes(opts.records))), count: opts.records.length }
    : null;
  const trustBytes = Buffer.from(`${JSON.stringify(trustList, null, 2)}\n`, 'utf8');
  const trust = await writeContentAddressed(feedDir, 'trust', '.json', trustBytes);

  mergeLines(state.records, opts.records);
  const sinceSnapshot = prev ? seq - prev.snapshot.seq : Infinity;
  const rewrite = !prev || opts.snapshot === true || sinceSnapshot > (opts.logLimit ?? DEFAULT_LOG_LIMIT);
  const snapshot = rewrite
    ? {
        seq,
        segments: await writeSnapshot(feedDir, state.records, opts.gzip ?? true, opts.segmentMaxRecords ?? DEFAULT_SEGMENT_MAX_RECORDS),
      }
    : prev!.snapshot;

  // 2. The log: contiguous, ending at seq, reaching back to snapshot.seq + 1 at
  //    least, and to the last `logKeep` entries so slightly-behind kiosks avoid a rebuild.
  const keepFrom = Math.min(snapshot.seq + 1, seq - (opts.logKeep ?? DEFAULT_LOG_KEEP) + 1);
  const log = [...(prev?.log ?? []), ...(logEntry ? [logEntry] : [])].filter((e) => e.seq >= keepFrom);

  const manifest: Manifest = {
    v: 1,
    feed: opts.feedId,
    seq,
    published: instant(now),
    expires: instant(expires),
    trust,
    snapshot,
    log,
  };
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success) throw new PublishError(describeZodError('manifest', checked.error));

  // 3. Make the new files durable, then swap the manifest in last.
  await syncDir(path.join(feedDir, 'segments'));
  await syncDir(path.join(feedDir, 'trust'));
  const jws = await signManifest(manifest, opts.hubKey);
  await writeFileAtomic(path.join(feedDir, 'manifest.jws'), Buffer.from(`${jws}\n`, 'utf8'));
  await syncDir(feedDir);
  return { seq, manifest };
}
