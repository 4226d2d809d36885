import { launchChromium, openKiosk, wedgeScan, type Browser } from './helpers/browser';
import { scenario, startDemoKiosk } from './helpers/demo';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';

/**
 * Enter → verdict painted, from the screens' own performance marks
 * (src/renderer/latency.ts), over 60 wedge scans in Chromium against the
 * real services. Printed, not asserted: tests never time things
 * (DEVELOPING.md); the target is p95 ≤ 100 ms.
 */

const SCANS = 60;
const MEASURE = 'kiosk:enter-to-verdict';
let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;

beforeAll(async () => {
  release = await takeE2eLock();
  kiosk = await startDemoKiosk();
  browser = await launchChromium();
  await openKiosk(browser.page, kiosk.server.url);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await kiosk?.close();
  release();
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

test(`Enter to verdict painted over ${SCANS} wedge scans: p50 and p95 printed`, async () => {
  const { page } = browser;
  const badges = ['cleared', 'several-issues', 'dbs-failed', 'revoked', 'never-issued', 'oh-adjustments'].map(
    (s) => scenario(s),
  );
  let right = 0;
  const times: number[] = [];
  for (let i = 0; i < SCANS; i++) {
    const entry = badges[i % badges.length]!;
    // Only this scan's measure: a partial scan the harness had to retype leaves its own.
    await page.evaluate((n) => performance.clearMeasures(n), MEASURE);
    const v = await wedgeScan(page, entry.badge);
    if (v.outcome === entry.outcome) right++;
    // The measure is taken just after paint: wait for it before the next scan.
    const handle = await page.waitForFunction((n) => performance.getEntriesByName(n).at(-1)?.duration, MEASURE);
    times.push((await handle.jsonValue()) as number);
  }
  expect(times).toHaveLength(SCANS);
  expect(right).toBe(SCANS);
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  process.stdout.write(
    `\nEnter → verdict painted over ${SCANS} wedge scans (browser mode, Chromium, demo feed): ` +
      `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (target p95 ≤ 100 ms)\n\n`,
  );
  expect(sorted.every((t) => t > 0)).toBe(true);
}, 180_000);
