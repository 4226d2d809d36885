import { OUTCOME_WORDS } from '../../src/core/sentences';
import { launchChromium, openKiosk, settle, takeTones, waitForVerdict, wedgeScan as scan, type Browser, type ScanOptions } from './helpers/browser';
import { scenario, startDemoKiosk, trustName } from './helpers/demo';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';
import { BANNER_COLOURS, readVerdict, screenshot } from './helpers/verdict-page';

/**
 * The scan flow in Chromium against browser mode on the demo feed, with
 * real services (a real synced SQLite cache) and the clock pinned at the
 * demo catalogue's reference time.
 */

let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;
let lastScanId = 0;

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

async function wedgeScan(payload: string, opts: ScanOptions = {}) {
  const v = await scan(browser.page, payload, opts);
  expect(Math.max(...v.gaps)).toBeLessThanOrEqual(35);
  lastScanId = v.scanId;
  await settle(browser.page);
  return v;
}

test('idle screen invites a scan', async () => {
  const { page } = browser;
  await page.getByRole('heading', { name: 'Scan a staff passport' }).waitFor();
  expect(await page.getByTestId('stale-banner').count()).toBe(0);
  await screenshot(page, 'idle');
});

const KINDS = [
  { shot: 'verdict-cleared', scenario: 'cleared', outcome: 'cleared', sentence: /^Induction completed on \d+ \w+ \d{4} by .+\.$/ },
  { shot: 'verdict-refer', scenario: 'several-issues', outcome: 'refer', sentence: /training expired on \d+ \w+ \d{4}\.$/ },
  { shot: 'verdict-not-cleared', scenario: 'dbs-failed', outcome: 'not-cleared', sentence: /^The DBS check result is unsatisfactory\.$/ },
  { shot: 'verdict-revoked', scenario: 'revoked', outcome: 'not-cleared', sentence: /^This passport has been revoked by the issuing organisation\.$/ },
  { shot: 'verdict-unknown', scenario: 'never-issued', outcome: 'unknown', sentence: /^This badge is not on any passport this kiosk holds\.$/ },
] as const;

test.each(KINDS)('a scan at scanner speed shows $shot: banner, person and reasons', async (kind) => {
  const entry = scenario(kind.scenario);
  expect(entry.outcome).toBe(kind.outcome);
  const v = await wedgeScan(entry.badge);
  expect(v.outcome).toBe(kind.outcome);
  const shown = await readVerdict(browser.page);
  expect(shown.word).toBe(OUTCOME_WORDS[kind.outcome]);
  expect(shown.colour).toBe(BANNER_COLOURS[kind.outcome]);
  expect(shown.hasIcon).toBe(true);
  // Every reason code of the catalogue, in order, each as a sentence.
  expect(shown.reasons.map((r) => r.code)).toEqual(entry.codes);
  expect(shown.reasons.some((r) => kind.sentence.test(r.text ?? ''))).toBe(true);
  for (const r of shown.reasons) expect(r.text).toMatch(/^[A-Z].+\.$/);
  if (kind.outcome === 'unknown') {
    expect(shown.name).toBeNull();
  } else {
    expect(shown.name).toBe(entry.name);
    expect(shown.facts['Issued by']).toBe(trustName(entry.iss!));
    expect(shown.facts['Role']).toBeTruthy();
    expect(shown.facts['Staff group']).toBeTruthy();
  }
  expect(shown.freshness).toMatch(/^Checked against passport data published 24 Nov 2026, \d\d:\d\d\.$/);
  // The scanner's characters never reached the badge-number box.
  expect(await browser.page.inputValue('#badge-number')).toBe('');
  await screenshot(browser.page, kind.shot);
});

test('reasons are grouped by severity, most severe first', async () => {
  await wedgeScan(scenario('several-issues').badge);
  const shown = await readVerdict(browser.page);
  expect(shown.groups).toEqual(['Needs someone to check', 'For information']);
});

test('a person typing a badge number slowly into the box gets a verdict on Enter', async () => {
  const { page } = browser;
  await page.keyboard.press('Escape');
  const entry = scenario('training-expired');
  await page.getByLabel('Or type a badge number').fill('');
  await page.getByLabel('Or type a badge number').click();
  await page.keyboard.type(entry.badge, { delay: 120 });
  // Slow keys are a person: they are in the box, and nothing was scanned yet.
  await page.waitForFunction((b) => (document.querySelector('#badge-number') as HTMLInputElement).value === b, entry.badge);
  expect(await page.locator('[data-scan-id]').count()).toBe(0);
  await page.keyboard.press('Enter');
  const v = await waitForVerdict(page, lastScanId);
  lastScanId = v.scanId;
  expect(v.outcome).toBe('refer');
  expect((await readVerdict(page)).reasons.map((r) => r.code)).toEqual(entry.codes);
  expect(await page.inputValue('#badge-number')).toBe('');
  expect(kiosk.scanLog.recent(1)[0]).toMatchObject({ source: 'manual', passportId: entry.id, outcome: 'refer' });
});

test('typing with nothing focused goes to the box, not lost', async () => {
  const { page } = browser;
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type('RMC', { delay: 150 });
  await page.waitForFunction(() => (document.querySelector('#badge-number') as HTMLInputElement).value === 'RMC');
  await page.fill('#badge-number', '');
});

test('a scan while someone is typing in the box: not one scanned character reaches the box', async () => {
  const { page } = browser;
  await page.keyboard.press('Escape');
  const box = page.getByLabel('Or type a badge number');
  await box.fill('');
  await box.click();
  await page.keyboard.type('R1', { delay: 150 });
  await page.waitForFunction(() => (document.querySelector('#badge-number') as HTMLInputElement).value === 'R1');
  const entry = scenario('oh-adjustments');
  const v = await wedgeScan(entry.badge);
  expect(v.outcome).toBe(entry.outcome);
  expect((await readVerdict(page)).name).toBe(entry.name);
  expect(await page.inputValue('#badge-number')).toBe('R1');
  await box.fill('');
});

test('a scanner that presses Shift for its capitals still scans, and nothing leaks', async () => {
  const entry = scenario('dbs-ageing');
  expect(entry.badge).toMatch(/[A-Z]/);
  const v = await wedgeScan(entry.badge, { shiftForCapitals: true });
  expect(v.outcome).toBe(entry.outcome);
  expect((await readVerdict(browser.page)).reasons.map((r) => r.code)).toEqual(entry.codes);
  expect(await browser.page.inputValue('#badge-number')).toBe('');
});

test('a scan arriving while a verdict is shown replaces it at once', async () => {
  const { page } = browser;
  await wedgeScan(scenario('revoked').badge);
  expect((await readVerdict(page)).word).toBe('Not cleared');
  const next = scenario('cleared');
  const v = await wedgeScan(next.badge);
  expect(v.outcome).toBe('cleared');
  const shown = await readVerdict(page);
  expect(shown.name).toBe(next.name);
  expect(await page.locator('.kiosk-verdict').count()).toBe(1);
});

test('a signed QR token read by a 2D scanner shows its passport', async () => {
  const entry = scenario('token-valid');
  const v = await wedgeScan(entry.badge);
  expect(v.outcome).toBe(entry.outcome);
  expect((await readVerdict(browser.page)).name).toBe(entry.name);
});

test('the scan log records passport ids and codes, never an unknown badge itself', () => {
  const rows = kiosk.scanLog.recent(100);
  expect(rows.length).toBeGreaterThanOrEqual(8);
  const unknown = rows.filter((r) => r.outcome === 'unknown');
  expect(unknown.length).toBeGreaterThan(0);
  for (const r of unknown) expect(r.passportId).toBe('unknown');
  expect(JSON.stringify(rows)).not.toContain(scenario('never-issued').badge);
});

test('sounds are off unless the machine config turns them on', async () => {
  expect(await takeTones(browser.page)).toEqual([]);
});

test('Escape and the idle timer return to the idle screen', async () => {
  const { page } = browser;
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Scan a staff passport' }).waitFor();
});
