import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { AxeLog } from './helpers/axe';
import { cspViolations, launchChromium, openKiosk, scanAtScannerSpeed, settle, wedgeScan, type Browser } from './helpers/browser';
import { CATALOGUE, DEMO_AT, scenario, startDemoKiosk } from './helpers/demo';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';
import { screenshot } from './helpers/verdict-page';

/**
 * An induction lead's morning, by keyboard alone, in Chromium against
 * browser mode with the real services (demo feed synced into a real cache,
 * a real records file, the clock pinned on the demo's reference day):
 * create a session (first with mistakes), load a roster with one bad row,
 * fix it, pre-check, run the session while five people scan in at scanner
 * speed (one late, one walk-in, one not cleared, one twice), mark a missing
 * person present, close, and download the register as CSV and PDF. axe-core
 * on every new screen (no serious or critical finding); a screenshot of each.
 */

jest.setTimeout(120_000);

let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;
let page: Page;
let dir: string;
// The services' clock: 09:50 London (GMT in November) on the demo's day, moved on for the late arrival.
let now = Date.parse('2026-11-24T09:50:00Z');
const axe = new AxeLog("on the lead's screens");

const TITLE = 'Corporate induction – e2e';
const ON_TIME = scenario('cleared'); // Kofi Lewis, on the roster by passport id
/** A demo person's printed badge, from the catalogue (so the test follows the demo if it is regenerated). */
const barcodeOf = (name: string) => {
  const e = CATALOGUE.entries.find((x) => x.name === name && x.kind === 'barcode');
  if (!e) throw new Error(`the demo catalogue has no barcode for ${name}`);
  return { badge: e.badge, name, outcome: e.outcome };
};
const BY_BADGE = barcodeOf('Siobhan Islam'); // on the roster by badge only
const NOT_CLEARED = scenario('dbs-failed'); // Kofi Kim
const LATE = barcodeOf('Amira Tan');
const WALK_IN = barcodeOf('Emily Khan'); // not on the roster
const ABSENT = 'Ruth McDonald';

const ROSTER_HEADER = 'name,passport,badge,staffGroup,note,department';
const ROSTER_ROWS = [
  'Kofi Lewis,RMC-254127a0,,Administrative and clerical,,Finance',
  `Siobhan Islam,,${BY_BADGE.badge},Nursing and midwifery,"Ward 7, bank shifts",Nursing`,
  'Kofi Kim,R1F-add541f3,,,,',
  'Amira Tan,RGP-77192342,,,,',
  'Hannah Stewart,RHA-46623427,,,Transferring in,',
  `${ABSENT},RGN-354dc8e0,,,,`,
];
const BAD_ROW = 'Ben Bad,not a passport id,,,,';

beforeAll(async () => {
  release = await takeE2eLock();
  expect(DEMO_AT).toBe(Date.parse('2026-11-24T10:00:00Z'));
  kiosk = await startDemoKiosk({ at: () => now });
  browser = await launchChromium();
  page = browser.page;
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-roster-'));
  writeFileSync(path.join(dir, 'roster-bad.csv'), [ROSTER_HEADER, ...ROSTER_ROWS.slice(0, 6), BAD_ROW].join('\r\n') + '\r\n');
  writeFileSync(path.join(dir, 'roster.csv'), [ROSTER_HEADER, ...ROSTER_ROWS].join('\r\n') + '\r\n');
  await openKiosk(page, kiosk.server.url);
}, 300_000);

afterAll(async () => {
  axe.print();
  await browser?.close();
  await kiosk?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  release();
});

async function expectNoSeriousFindings(screen: string) {
  await settle(page);
  await axe.expectNone(page, screen);
}

/** What has keyboard focus, as a person would name it. */
function focusedName(): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    // Only controls have names here: the body (focus wrapping round) or a heading is no match.
    if (!el || !el.matches('button, input, select, textarea, a[href], summary')) return '';
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : '';
    const text = el.matches('button, a, summary') ? el.textContent : '';
    return `${el.getAttribute('aria-label') ?? ''} ${label ?? ''} ${text ?? ''} ${el.id}`.replace(/\s+/g, ' ').trim();
  });
}

/** Press Tab (or Shift+Tab) until the focused control matches, or fail after `max` presses. */
async function tabTo(name: RegExp, max = 80, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (name.test(await focusedName())) return;
  }
  throw new Error(`Tab never reached ${name} (last: ${await focusedName()})`);
}

/** Type as a person does: slower than a scanner, so the wedge hands the keys to the focused box. */
async function typeSlowly(text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 60 });
  await page.waitForTimeout(150);
}

/** Tab to a text box, clear it and type into it. */
async function fillByKeyboard(field: RegExp, text: string): Promise<void> {
  await tabTo(field);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await typeSlowly(text);
}

/**
 * A scanner-speed scan while the lead's screens are showing (no verdict
 * panel there: the last-scan line answers). Typed again only when the
 * browser itself was too slow to be a scanner, as wedgeScan does.
 */
async function scanInLeadView(badge: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const gaps = await scanAtScannerSpeed(page, badge);
    if (Math.max(...gaps) <= 35) return;
    if (attempt === 5) throw new Error(`could not type at scanner speed: gaps ${gaps.map((g) => g.toFixed(0)).join(' ')} ms`);
    await page.waitForTimeout(300);
  }
}

/** An element's text, or null when it is not on the page (without waiting for it). */
async function textOrNull(locator: ReturnType<Page['locator']>): Promise<string | null> {
  return (await locator.count()) > 0 ? locator.textContent() : null;
}

async function press(button: RegExp, key = 'Enter'): Promise<void> {
  await tabTo(button);
  await page.keyboard.press(key);
}

test('the lead reaches the sessions list from the scan screen', async () => {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await press(/Induction lead/);
  await page.getByRole('heading', { level: 1, name: 'Induction sessions' }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('sessions-heading');
  expect(await page.getByText('No sessions today.').count()).toBe(1);
  await expectNoSeriousFindings('sessions list, empty');
});

test('creating a session: mistakes are listed in the error summary, then fixed', async () => {
  await press(/Create a session/);
  await page.getByRole('heading', { level: 1, name: 'Create a session' }).waitFor();
  await fillByKeyboard(/Title/, TITLE);
  await fillByKeyboard(/Start time/, '9am');
  await press(/^Create session/);
  const summary = page.getByTestId('error-summary');
  await summary.waitFor();
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
  expect(await summary.locator('li').allTextContents()).toEqual([
    'Select the kind of induction',
    'Start time must be a time of day from 00:00 to 23:59, for example 09:00',
    'Enter the end time, for example 12:30',
  ]);
  // Each problem is also beside its field.
  expect(await page.locator('.nhsuk-error-message').count()).toBe(3);
  await screenshot(page, 'session-create-errors');
  await expectNoSeriousFindings('create form with errors');

  // The summary's first link takes focus to the kind radios; Space picks Corporate.
  await tabTo(/Select the kind of induction/, 5);
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('session-kind-corporate');
  await page.keyboard.press('Space');
  // The date is today's (the services' clock) already.
  expect(await page.inputValue('#session-date-day')).toBe('24');
  await fillByKeyboard(/Start time/, '09:45');
  await fillByKeyboard(/End time/, '12:30');
  await fillByKeyboard(/^Room/, 'Seminar room 2');
  await fillByKeyboard(/Lead’s name/, 'Priya Shah');
  await fillByKeyboard(/^Capacity/, '40');
  await press(/^Create session/);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  expect(await page.getByTestId('session-attendance').textContent()).toBe('0 arrived (capacity 40)');
});

test('a roster with a bad row is refused with every bad line listed; the fixed file loads', async () => {
  const chooseFile = async (file: string) => {
    await tabTo(/Roster file/);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(path.join(dir, file));
    await press(/^Load roster/);
  };
  await chooseFile('roster-bad.csv');
  const summary = page.getByTestId('roster-errors');
  await summary.waitFor();
  const errors = await summary.locator('li').allTextContents();
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^Line 8: .*passport/i);
  expect(await summary.textContent()).toMatch(/Nothing was loaded from roster-bad\.csv/);
  await screenshot(page, 'session-roster-errors');
  await expectNoSeriousFindings('roster import errors');

  await chooseFile('roster.csv');
  await page.getByText('Roster loaded: 6 people').waitFor();
  // The unknown column is named calmly, as a note.
  expect(await page.locator('.kiosk-done-note').textContent()).toMatch(/department/);
  expect(await page.getByTestId('roster-errors').count()).toBe(0);
});

test('the pre-check shows each person’s outcome in words, with reasons and prior induction', async () => {
  await press(/Run the pre-check/);
  const table = page.getByTestId('precheck-table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ name: tr.children[1]!.textContent, outcome: tr.getAttribute('data-outcome'), words: tr.children[2]!.textContent, reasons: tr.children[3]!.textContent })),
  );
  expect(rows).toHaveLength(6);
  const kim = rows.find((r) => r.name?.startsWith('Kofi Kim'))!;
  expect(kim).toMatchObject({ outcome: 'not-cleared', words: 'Not cleared' });
  expect(kim.reasons).toMatch(/A check has failed/);
  expect(rows.find((r) => r.name?.startsWith('Kofi Lewis'))).toMatchObject({ outcome: 'cleared', words: 'Cleared' });
  expect(kim.reasons).toMatch(/Prior induction recognised: .+ \(R1F\), 1 May 2026/);
  await screenshot(page, 'session-precheck');
  await expectNoSeriousFindings('pre-check');
});

test('session mode: five people scan in at scanner speed, each told the check-in in words', async () => {
  await tabTo(/^Register$/, 80, true);
  await page.keyboard.press('Enter');
  await press(/Run this session at the kiosk/);
  const banner = page.getByTestId('session-banner');
  await banner.waitFor({ timeout: 5000 }).catch(async (e) => {
    await page.screenshot({ path: '/tmp/sess-fail.png', fullPage: true });
    throw e;
  });
  expect(await banner.textContent()).toMatch(new RegExp(`${TITLE}.*09:45 to 12:30 · Seminar room 2.*0 of 6 arrived`));
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Scan your badge to sign in');
  await expectNoSeriousFindings('session mode, idle');

  const scanIn = async (badge: string) => {
    await wedgeScan(page, badge);
    await page.getByTestId('checkin').waitFor({ timeout: 5000 }).catch(async (e) => {
      await page.screenshot({ path: '/tmp/sess-fail.png' });
      throw e;
    });
    return {
      result: await page.getByTestId('checkin').getAttribute('data-result'),
      text: (await page.locator('.kiosk-checkin__headline').textContent()) ?? '',
      flag: await textOrNull(page.getByTestId('checkin-flag')),
      person: await textOrNull(page.locator('.kiosk-person__name')),
    };
  };

  const onTime = await scanIn(ON_TIME.badge);
  expect(onTime).toMatchObject({ result: 'ARRIVED', person: 'Kofi Lewis' });
  expect(onTime).toMatchObject({ text: 'Signed in', flag: null });

  const byBadge = await scanIn(BY_BADGE.badge);
  expect(byBadge).toMatchObject({ result: 'ARRIVED', person: BY_BADGE.name });

  const kim = await scanIn(NOT_CLEARED.badge);
  expect(kim.result).toBe('ARRIVED');
  expect(kim.text).toBe('Signed in');
  expect(kim.flag).toBe('⚑ Lead to check: the passport check says “Not cleared”.');
  expect(await page.locator('.kiosk-banner__word').textContent()).toBe('Not cleared');
  await screenshot(page, 'session-mode-checkin');
  await expectNoSeriousFindings('session mode, check-in (flagged)');

  const again = await scanIn(BY_BADGE.badge);
  expect(again).toMatchObject({ result: 'ALREADY_ARRIVED' });
  expect(again.text).toBe('Already signed in at 09:50');

  now = Date.parse('2026-11-24T10:02:00Z'); // after 09:45 + 10 minutes' grace
  const late = await scanIn(LATE.badge);
  expect(late).toMatchObject({ result: 'ARRIVED', person: LATE.name });
  expect(late.text).toBe('Signed in — late');

  expect(await banner.getByTestId('session-banner-count').textContent()).toBe('4 of 6 arrived');
});

test('the lead’s view, live: a walk-in scanned while it is open appears at once', async () => {
  await page.keyboard.press('Escape');
  await press(/Induction lead/);
  await page.getByRole('heading', { level: 1, name: 'Induction sessions' }).waitFor();
  expect(await page.locator(`[data-session="${TITLE}"]`).textContent()).toMatch(/4 of 6 arrived.*Running at this kiosk/);
  await screenshot(page, 'sessions-list');
  await expectNoSeriousFindings('sessions list');
  await press(new RegExp(`^${TITLE}`));
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();

  const counts = () =>
    page.locator('.kiosk-filters__item').evaluateAll((bs) => Object.fromEntries(bs.map((b) => [b.getAttribute('data-filter'), b.querySelector('.kiosk-filters__count')!.textContent])));
  expect(await counts()).toEqual({ expected: '6', arrived: '4', exempt: '0', missing: '2' });

  // A walk-in scans at the kiosk while the lead looks: the register follows without a reload.
  await scanInLeadView(WALK_IN.badge);
  await page.getByTestId('last-scan').filter({ hasText: `${WALK_IN.name}: Cleared — Not on the list — signed in as a walk-in — late` }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-filter="arrived"] .kiosk-filters__count')?.textContent === '5');

  await press(/^Arrived/);
  const arrived = await page.locator('[data-testid="register-table"] tbody tr[data-person]').evaluateAll((trs) =>
    trs.map((tr) => `${tr.getAttribute('data-person')}|${tr.textContent}`),
  );
  expect(arrived.map((a) => a.split('|')[0])).toEqual(['Kofi Lewis', 'Siobhan Islam', 'Kofi Kim', 'Amira Tan', WALK_IN.name]);
  expect(arrived[2]).toMatch(/Lead to check/);
  expect(arrived[3]).toMatch(/late/);
  expect(arrived[4]).toMatch(/Walk-in \(not on the list\)/);
  await screenshot(page, 'session-lead-view');
  await expectNoSeriousFindings('lead’s view');
});

test('every control on the lead’s view shows a visible focus indicator', async () => {
  const { checked, missing } = await page.evaluate(() => {
    const out: string[] = [];
    let n = 0;
    const active = document.activeElement as HTMLElement | null;
    for (const el of document.querySelectorAll<HTMLElement>('.kiosk-lead button, .kiosk-lead input, .kiosk-lead a[href]')) {
      el.focus();
      n++;
      const s = getComputedStyle(el);
      const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      if (!visible) out.push(el.outerHTML.slice(0, 80));
    }
    active?.focus();
    return { checked: n, missing: out };
  });
  // Back link, session actions, sub-pages, filters and a Mark button per person at least.
  expect(checked).toBeGreaterThan(12);
  expect(missing).toEqual([]);
});

test('the lead marks a missing person present, with a reason and their name', async () => {
  await press(/^Missing/);
  const missing = await page.locator('[data-testid="register-table"] tbody tr[data-person]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-person')));
  expect(missing).toEqual(['Hannah Stewart', ABSENT]);
  await press(new RegExp(`^Mark ${ABSENT}`));
  await page.getByRole('heading', { name: `Mark ${ABSENT}` }).waitFor();
  // Saving with nothing chosen lists what is missing.
  await press(/^Save mark/);
  await page.getByTestId('mark-errors').waitFor();
  expect(await page.getByTestId('mark-errors').locator('li').allTextContents()).toEqual([`Select what to mark ${ABSENT} as`, 'Enter a reason for the mark']);
  await expectNoSeriousFindings('mark form with errors');
  await tabTo(/^Present/);
  await page.keyboard.press('Space');
  await fillByKeyboard(/^Reason/, 'Forgot badge; photo ID checked');
  expect(await page.inputValue('#mark-by')).toBe('Priya Shah');
  await press(/^Save mark/);
  await page.getByText(`${ABSENT} marked.`).waitFor();
  // They left "Missing", so focus went to the register's heading (not lost to the page).
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('register-heading');
  expect(await page.getByTestId('session-attendance').textContent()).toBe('5 of 6 arrived, and 1 walk-in (capacity 40)');
  await press(/^Arrived/, 'Enter');
  await page.waitForFunction(() => document.querySelector('[data-filter="arrived"] .kiosk-filters__count')?.textContent === '6');
  const row = page.locator(`tr[data-person="${ABSENT}"]`);
  expect(await row.getAttribute('data-status')).toBe('present-manual');
  expect(await row.textContent()).toMatch(/Marked by Priya Shah: Forgot badge; photo ID checked/);
});

test('closing says what it means first; then the register is final', async () => {
  await press(/^Close session/, 'Enter');
  const confirm = page.getByTestId('close-confirm');
  await confirm.waitFor();
  const text = (await confirm.textContent()) ?? '';
  expect(text).toMatch(/Closing is final/);
  expect(text).toMatch(/refused \(“Session closed”\)/);
  expect(text).toMatch(/no longer mark anyone/);
  expect(text).toMatch(/becomes absent/);
  await screenshot(page, 'session-close-confirm');
  await expectNoSeriousFindings('close confirmation');
  await press(/Yes, close the session/);
  await page.getByText('The session is closed. Its register is final.').waitFor();
  expect(await page.getByTestId('session-state').textContent()).toBe('Closed');
  expect(await page.locator('.kiosk-mark-button').count()).toBe(0);
});

test('the register downloads as CSV and as PDF', async () => {
  const download = async (button: RegExp) => {
    const [d] = await Promise.all([page.waitForEvent('download'), press(button)]);
    const file = await d.path();
    return { name: d.suggestedFilename(), bytes: readFileSync(file) };
  };
  const csv = await download(/Download register \(CSV\)/);
  expect(csv.name).toMatch(/\.csv$/);
  const text = csv.bytes.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.slice(1).split('\r\n')[0]).toBe(
    'session_id,session_title,session_kind,session_starts,row,name,passport_id,issuer,staff_group,on_roster,status,late,arrived_at,marked_by,mark_reason,outcome,reason_codes,prior_induction',
  );
  expect(text).toMatch(/Ruth McDonald.*present-manual/);
  const pdf = await download(/Download register \(PDF\)/);
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
});

test('after closing, the scan screen is back to ordinary scanning: no banner, no check-in', async () => {
  await tabTo(/All sessions/, 80, true);
  await page.keyboard.press('Enter');
  await press(/Back to scanning/);
  await page.getByRole('heading', { level: 1, name: 'Scan a staff passport' }).waitFor();
  // Closing the running session left session mode: scans are ordinary verdicts again.
  expect(await page.getByTestId('session-banner').count()).toBe(0);
  const { outcome } = await wedgeScan(page, ON_TIME.badge);
  expect(outcome).toBe('cleared');
  expect(await page.getByTestId('checkin').count()).toBe(0);
});

test('every step ran under the strict CSP without one violation', async () => {
  const violations = (await cspViolations(page)).filter((v) => !/^font-src https:\/\/assets\.nhs\.uk\//.test(v));
  expect(violations).toEqual([]);
});
