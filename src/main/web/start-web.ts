import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadMachineConfig, loadPolicyFile, resourcesDir } from '../config/machine-config';
import { openKiosk } from '../kiosk/open-kiosk';
import { readerSourceFrom } from '../kiosk/reader-source';
import { ReaderManager } from '../readers/device-manager';
import { SimulatedReader } from '../readers/simulated-reader';
import { readHubKeyFile } from '../sync/hub-keys';
import { startWebServer } from './web-server';

/**
 * `npm run start:web`: browser mode. With no machine config this is the
 * demo — the shipped demo feed and hub key, synced into a fresh folder, a
 * simulated badge reader — and it prints the one URL to open in Chromium.
 *
 *   --at ISO       pin the services' clock (the demo's reference date is
 *                  2026-11-24, so its outcomes are the catalogue's)
 *   --port N       default: a free port
 *   --config FILE  a machine config instead of the demo
 *   --data DIR     where the cache and scan log live (demo default: a new temp folder)
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      at: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      data: { type: 'string' },
    },
    strict: true,
  });
  const at = values.at === undefined ? null : Date.parse(values.at);
  if (at !== null && Number.isNaN(at)) throw new Error(`--at ${values.at} is not a date and time (try 2026-11-24T09:00:00Z)`);
  const clock = at === null ? () => Date.now() : () => at;

  const loaded = loadMachineConfig(values.config);
  const config = loaded.config;
  const demo = loaded.file === null;
  const resources = resourcesDir();
  const feed = config.feed
    ? { source: /^https?:/i.test(config.feed.source) ? config.feed.source : loaded.resolve(config.feed.source), hubKeys: config.feed.hubKeys }
    : { source: path.join(resources, 'demo/feed'), hubKeys: readHubKeyFile(path.join(resources, 'demo/hub-key.json')) };
  const policy = loadPolicyFile(config.policy ? loaded.resolve(config.policy) : undefined).policy;
  const dataDir = values.data ?? (config.db ? path.dirname(loaded.resolve(config.db)) : mkdtempSync(path.join(tmpdir(), 'passport-kiosk-web-')));
  const cacheFile = config.db ? loaded.resolve(config.db) : path.join(dataDir, 'cache.sqlite');

  // The demo gets a simulated badge reader, so the status bar shows one.
  const simulated = demo ? new SimulatedReader() : null;
  const manager = simulated ? new ReaderManager({ port: simulated.port, readers: [simulated.config] }) : null;
  manager?.start();

  const kiosk = openKiosk({
    cacheFile,
    policy,
    clock,
    feed,
    readers: manager ? readerSourceFrom(manager) : undefined,
    site: demo ? 'Demo reception' : config.site,
    idleSeconds: config.idleSeconds,
    sounds: config.sounds,
  });
  const first = await kiosk.services.syncNow();
  process.stdout.write(`${first.ok ? '' : 'Warning: '}${first.message}\n`);

  const port = values.port === undefined ? 0 : Number(values.port);
  const rendererDir = path.join(path.dirname(resources), 'dist/renderer');
  const server = await startWebServer({ services: kiosk.services, rendererDir, port });
  process.stdout.write(
    `Staff Passport Kiosk (browser mode${demo ? ', demo data' : ''}${at === null ? '' : `, clock pinned at ${values.at}`})\n` +
      `Open in Chromium: ${server.url}\n` +
      `Data folder: ${dataDir}\nPress Ctrl+C to stop.\n`,
  );
  const stop = async () => {
    await server.close();
    await manager?.stop();
    kiosk.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`start:web: ${e.message}\n`);
    process.exit(1);
  });
}
