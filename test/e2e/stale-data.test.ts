import { PATTERNS } from '../../src/renderer/sounds';
import { launchChromium, openKiosk, settle, takeTones, wedgeScan, type Browser } from './helpers/browser';
import { seriousAxeFindings } from './helpers/axe';
import { DEMO_AT, scenario, startDemoKiosk } from './helpers/demo';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';
import { readVerdict, screenshot } from './helpers/verdict-page';

/**
 * The stale-data banner: the same demo feed, with the services' clock put
 * past the manifest's `expires` (as a kiosk that has not synced for days).
 * This kiosk's machine config also sets a short idle time (3 s) and turns
 * the outcome sounds on.
 */

let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;
let expires: string;

beforeAll(async () => {
  release = await takeE2eLock();
  // Sync at the reference time, then move the clock a day past the data's
  // expiry without syncing again: a kiosk whose feed has been unreachable.
  let now = DEMO_AT;
  kiosk = await startDemoKiosk({ at: () => now, idleSeconds: 3, sounds: true });
  expires = (await kiosk.services.getStatus()).data!.expires;
  now = Date.parse(expires) + 24 * 3600_000;
  expect(now).toBeGreaterThan(DEMO_AT);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  release();
});

test('the status bar says, unmistakably, that the data is out of date', async () => {
  const { page } = browser;
  await openKiosk(page, kiosk.server.url);
  const banner = page.getByTestId('stale-banner');
  await banner.waitFor();
  expect(await banner.getAttribute('role')).toBe('alert');
  expect(await banner.textContent()).toMatch(/Passport data is out of date.*It expired \d+ \w+ \d{4}, \d\d:\d\d/);
  expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(213, 40, 27)');
  expect(await seriousAxeFindings(page)).toEqual([]);
  await screenshot(page, 'stale-data');
});

test('a scan on stale data is referred, with the reason in words', async () => {
  const { page } = browser;
  const v = await wedgeScan(page, scenario('cleared').badge);
  await settle(page);
  expect(v.outcome).toBe('refer');
  const shown = await readVerdict(page);
  const stale = shown.reasons.find((r) => r.code === 'DATA_STALE');
  expect(stale?.text).toBe('This kiosk’s passport data is out of date: it has not synced since the data expired.');
  expect(await page.getByTestId('stale-banner').isVisible()).toBe(true);
  // Sounds are on for this kiosk: the refer pattern played, and only it.
  const refer = PATTERNS.refer.filter(([f]) => f > 0).map(([f]) => f);
  expect(await takeTones(page)).toEqual(refer);
  await screenshot(page, 'verdict-stale-data');
});

test('the verdict goes back to the idle screen after the configured time (3 s here)', async () => {
  const { page } = browser;
  expect(await page.locator('[data-scan-id]').count()).toBe(1);
  const shownAt = Date.now();
  await page.getByRole('heading', { name: 'Scan a staff passport' }).waitFor({ timeout: 10_000 });
  expect(Date.now() - shownAt).toBeGreaterThan(1000);
  expect(await page.locator('[data-scan-id]').count()).toBe(0);
});
