import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { manifestSchema, type Manifest } from '../core/schemas/feed';
import { decodePayloadUnverified } from './sign';

/**
 * Publishing a feed folder to Azure Blob Storage (feed.md: "servable by
 * any object store or CDN"). The same promise as the folder publisher —
 * a reader sees the old feed or the new one, whole — kept on a store with
 * no rename:
 *
 * 1. Check the folder: every file the local manifest names is there with
 *    the SHA-256 it names (a damaged folder uploads nothing).
 * 2. Read the container's current manifest: a different feed, a higher
 *    `seq`, or another manifest at the same `seq` is refused (an old
 *    folder must never roll kiosks back).
 * 3. Upload the content-addressed files that are missing (trust list,
 *    segments, photos), `Cache-Control: public, max-age=31536000,
 *    immutable`; a blob already there with our `sha256` metadata is skipped.
 * 4. Upload `manifest.jws` **last**, `Cache-Control: no-cache`, on
 *    condition that the container's manifest is still the one read in 2
 *    (If-Match its ETag), so two publishers cannot interleave.
 *
 * Nothing is ever deleted: a kiosk (or a CDN edge) may still hold the
 * previous manifest and fetch the files it names, for as long as a sync or
 * a cache lifetime lasts — and old content-addressed blobs cost pennies.
 */

/** Files named by content hash never change: cache them for a year, and never revalidate. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The manifest changes with every publication: caches must revalidate it (ETag → 304). */
export const MANIFEST_CACHE_CONTROL = 'no-cache';
/** Compact JWS (RFC 7515 §9.2.1). */
export const MANIFEST_CONTENT_TYPE = 'application/jose';

/** The content type of a feed file by its path. `.gz` segments are `application/gzip` with **no** Content-Encoding: their hash is of the gzip bytes. */
export function contentTypeFor(feedPath: string, head?: Uint8Array): string {
  if (feedPath === 'manifest.jws') return MANIFEST_CONTENT_TYPE;
  if (feedPath.endsWith('.ndjson.gz')) return 'application/gzip';
  if (feedPath.endsWith('.ndjson')) return 'application/x-ndjson';
  if (feedPath.endsWith('.json')) return 'application/json';
  if (head && head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'image/png';
  return 'application/octet-stream';
}

/** A publication to a container was refused; nothing the current kiosks need was changed. */
export class AzurePublishError extends Error {}

export interface AzurePublishOptions {
  feedDir: string;
  container: ContainerClient;
  /** Folder inside the container that is the feed root ('' = the container root). */
  prefix?: string;
  /** Files uploaded at once (default 4). */
  concurrency?: number;
  onProgress?: (message: string) => void;
}

export interface AzurePublishResult {
  feed: string;
  seq: number;
  /** The container's `seq` before, or null when it held no manifest. */
  previousSeq: number | null;
  /** Feed paths uploaded, in order of completion; `manifest.jws` last when uploaded. */
  uploaded: string[];
  /** Content-addressed files already in the container, left alone. */
  present: number;
  /** `unchanged`: the container already held this very manifest. */
  manifest: 'uploaded' | 'unchanged';
}

interface LocalFile {
  feedPath: string;
  file: string;
  sha256: string;
}

function parseManifest(text: string, where: string): Manifest {
  let data: unknown;
  try {
    data = decodePayloadUnverified(text.trim());
  } catch {
    throw new AzurePublishError(`${where} is not a compact JWS: expected a feed manifest`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) throw new AzurePublishError(`${where} is not a feed manifest (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Step 1: the files the local manifest names (and photos/), each hash checked. */
async function localFiles(feedDir: string, manifest: Manifest): Promise<LocalFile[]> {
  const refs = new Map<string, string>();
  refs.set(manifest.trust.path, manifest.trust.sha256);
  for (const s of manifest.snapshot.segments) refs.set(s.path, s.sha256);
  for (const e of manifest.log) refs.set(e.path, e.sha256);
  const photos = await readdir(path.join(feedDir, 'photos')).catch(() => [] as string[]);
  for (const name of photos) if (/^[0-9a-f]{64}$/.test(name)) refs.set(`photos/${name}`, name);
  const files: LocalFile[] = [];
  for (const [feedPath, sha256] of refs) {
    const file = path.join(feedDir, ...feedPath.split('/'));
    const actual = await sha256Of(file).catch((e: NodeJS.ErrnoException) => {
      throw new AzurePublishError(`${file} cannot be read (${e.code ?? e.message}): the folder does not hold every file its manifest names; nothing was uploaded`);
    });
    if (actual !== sha256) throw new AzurePublishError(`${file} has SHA-256 ${actual}, not ${sha256} as its name or the manifest says: the folder is damaged; nothing was uploaded`);
    files.push({ feedPath, file, sha256 });
  }
  return files;
}

/** One line from a storage error: status, code, and what to do for the usual ones. */
export function describeStorageError(e: unknown, what: string): string {
  const err = e as { statusCode?: number; code?: string; message?: string };
  const status = err.statusCode;
  const code = err.code ?? '';
  const first = (err.message ?? String(e)).split('\n')[0]!.trim();
  if (status === 403 || status === 401) {
    return `storage refused ${what} (${status} ${code}): check the SAS token (it needs read, add, create, write and list permission on the container, and must not have expired) or the connection string's account key`;
  }
  if (status === 404 && code === 'ContainerNotFound') return `the container does not exist (${what}): create it, or pass --create-container`;
  if (status) return `storage answered ${status} ${code} to ${what}: ${first}`;
  return `${what} failed: ${first}`;
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

/** Publish the feed folder's current manifest and the files it names to the container. */
export async function publishToAzure(opts: AzurePublishOptions): Promise<AzurePublishResult> {
  const prefix = (opts.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const blobName = (feedPath: string) => (prefix ? `${prefix}/${feedPath}` : feedPath);
  const progress = opts.onProgress ?? (() => undefined);
  const { container } = opts;

  const manifestFile = path.join(opts.feedDir, 'manifest.jws');
  const manifestText = await readFile(manifestFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new AzurePublishError(`${manifestFile} cannot be read (${e.code ?? e.message}): expected a feed folder made by "passport-feed publish"`);
  });
  const local = parseManifest(manifestText, manifestFile);
  const files = await localFiles(opts.feedDir, local);

  // Step 2: what the container holds now.
  const remoteBlob = container.getBlockBlobClient(blobName('manifest.jws'));
  let remote: { text: string; etag: string; manifest: Manifest } | null = null;
  try {
    const res = await remoteBlob.download();
    const chunks: Buffer[] = [];
    for await (const c of res.readableStreamBody ?? []) chunks.push(Buffer.from(c as Buffer));
    const text = Buffer.concat(chunks).toString('utf8');
    // The ETag of the bytes read, so the final upload is conditional on exactly this manifest.
    remote = { text, etag: res.etag!, manifest: parseManifest(text, `the container's ${blobName('manifest.jws')}`) };
  } catch (e) {
    if (e instanceof AzurePublishError) throw e;
    const status = (e as { statusCode?: number }).statusCode;
    if (status !== 404) throw new AzurePublishError(describeStorageError(e, `reading ${blobName('manifest.jws')}`));
  }
  if (remote) {
    const r = remote.manifest;
    if (r.feed !== local.feed) throw new AzurePublishError(`the container holds feed "${r.feed}", not "${local.feed}": publish each feed to its own container or --prefix`);
    if (r.seq > local.seq) {
      throw new AzurePublishError(`the container holds seq ${r.seq}, newer than the folder's seq ${local.seq}: refusing to roll kiosks back; publish from the hub's current feed folder`);
    }
    if (r.seq === local.seq && remote.text.trim() !== manifestText.trim()) {
      throw new AzurePublishError(`the container holds another manifest with the same seq ${r.seq}: two publishers wrote this feed; publish a new seq from the one true feed folder`);
    }
  }

  // Step 3: the content-addressed files, skipping those already there with our hash.
  const existing = new Map<string, string | undefined>();
  try {
    for await (const b of container.listBlobsFlat({ prefix: prefix ? `${prefix}/` : undefined, includeMetadata: true })) {
      existing.set(b.name, b.metadata?.sha256);
    }
  } catch (e) {
    throw new AzurePublishError(describeStorageError(e, 'listing the container'));
  }
  const missing = files.filter((f) => existing.get(blobName(f.feedPath)) !== f.sha256);
  const uploaded: string[] = [];
  await mapLimit(missing, opts.concurrency ?? 4, async (f) => {
    const head = f.feedPath.startsWith('photos/') ? (await readFile(f.file)).subarray(0, 8) : undefined;
    try {
      await container.getBlockBlobClient(blobName(f.feedPath)).uploadFile(f.file, {
        blobHTTPHeaders: { blobContentType: contentTypeFor(f.feedPath, head), blobCacheControl: IMMUTABLE_CACHE_CONTROL },
        metadata: { sha256: f.sha256 },
        concurrency: 4,
      });
    } catch (e) {
      throw new AzurePublishError(`${describeStorageError(e, `uploading ${blobName(f.feedPath)}`)}; the manifest was not replaced, kiosks still see seq ${remote?.manifest.seq ?? 'none'}`);
    }
    uploaded.push(f.feedPath);
    progress(`uploaded ${blobName(f.feedPath)}`);
  });

  // Step 4: the manifest, last, only over the one read in step 2.
  const result = { feed: local.feed, seq: local.seq, previousSeq: remote?.manifest.seq ?? null, uploaded, present: files.length - missing.length };
  if (remote && remote.manifest.seq === local.seq) return { ...result, manifest: 'unchanged' };
  try {
    await remoteBlob.upload(manifestText, Buffer.byteLength(manifestText), {
      blobHTTPHeaders: { blobContentType: MANIFEST_CONTENT_TYPE, blobCacheControl: MANIFEST_CACHE_CONTROL },
      conditions: remote ? { ifMatch: remote.etag } : { ifNoneMatch: '*' },
    });
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 412 || status === 409) {
      throw new AzurePublishError(`the container's manifest changed while this ran (another publisher?): nothing was overwritten; run again`);
    }
    throw new AzurePublishError(`${describeStorageError(e, `uploading ${blobName('manifest.jws')}`)}; kiosks still see seq ${remote?.manifest.seq ?? 'none'}`);
  }
  uploaded.push('manifest.jws');
  progress(`uploaded ${blobName('manifest.jws')} (seq ${local.seq})`);
  return { ...result, manifest: 'uploaded' };
}
