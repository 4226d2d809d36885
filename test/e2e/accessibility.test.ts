import { cspViolations, launchChromium, openKiosk, settle, waitForVerdict, wedgeScan, type Browser } from './helpers/browser';
import { scenario, startDemoKiosk } from './helpers/demo';
import { AxeLog, seriousAxeFindings } from './helpers/axe';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';

/**
 * WCAG 2.2 AA: axe-core on every screen and every verdict kind (no serious
 * or critical findings), and the whole flow done with the keyboard alone.
 */

let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;
let lastScanId = 0;
const axe = new AxeLog('on every screen');

beforeAll(async () => {
  release = await takeE2eLock();
  kiosk = await startDemoKiosk();
  browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
  ]);
  await browser.context.grantPermissions(['camera'], { origin: kiosk.server.origin });
  await openKiosk(browser.page, kiosk.server.url);
}, 300_000);

afterAll(async () => {
  axe.print();
  await browser?.close();
  await kiosk?.close();
  release();
});

async function expectNoSeriousFindings(screen: string) {
  await axe.expectNone(browser.page, screen);
}

test('idle screen', async () => {
  await expectNoSeriousFindings('idle');
});

test.each([
  ['cleared', 'cleared'],
  ['refer', 'several-issues'],
  ['not-cleared', 'dbs-failed'],
  ['revoked', 'revoked'],
  ['suspended', 'suspended'],
  ['unknown', 'never-issued'],
  ['ambiguous badge', 'shared-badge'],
  ['token refused', 'token-tampered'],
])('verdict: %s', async (_kind, name) => {
  lastScanId = (await wedgeScan(browser.page, scenario(name).badge)).scanId;
  await settle(browser.page);
  await expectNoSeriousFindings(`verdict ${_kind}`);
});

test('camera panel open', async () => {
  const { page } = browser;
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Use the camera' }).click();
  await page.locator('[data-testid="camera-state"][data-state="running"]').waitFor({ timeout: 15_000 });
  await expectNoSeriousFindings('camera');
  await page.getByRole('button', { name: 'Turn camera off' }).click();
});

/** Press Tab until the focused element matches, or fail after `max` presses. */
async function tabTo(name: RegExp, max = 15): Promise<void> {
  for (let i = 0; i < max; i++) {
    await browser.page.keyboard.press('Tab');
    const focused = await browser.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.getAttribute('aria-label') ?? ''} ${el.id} ${el.textContent ?? ''}`.trim() : '';
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test('the whole flow works with the keyboard alone', async () => {
  const { page } = browser;
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  // Type a badge number into the box and check it.
  await tabTo(/badge-number/);
  const entry = scenario('oh-adjustments');
  await page.keyboard.type(entry.badge, { delay: 90 });
  await page.keyboard.press('Enter');
  lastScanId = (await waitForVerdict(page, lastScanId)).scanId;
  // Focus moved to the verdict, so the next Tab starts there: "Next person" dismisses it.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('verdict-heading');
  await tabTo(/Next person/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Scan a staff passport' }).waitFor();

  // The camera on and off with Space.
  await tabTo(/Use the camera/);
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Turn camera off' }).waitFor();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Use the camera' }).waitFor();

  // Sync now from the status bar: the admin's, and this kiosk has no admin PIN, so the refusal is said in words
  // (the admin PIN pad by keyboard: roles.test.ts).
  await tabTo(/Sync now/);
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: /needs the IT \(admin\) PIN/ }).waitFor();
  await page.getByTestId('last-sync').filter({ hasText: /succeeded/ }).waitFor();
  expect(await page.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
});

test('every focusable control shows a visible focus indicator', async () => {
  const { page } = browser;
  const missing = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, a[href]')) {
      el.focus();
      const s = getComputedStyle(el);
      const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      if (!visible) out.push(el.outerHTML.slice(0, 80));
    }
    return out;
  });
  expect(missing).toEqual([]);
});

test('the axe check itself catches a planted violation (so the zeros above mean something)', async () => {
  const { page } = browser;
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.id = 'planted';
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    document.querySelector('.kiosk-stage')!.append(img);
  });
  const findings = await seriousAxeFindings(page);
  await page.evaluate(() => document.getElementById('planted')?.remove());
  expect(findings.map((f) => f.id)).toContain('image-alt');
});

test('the screens ran every step above under the strict CSP without one violation', async () => {
  // NHS.UK frontend's CSS names its web fonts on assets.nhs.uk; the offline
  // kiosk does not load them (Arial is the fallback), which is no fault.
  const violations = (await cspViolations(browser.page)).filter((v) => !/^font-src https:\/\/assets\.nhs\.uk\//.test(v));
  expect(violations).toEqual([]);
});
