import { BlobServiceClient, ContainerSASPermissions, type ContainerClient } from '@azure/storage-blob';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { feedCommands } from '../../../src/cli/feed/commands';
import { main as feedMain } from '../../../src/cli/passport-feed';
import { nodeFetch, closeNodeHttp, type FetchLike } from '../../../src/main/net/node-fetch';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { HttpTransport } from '../../../src/main/sync/http-transport';
import { runSync } from '../../../src/main/sync/run-sync';
import { readHubKeyFile } from '../../../src/main/sync/hub-keys';
import { IMMUTABLE_CACHE_CONTROL } from '../../../src/publisher';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { captureIo } from '../../helpers/capture-io';
import { tempDir } from '../sync/helpers';
import { copyDemoFeed, publishSuspensions } from './azure-feed';

/**
 * The feed on a real object store: Microsoft's azurite emulator on
 * loopback, the demo feed and two further publications uploaded with
 * `passport-feed publish-azure`, kiosks syncing from the container's plain
 * HTTP endpoint (first sync, delta, 304 on the manifest's ETag).
 */

const HUB_KEYS = readHubKeyFile(path.resolve(__dirname, '../../../resources/demo/hub-key.json'));

let azurite: Azurite;
let service: BlobServiceClient;
let feedDir: string;
let dir: string;

beforeAll(async () => {
  [azurite, feedDir, dir] = await Promise.all([startAzurite(), copyDemoFeed(), tempDir('azure-it-')]);
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
}, 60_000);

afterAll(async () => {
  await closeNodeHttp();
  await azurite?.stop();
  await Promise.all([dir && rm(dir, { recursive: true, force: true }), feedDir && rm(path.dirname(feedDir), { recursive: true, force: true })]);
});

/** `passport-feed publish-azure …` in-process, the connection string in the environment as the help advises. */
async function publishAzure(args: string[]) {
  const { io, out, err } = captureIo({ cwd: dir, env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString } });
  const code = await feedMain(['publish-azure', ...args], io, feedCommands);
  return { code, out: out(), err: err() };
}

/** A plain HTTP client that records every (path, status) it sees: how the test proves a 304. */
function countingFetch(): { fetch: FetchLike; seen: Array<[string, number]> } {
  const inner = nodeFetch({ env: {} });
  const seen: Array<[string, number]> = [];
  const fetch: FetchLike = async (url, init) => {
    const res = await inner(url, init);
    seen.push([new URL(url).pathname.split('/').slice(3).join('/'), res.status]);
    return res;
  };
  return { fetch, seen };
}

const syncFrom = (url: string, db: string, fetch: FetchLike) =>
  runSync({ db, transport: new HttpTransport(url, { fetch, timeoutMs: 5000, retries: 1, backoffMs: 50 }), hubKeys: HUB_KEYS });

async function blobNames(container: ContainerClient, prefix?: string): Promise<string[]> {
  const names: string[] = [];
  for await (const b of container.listBlobsFlat({ prefix })) names.push(b.name);
  return names.sort();
}

describe('publish-azure to azurite, kiosks syncing from the container', () => {
  const container = () => service.getContainerClient('feed');
  const url = () => azurite.containerUrl('feed');
  const kioskA = () => path.join(dir, 'kiosk-a.db');
  let firstNames: string[];

  test('first publication: files first, manifest last, with the right headers; a kiosk syncs it (snapshot)', async () => {
    const run = await publishAzure(['--feed', feedDir, '--container', 'feed', '--create-container', '--json']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out);
    expect(result).toMatchObject({ feed: 'demo', seq: 2, previousSeq: null, present: 0, manifest: 'uploaded', url: url() });
    expect(result.uploaded).toHaveLength(4); // the trust list, the snapshot segment and the log entry the manifest names, then the manifest
    expect(result.uploaded.at(-1)).toBe('manifest.jws');

    firstNames = await blobNames(container());
    expect(firstNames).toEqual(expect.arrayContaining(['manifest.jws', ...result.uploaded]));
    for (const name of firstNames) {
      const p = await container().getBlobClient(name).getProperties();
      if (name === 'manifest.jws') expect(p).toMatchObject({ cacheControl: 'no-cache', contentType: 'application/jose' });
      else expect(p.cacheControl).toBe(IMMUTABLE_CACHE_CONTROL);
      if (name.endsWith('.ndjson.gz')) expect(p.contentType).toBe('application/gzip');
      else if (name.endsWith('.ndjson')) expect(p.contentType).toBe('application/x-ndjson');
      else if (name.endsWith('.json')) expect(p.contentType).toBe('application/json');
    }
    // Anonymous plain GET, as a kiosk or CDN sees it: a .gz segment has no Content-Encoding (its hash is of the gzip bytes).
    const gz = firstNames.find((n) => n.endsWith('.ndjson.gz'))!;
    const res = await fetch(`${url()}${gz}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(path.join(feedDir, gz)))).toBe(true);

    const fromFolder = await runSync({ db: path.join(dir, 'folder.db'), transport: new FolderTransport(feedDir), hubKeys: HUB_KEYS });
    const { fetch: f } = countingFetch();
    const synced = await syncFrom(url(), kioskA(), f);
    expect(synced).toMatchObject({ ok: true, feed: 'demo', seq: 2, mode: 'snapshot' });
    // The same result as syncing the same feed from a folder, skipped records (the demo's compromised key) included.
    expect(synced.ok && { applied: synced.applied, skipped: synced.skipped }).toEqual(fromFolder.ok && { applied: fromFolder.applied, skipped: fromFolder.skipped });
  });

  test('nothing new: the manifest answers 304 to the stored ETag (mode none), and publishing again uploads nothing', async () => {
    const { fetch, seen } = countingFetch();
    expect(await syncFrom(url(), kioskA(), fetch)).toMatchObject({ ok: true, mode: 'none', seq: 2 });
    expect(seen).toEqual([['manifest.jws', 304]]);
    const again = JSON.parse((await publishAzure(['--feed', feedDir, '--container', 'feed', '--json'])).out);
    expect(again).toMatchObject({ seq: 2, previousSeq: 2, uploaded: [], present: 3, manifest: 'unchanged' });
  });

  test('two further publications: a delta for the kiosk that has seq 2, a snapshot for a new one; nothing deleted', async () => {
    const suspended = await publishSuspensions(feedDir, 3, { at: '2026-11-25T06:00:00Z' });
    const third = JSON.parse((await publishAzure(['--feed', feedDir, '--container', 'feed', '--json'])).out);
    expect(third).toMatchObject({ seq: 3, previousSeq: 2, manifest: 'uploaded', present: 3 });
    expect(third.uploaded).toEqual([expect.stringMatching(/^segments\/[0-9a-f]{64}\.ndjson$/), 'manifest.jws']);
    const { fetch, seen } = countingFetch();
    expect(await syncFrom(url(), kioskA(), fetch)).toMatchObject({ ok: true, seq: 3, mode: 'delta', applied: suspended.length });
    expect(seen.map(([p]) => p)).toEqual(['manifest.jws', third.uploaded[0]]); // only the new log entry was fetched

    await publishSuspensions(feedDir, 2, { at: '2026-11-26T06:00:00Z', snapshot: true });
    const fourth = JSON.parse((await publishAzure(['--feed', feedDir, '--container', 'feed', '--json'])).out);
    expect(fourth).toMatchObject({ seq: 4, previousSeq: 3, manifest: 'uploaded' });
    expect(await syncFrom(url(), kioskA(), countingFetch().fetch)).toMatchObject({ ok: true, seq: 4, mode: 'delta', applied: 2 });
    expect(await syncFrom(url(), path.join(dir, 'kiosk-b.db'), countingFetch().fetch)).toMatchObject({ ok: true, seq: 4, mode: 'snapshot' });

    const names = await blobNames(container());
    expect(names).toEqual(expect.arrayContaining(firstNames)); // the seq-2 snapshot is still there for a kiosk mid-sync
    expect(names.length).toBeGreaterThan(firstNames.length);
  });

  test('an older folder is refused: the container keeps seq 4 and kiosks are never rolled back', async () => {
    const old = await copyDemoFeed();
    try {
      const run = await publishAzure(['--feed', old, '--container', 'feed']);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/^publish-azure: the container holds seq 4, newer than the folder's seq 2: refusing to roll kiosks back[^\n]*\n$/);
      expect(await syncFrom(url(), kioskA(), countingFetch().fetch)).toMatchObject({ ok: true, seq: 4, mode: 'none' });
    } finally {
      await rm(path.dirname(old), { recursive: true, force: true });
    }
  });
});

test('a damaged folder uploads nothing', async () => {
  const copy = await copyDemoFeed();
  try {
    const seg = (await blobNamesOfFolder(copy)).find((p) => p.endsWith('.ndjson'))!;
    await writeFile(path.join(copy, seg), 'not what the manifest names\n');
    const run = await publishAzure(['--feed', copy, '--container', 'damaged', '--create-container']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^publish-azure: .*has SHA-256 [0-9a-f]{64}, not [0-9a-f]{64} .*the folder is damaged; nothing was uploaded\n$/);
    expect(await blobNames(service.getContainerClient('damaged'))).toEqual([]);
  } finally {
    await rm(path.dirname(copy), { recursive: true, force: true });
  }
});

test('--container-url with a SAS token, under --prefix: a kiosk syncs from that folder; a read-only token is refused in one line', async () => {
  const c = service.getContainerClient('sas');
  await c.create({ access: 'blob' });
  const expiresOn = new Date(Date.now() + 3_600_000);
  const writable = await c.generateSasUrl({ permissions: ContainerSASPermissions.parse('racwl'), expiresOn });
  const copy = await copyDemoFeed();
  try {
    const ok = await publishAzure(['--feed', copy, '--container-url', writable, '--prefix', 'north-west/', '--json']);
    expect(ok.code).toBe(0);
    const result = JSON.parse(ok.out);
    expect(result.url).toBe(`${azurite.containerUrl('sas')}north-west/`);
    expect(result.url).not.toContain('sig=');
    expect(await syncFrom(result.url, path.join(dir, 'kiosk-sas.db'), countingFetch().fetch)).toMatchObject({ ok: true, seq: 2, mode: 'snapshot' });

    const readOnly = await c.generateSasUrl({ permissions: ContainerSASPermissions.parse('rl'), expiresOn });
    const refused = await publishAzure(['--feed', copy, '--container-url', readOnly, '--prefix', 'elsewhere']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^publish-azure: storage refused uploading elsewhere\/\S+ \(403 \w+\): check the SAS token[^\n]*\n$/);
    expect(await blobNames(c, 'elsewhere/')).not.toContain('elsewhere/manifest.jws');
  } finally {
    await rm(path.dirname(copy), { recursive: true, force: true });
  }
});

test('used wrongly: exit 2 with one line', async () => {
  expect((await publishAzure(['--feed', dir])).err).toMatch(/--container-url URL or --container NAME is required/);
  expect((await publishAzure(['--feed', dir])).code).toBe(2);
  const both = await publishAzure(['--feed', dir, '--container', 'x', '--container-url', 'http://127.0.0.1:1/a/b']);
  expect(both.code).toBe(2);
});

async function blobNamesOfFolder(feed: string): Promise<string[]> {
  const m = JSON.parse(Buffer.from((await readFile(path.join(feed, 'manifest.jws'), 'utf8')).split('.')[1]!, 'base64url').toString()) as {
    log: { path: string }[];
    snapshot: { segments: { path: string }[] };
  };
  return [...m.snapshot.segments.map((s) => s.path), ...m.log.map((e) => e.path)];
}
