import { MemoryStore, NOW, POLICY, makeKey, nurse, signRecord, trustIndex } from '../unit/core/fixtures';
import { launchChromium, scanAtScannerSpeed, waitForVerdict, type Browser } from './helpers/browser';
import { startKioskUnderTest, type KioskUnderTest } from './helpers/kiosk-under-test';

let kiosk: KioskUnderTest;
let browser: Browser;

beforeAll(async () => {
  const key = await makeKey('RXL-1');
  const store = new MemoryStore({ trust: trustIndex([{ key, iss: 'RXL' }]), published: '2026-11-24T06:00:00Z', expires: '2026-11-26T06:00:00Z' });
  const r = nurse();
  store.put(r, await signRecord(r, key));
  kiosk = await startKioskUnderTest({ store, policy: POLICY, at: NOW });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
});

test('a wedge scan shows the cleared banner', async () => {
  const { page } = browser;
  await page.goto(kiosk.server.url);
  await page.getByRole('heading', { name: 'Scan a staff passport' }).waitFor();
  await scanAtScannerSpeed(page, 'RXL0012345');
  console.log(await page.inputValue('#badge-number'));
  const v = await waitForVerdict(page);
  await page.screenshot({ path: '/tmp/smoke.png' });
  expect(v.outcome).toBe('cleared');
});
