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
 * Headless Chromium with a fresh profile. The page's CSP stays on (it is
 * as strict as the Electron window's); every violation is recorded in
 * `window.e2eCspViolations` so a test can prove there are none.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
    viewport: { width: 1600, height: 1000 },
  });
  await context.addInitScript(() => {
    const w = window as unknown as { e2eCspViolations: string[] };
    w.e2eCspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.e2eCspViolations.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
  });
  // Record every tone the page starts (window.e2eTones), to test the optional sounds.
  await context.addInitScript(() => {
    const w = window as unknown as { e2eTones: number[] };
    w.e2eTones = [];
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      w.e2eTones.push(this.frequency.value);
      return start.apply(this, args);
    };
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

/**
 * Two animation frames and then an idle moment: whatever the last change
 * (a verdict, a screenshot) made the page do is done.
 */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((r) =>
        requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => r(), { timeout: 500 }))),
      ),
  );
}

export interface ScanOptions {
  /** Press Shift around each capital letter, as most real scanners do. */
  shiftForCapitals?: boolean;
}

/** readers.md `wedgeGapMs`: the longest gap between a scanner's keys. */
const WEDGE_GAP_MS = 35;

/**
 * Type a payload as a keyboard-wedge scanner does — page.keyboard, 2 ms
 * delay (real gaps of about 3–10 ms, as each key also waits for the
 * browser) — then Enter. Returns the gaps between the keydowns as the page
 * saw them (event.timeStamp).
 */
export async function scanAtScannerSpeed(page: Page, payload: string, opts: ScanOptions = {}): Promise<number[]> {
  // Keys sent while the page is still busy with its last verdict would
  // arrive with long gaps: let it settle first.
  await settle(page);
  await page.evaluate(() => {
    const w = window as unknown as { e2eKeyTimes?: number[] };
    if (!w.e2eKeyTimes) window.addEventListener('keydown', (e) => w.e2eKeyTimes!.push(e.timeStamp), true);
    w.e2eKeyTimes = [];
  });
  if (opts.shiftForCapitals) {
    // As most real scanners type capitals: Shift down, the letter, Shift up.
    for (const ch of payload) await page.keyboard.press(/[A-Z]/.test(ch) ? `Shift+${ch}` : ch);
  } else {
    await page.keyboard.type(payload, { delay: 2 });
  }
  await page.keyboard.press('Enter');
  const times = await page.evaluate(() => (window as unknown as { e2eKeyTimes: number[] }).e2eKeyTimes.splice(0));
  return times.slice(1).map((t, i) => t - times[i]!);
}

/** The frequencies of the tones the page has played since the last call. */
export async function takeTones(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { e2eTones: number[] }).e2eTones.splice(0));
}

/** The CSP violations the page has reported so far. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { e2eCspViolations: string[] }).e2eCspViolations);
}

/** The newest verdict's scan id on screen, or 0. */
export async function shownScanId(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('[data-scan-id]')?.getAttribute('data-scan-id') ?? 0));
}

/**
 * A wedge scan and its verdict. On a loaded test machine the browser can
 * take over 35 ms to accept a key, so the page (correctly) sees a person
 * typing, not a scanner. That is the harness failing to be a scanner, not
 * the kiosk failing: it is detected from the gaps the page itself measured,
 * and only then is the scan typed again (up to 5 times). A wrong verdict
 * after scanner-speed keys is never retried.
 */
export async function wedgeScan(
  page: Page,
  payload: string,
  opts: ScanOptions = {},
): Promise<{ outcome: string; scanId: number; gaps: number[] }> {
  for (let attempt = 1; ; attempt++) {
    const before = await shownScanId(page);
    const gaps = await scanAtScannerSpeed(page, payload, opts);
    if (Math.max(...gaps) <= WEDGE_GAP_MS) return { ...(await waitForVerdict(page, before)), gaps };
    if (attempt === 5) throw new Error(`could not type at scanner speed: gaps ${gaps.map((g) => g.toFixed(0)).join(' ')} ms`);
    process.stdout.write(`e2e: the browser was too slow to type at scanner speed (gaps up to ${Math.max(...gaps).toFixed(0)} ms); typing the scan again\n`);
    // Let held keys reach the box and any partial scan be answered, then clear up.
    await page.waitForTimeout(300);
    await page.fill('#badge-number', '');
  }
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
