import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './squid';
import { spawnWatched } from './watched-process';

/**
 * Microsoft's Azure Storage emulator (npm `azurite`, blob service only) on a
 * free loopback port, its data in a temp folder, run on the project's Node
 * (node_modules/.bin/node, never /usr/bin/node) under a watchdog so it
 * cannot outlive the test. Well-known development account `devstoreaccount1`.
 */

const ROOT = path.resolve(__dirname, '../..');
const AZURITE_BLOB = path.join(ROOT, 'node_modules/azurite/dist/src/blob/main.js');

/** Azurite's published development account key (not a secret: it is in Microsoft's docs). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  port: number;
  /** `http://127.0.0.1:PORT/devstoreaccount1` */
  blobEndpoint: string;
  connectionString: string;
  /** The anonymous HTTP URL of a container (with a trailing slash): what kiosks sync from. */
  containerUrl(container: string): string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startAzurite(): Promise<Azurite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'azurite-test-'));
  const port = await freePort();
  const proc = spawnWatched(process.execPath, [
    AZURITE_BLOB,
    '--blobHost', '127.0.0.1',
    '--blobPort', String(port),
    '--location', dir,
    '--silent',
    '--skipApiVersionCheck',
    '--loose',
    '--disableTelemetry',
  ]);
  let output = '';
  proc.child.stdout!.on('data', (d) => (output += d));
  proc.child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; ; i++) {
    if (proc.child.exitCode !== null) throw new Error(`azurite exited (${proc.child.exitCode}) before listening on ${port}: ${output.trim()}`);
    if (await accepts(port)) break;
    if (i > 600) {
      await proc.stop();
      throw new Error(`azurite did not listen on 127.0.0.1:${port} within 30 s: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const blobEndpoint = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  return {
    port,
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=${blobEndpoint};`,
    containerUrl: (container) => `${blobEndpoint}/${container}/`,
    async stop() {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
