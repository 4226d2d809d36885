import { readerSourceFrom } from '../../src/main/kiosk/reader-source';
import { ReaderManager } from '../../src/main/readers/device-manager';
import { SimulatedReader } from '../../src/main/readers/simulated-reader';
import { launchChromium, openKiosk, waitForVerdict, type Browser } from './helpers/browser';
import { scenario, startDemoKiosk } from './helpers/demo';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';
import { readVerdict } from './helpers/verdict-page';

/**
 * A hardware badge reader (the demo's simulated one, through the real
 * device manager and decoder): its scans reach the screen as events over
 * browser mode's event stream, and its state shows in the status bar.
 */

let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;
let manager: ReaderManager;
const reader = new SimulatedReader();

beforeAll(async () => {
  release = await takeE2eLock();
  manager = new ReaderManager({ port: reader.port, readers: [reader.config], pollMs: 200 });
  manager.start();
  kiosk = await startDemoKiosk({ readers: readerSourceFrom(manager) });
  browser = await launchChromium();
  await openKiosk(browser.page, kiosk.server.url);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  await manager?.stop();
  release();
});

const readerItem = () => browser.page.getByRole('list', { name: 'Badge readers' }).getByRole('listitem');

test('the status bar shows the reader connected', async () => {
  await readerItem().filter({ hasText: 'Simulated badge reader (demo): Connected' }).waitFor();
});

test('a scan on the reader shows its verdict with nobody touching the screen', async () => {
  const entry = scenario('dbs-failed');
  await readerItem().filter({ hasText: 'Connected' }).waitFor();
  expect(reader.scan(entry.badge)).toBe(true);
  const v = await waitForVerdict(browser.page);
  expect(v.outcome).toBe('not-cleared');
  expect((await readVerdict(browser.page)).name).toBe(entry.name);
  expect(kiosk.scanLog.recent(1)[0]).toMatchObject({ source: 'reader', readerId: 'reader-1', passportId: entry.id });
});

test('pulling the reader out shows within 2 seconds, and plugging it back in too', async () => {
  reader.setPlugged(false);
  await readerItem().filter({ hasText: 'Not connected' }).waitFor({ timeout: 2000 });
  reader.setPlugged(true);
  await readerItem().filter({ hasText: 'Connected' }).filter({ hasNotText: 'Not' }).waitFor({ timeout: 2000 });
});
