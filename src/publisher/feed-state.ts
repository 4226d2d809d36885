import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { manifestSchema, type Manifest, type SegmentRef } from '../core/schemas/feed';
import { trustListSchema, type TrustList } from '../core/schemas/trust-list';
import { describeZodError } from '../core/schemas/common';
import { decodePayloadUnverified } from './sign';
import { sha256Hex } from './feed-files';

/**
 * The hub's own view of a feed it publishes, read back from the feed folder
 * itself (no sidecar state file): the manifest, then the snapshot's
 * segments and the log entries after it, merged to the highest `rev` per
 * `id`. Nothing is signature-checked — the publisher wrote these files; the
 * hashes are checked so a damaged feed is noticed before it is built on.
 */

/** One passport in the current state: the highest revision seen for its id. */
export interface StateRecord {
  id: string;
  rev: number;
  /** The record's compact JWS line, exactly as published. */
  jws: string;
}

/** What `readFeedState` returns. */
export interface FeedState {
  /** The current manifest (signature not checked), or null for a folder with no feed yet. */
  manifest: Manifest | null;
  /** The trust list the manifest names, or null with no manifest. */
  trustList: TrustList | null;
  /** id → highest-rev record at `manifest.seq` (erased tombstones included). */
  records: Map<string, StateRecord>;
}

/** The feed folder is damaged or is not a feed: the message names the file. */
export class FeedStateError extends Error {}

async function readChecked(feedDir: string, ref: { path: string; sha256: string }): Promise<Buffer> {
  const file = path.join(feedDir, ...ref.path.split('/'));
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new FeedStateError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (sha256Hex(bytes) !== ref.sha256) throw new FeedStateError(`${file}: SHA-256 is not ${ref.sha256} as the manifest says`);
  return bytes;
}

/** The lines of a segment file (gunzipped when `.gz`), blank lines dropped. */
export async function readSegmentLines(feedDir: string, ref: SegmentRef): Promise<string[]> {
  const stored = await readChecked(feedDir, ref);
  const bytes = ref.path.endsWith('.gz') ? gunzipSync(stored) : stored;
  return bytes
    .toString('utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
}

/** `id` and `rev` of a record line, or null when the payload is not a record-shaped JSON object. */
export function recordKey(jws: string): { id: string; rev: number } | null {
  try {
    const data = decodePayloadUnverified(jws) as { id?: unknown; rev?: unknown } | null;
    if (data && typeof data.id === 'string' && Number.isInteger(data.rev)) return { id: data.id, rev: data.rev as number };
  } catch {
    // Not decodable: such a line can be published in a log entry (tests do it
    // on purpose) but has no id, so it never enters the state or a snapshot.
  }
  return null;
}

/** Merge lines into `records`, keeping the highest rev per id (first wins on a tie, as on a kiosk). */
export function mergeLines(records: Map<string, StateRecord>, lines: Iterable<string>): void {
  for (const jws of lines) {
    const key = recordKey(jws);
    if (!key) continue;
    const held = records.get(key.id);
    if (!held || key.rev > held.rev) records.set(key.id, { id: key.id, rev: key.rev, jws });
  }
}

/** Read the manifest of `feedDir` without checking its signature; null when there is none. */
export async function readManifestUnverified(feedDir: string): Promise<Manifest | null> {
  const file = path.join(feedDir, 'manifest.jws');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new FeedStateError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = decodePayloadUnverified(text.trim());
  } catch {
    throw new FeedStateError(`${file}: not a compact JWS with a JSON payload`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) throw new FeedStateError(describeZodError(file, parsed.error));
  return parsed.data;
}

/**
 * The current manifest (unverified) and the merged state at its `seq`:
 * snapshot segments, then log entries after `snapshot.seq` in order.
 */
export async function readFeedState(feedDir: string): Promise<FeedState> {
  const manifest = await readManifestUnverified(feedDir);
  const records = new Map<string, StateRecord>();
  if (!manifest) return { manifest: null, trustList: null, records };
  const trustBytes = await readChecked(feedDir, manifest.trust);
  const trust = trustListSchema.safeParse(JSON.parse(trustBytes.toString('utf8')));
  if (!trust.success) throw new FeedStateError(describeZodError(manifest.trust.path, trust.error));
  for (const seg of manifest.snapshot.segments) mergeLines(records, await readSegmentLines(feedDir, seg));
  for (const entry of manifest.log) {
    if (entry.seq > manifest.snapshot.seq) mergeLines(records, await readSegmentLines(feedDir, entry));
  }
  return { manifest, trustList: trust.data, records };
}
