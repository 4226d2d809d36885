import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import { closeNodeHttp } from '../src/main/net/node-fetch';
import { FolderTransport } from '../src/main/sync/folder-transport';
import { HttpTransport } from '../src/main/sync/http-transport';
import { readHubKeyFile } from '../src/main/sync/hub-keys';
import { runSync } from '../src/main/sync/run-sync';
import type { FeedTransport } from '../src/main/sync/transport';
import { publishToAzure } from '../src/publisher/azure-publish';
import { ROOT } from './fixtures/big-feed-dir';
import type { BenchSection } from './sections';
import { fmt, percentile } from './stats';

/**
 * The feed on an object store (issue 11): the shipped demo feed synced by a
 * new kiosk from Microsoft's azurite emulator on loopback (the container's
 * plain HTTP endpoint, as a kiosk reads a storage account or a CDN) beside
 * the same sync from the folder, in the same run; plus the 304 round trip
 * of an up-to-date kiosk, and the upload itself.
 */

const DEMO = path.join(ROOT, 'resources', 'demo');
const ROUNDS = Number(process.env.BENCH_AZURE_ROUNDS ?? 15);
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`azurite did not listen on ${port}`);
}

type Timings = { first: number[]; again: number[] };

/** One new-cache sync then an up-to-date one, timed, for each transport in turn — interleaved, so a busy machine slows both alike. */
async function timeSyncs(makers: Array<[string, () => FeedTransport]>, dir: string, rounds: number): Promise<Timings[]> {
  const keys = readHubKeyFile(path.join(DEMO, 'hub-key.json'));
  const out: Timings[] = makers.map(() => ({ first: [], again: [] }));
  for (let i = 0; i < rounds; i++) {
    for (const [k, [label, make]] of makers.entries()) {
      const db = path.join(dir, `${label}-${i}.db`);
      let t = process.hrtime.bigint();
      const first = await runSync({ db, transport: make(), hubKeys: keys });
      out[k]!.first.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (!first.ok || first.mode !== 'snapshot') throw new Error(`bench: ${label} sync ${JSON.stringify(first)}`);
      t = process.hrtime.bigint();
      const none = await runSync({ db, transport: make(), hubKeys: keys });
      out[k]!.again.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (!none.ok || none.mode !== 'none') throw new Error(`bench: ${label} second sync ${JSON.stringify(none)}`);
      await rm(db, { force: true });
    }
  }
  for (const t of out) {
    t.first.sort((a, b) => a - b);
    t.again.sort((a, b) => a - b);
  }
  return out;
}

export const azure: BenchSection = {
  name: 'azure',
  title: 'Feed on an object store: demo feed synced from azurite vs from a folder',
  async run() {
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-azure-'));
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/azurite/dist/src/blob/main.js'), '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', path.join(dir, 'azurite'), '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
      { stdio: 'ignore' },
    );
    try {
      await waitForPort(port);
      const endpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
      const container = new ContainerClient(`DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_KEY};BlobEndpoint=${endpoint};`, 'feed');
      await container.createIfNotExists({ access: 'blob' });
      const t0 = process.hrtime.bigint();
      const published = await publishToAzure({ feedDir: path.join(DEMO, 'feed'), container });
      console.log(`publish-azure of the demo feed (${published.uploaded.length} blobs, seq ${published.seq}): ${fmt(Number(process.hrtime.bigint() - t0) / 1e6)} ms`);

      const url = `${endpoint}/feed/`;
      const http = () => new HttpTransport(url, { env: {} });
      const folder = () => new FolderTransport(path.join(DEMO, 'feed'));
      const makers: Array<[string, () => FeedTransport]> = [
        ['http', http],
        ['folder', folder],
      ];
      await timeSyncs(makers, dir, 2); // warm both paths (JIT, worker start-up, connections) before measuring
      const [h, f] = (await timeSyncs(makers, dir, ROUNDS)) as [Timings, Timings];
      const row = (name: string, a: number[], b: number[]) =>
        console.log(`${name.padEnd(38)} ${`${fmt(percentile(a, 50))} ms (min ${fmt(a[0]!)})`.padEnd(24)} ${`${fmt(percentile(b, 50))} ms (min ${fmt(b[0]!)})`.padEnd(24)} ${fmt(percentile(a, 50) / percentile(b, 50), 2)}×`);
      console.log(`${`median of ${ROUNDS} runs, new cache each`.padEnd(38)} ${'from azurite (HTTP)'.padEnd(24)} ${'from the folder'.padEnd(24)} ratio`);
      row('first sync (snapshot + log, 2,400)', h.first, f.first);
      row('up-to-date sync (304 / same seq)', h.again, f.again);
    } finally {
      await closeNodeHttp();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    }
  },
};
