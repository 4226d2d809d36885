import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium, openKiosk, type Browser } from './helpers/browser';
import { DEMO_DIR, scenario, startDemoKiosk } from './helpers/demo';
import { writeQrY4m } from './helpers/fake-camera';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';
import { readVerdict, screenshot } from './helpers/verdict-page';

/**
 * A QR code shown to a fake camera, read through the real camera path:
 * getUserMedia → video → canvas grab → the shared zxing decoder → scan.
 */

let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  release = await takeE2eLock();
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-camera-'));
  const video = path.join(dir, 'qr.y4m');
  writeQrY4m(path.join(DEMO_DIR, 'tokens/cleared.png'), video);
  kiosk = await startDemoKiosk();
  browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  await browser.context.grantPermissions(['camera'], { origin: kiosk.server.origin });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  rmSync(dir, { recursive: true, force: true });
  release();
});

test('a QR token held up to the camera gives its verdict, once, while the camera keeps running', async () => {
  const { page } = browser;
  await openKiosk(page, kiosk.server.url);
  const token = readFileSync(path.join(DEMO_DIR, 'tokens/cleared.jws'), 'utf8').trim();
  const entry = scenario('token-valid');
  expect(entry.badge).toBe(token);

  await page.getByRole('button', { name: 'Use the camera' }).click();
  await page.locator('[data-testid="camera-state"][data-state="running"]').waitFor({ timeout: 15_000 });
  await page.locator('[data-scan-id]').waitFor({ timeout: 15_000 });
  const shown = await readVerdict(page);
  expect(shown.word).toBe('Cleared');
  expect(shown.name).toBe(entry.name);
  expect(shown.reasons.map((r) => r.code)).toEqual(entry.codes);
  await screenshot(page, 'camera');

  // The same code stays in view: it is one scan, not five a second.
  await page.waitForTimeout(1500);
  const camera = kiosk.scanLog.recent(50).filter((r) => r.source === 'camera');
  expect(camera).toHaveLength(1);
  expect(camera[0]).toMatchObject({ passportId: entry.id, outcome: 'cleared' });
});

test('the camera stops when the panel is closed, and recovers when its track ends', async () => {
  const { page } = browser;
  // Simulate the camera dropping out (unplugged, taken by another app).
  await page.evaluate(() => {
    const v = document.querySelector('video') as HTMLVideoElement;
    for (const t of (v.srcObject as MediaStream).getTracks()) {
      t.stop();
      t.dispatchEvent(new Event('ended'));
    }
  });
  await page.locator('[data-testid="camera-state"][data-state="retrying"]').waitFor();
  await page.locator('[data-testid="camera-state"][data-state="running"]').waitFor({ timeout: 10_000 });
  expect(await page.evaluate(() => ((document.querySelector('video') as HTMLVideoElement).srcObject as MediaStream).active)).toBe(true);

  await page.evaluate(() => {
    (window as unknown as { held: MediaStream }).held = (document.querySelector('video') as HTMLVideoElement).srcObject as MediaStream;
  });
  await page.getByRole('button', { name: 'Turn camera off' }).click();
  expect(await page.locator('video').count()).toBe(0);
  // Every track of the old stream is stopped: the camera's light goes off.
  expect(await page.evaluate(() => (window as unknown as { held: MediaStream }).held.active)).toBe(false);
});
