import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (playwright's own download does not work on these machines). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile. `bypassCSP` lets the tests inject
 * axe-core as an inline script into pages whose CSP (rightly) forbids it.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
    bypassCSP: true,
    viewport: { width: 1600, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Open the kiosk and wait until it has settled: the status bar has loaded
 * and two frames have passed, so the first scan's keys are not slowed by
 * the page's own start-up work (which would, correctly, make them look
 * like a person typing).
 */
export async function openKiosk(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('freshness').filter({ hasText: 'published' }).waitFor();
  await settle(page);
}

/** Two animation frames: whatever the last change made the page do is done. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Type a payload as a keyboard-wedge scanner does, then Enter. A 2 ms delay
 * gives real gaps of about 3–10 ms (each key also waits for the browser),
 * well inside the 35 ms wedge gap even on a busy test machine.
 */
export async function scanAtScannerSpeed(page: Page, payload: string): Promise<void> {
  await page.keyboard.type(payload, { delay: 2 });
  await page.keyboard.press('Enter');
}

/** Wait for the verdict of a scan newer than `afterScanId` and return its outcome attribute. */
export async function waitForVerdict(page: Page, afterScanId = 0): Promise<{ outcome: string; scanId: number }> {
  const handle = await page.waitForFunction((after) => {
    const el = document.querySelector('[data-scan-id]');
    const id = Number(el?.getAttribute('data-scan-id') ?? 0);
    return id > after ? { outcome: el!.getAttribute('data-outcome')!, scanId: id } : null;
  }, afterScanId);
  return (await handle.jsonValue()) as { outcome: string; scanId: number };
}
