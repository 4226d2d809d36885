import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadMachineConfig, resourcesDir } from '../config/machine-config';
import { setupKiosk } from '../kiosk/from-config';
import { seedDemoSessions } from '../sessions/demo-sessions';
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
  const setup = setupKiosk(loaded, {
    clock,
    realClock: at === null,
    ...(values.data !== undefined && { dataDir: values.data }),
    demoDataDir: () => values.data ?? mkdtempSync(path.join(tmpdir(), 'passport-kiosk-web-')),
  });
  const { kiosk, demo, dataDir } = setup;
  const resources = resourcesDir();
  const first = await kiosk.services.runSync();
  process.stdout.write(`${first.ok ? '' : 'Warning: '}${first.message}\n`);
  if (demo && first.ok) {
    // The demo's induction sessions, so the lead's screens have something to show at once.
    const seeded = await seedDemoSessions({ records: kiosk.records, store: kiosk.store, policy: kiosk.policy }, path.join(resources, 'demo', 'sessions'));
    if (seeded) process.stdout.write(`Demo induction sessions: ${seeded} (Induction lead on the scan screen)\n`);
  }

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
    await setup.close();
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
