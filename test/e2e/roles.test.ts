import type { Page } from 'playwright-core';
import { hashPin } from '../../src/main/roles/pin-hash';
import { AxeLog } from './helpers/axe';
import { cspViolations, launchChromium, openKiosk, settle, wedgeScan, type Browser } from './helpers/browser';
import { CATALOGUE, DEMO_AT, scenario, startDemoKiosk } from './helpers/demo';
import { takeE2eLock } from './helpers/e2e-lock';
import type { KioskUnderTest } from './helpers/kiosk-under-test';
import { screenshot } from './helpers/verdict-page';

/**
 * Roles and PINs on the screens (operations.md "Roles and PINs"), in
 * Chromium against browser mode with the real services and PIN hashes at
 * the floor parameters: the lead's PIN pad by keyboard and by touch, wrong
 * PINs and the lockout with the time left, auto-lock after lockMinutes,
 * Lock, the admin's PIN for Sync now, and Exit — refused by the services
 * without the admin role, granted with it. axe-core on every new screen;
 * screenshots of the pad, a wrong PIN and the lockout.
 */

jest.setTimeout(180_000);

const LEAD_PIN = '246810';
const ADMIN_PIN = '97531864';
const WRONG = '111111';

let release: () => void = () => undefined;
let kiosk: KioskUnderTest;
let browser: Browser;
let page: Page;
/** The services' clock, moved by the tests (the screens follow the services, never their own clock). */
let now = DEMO_AT;
const exits: number[] = [];
const axe = new AxeLog('on the roles screens');

beforeAll(async () => {
  release = await takeE2eLock();
  kiosk = await startDemoKiosk({
    at: () => now,
    pins: { lead: hashPin(LEAD_PIN), admin: hashPin(ADMIN_PIN) },
    lockMinutes: 2,
    onExit: () => exits.push(now),
  });
  browser = await launchChromium();
  page = browser.page;
  await openKiosk(page, kiosk.server.url);
}, 300_000);

afterAll(async () => {
  axe.print();
  await browser?.close();
  await kiosk?.close();
  release();
});

async function expectNoSeriousFindings(screen: string) {
  await settle(page);
  await axe.expectNone(page, screen);
}

/** Type digits as a person does (slower than a scanner: the wedge hands them to the pad). */
async function typeDigits(digits: string): Promise<void> {
  await page.keyboard.type(digits, { delay: 80 });
  await page.waitForTimeout(200);
}

async function dots(): Promise<number> {
  return Number(await page.getByTestId('pin-dots').getAttribute('data-count'));
}

async function message(): Promise<string> {
  return ((await page.getByTestId('pin-message').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function tapDigits(digits: string): Promise<void> {
  for (const d of digits) await page.locator('.kiosk-pin__key', { hasText: new RegExp(`^${d}$`) }).click();
}

/** From reception: open the lead's screens and unlock them with the lead's PIN. */
async function unlockLead() {
  await page.getByRole('button', { name: 'Induction lead' }).click();
  await page.getByTestId('pin-pad').waitFor();
  await tapDigits(LEAD_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('role-strip').waitFor();
}

async function focusedText(): Promise<string> {
  return page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());
}

test('the Induction lead entry asks for the lead PIN: a pad by keyboard, touch and mouse, 44 px targets or more', async () => {
  await page.getByRole('button', { name: 'Induction lead' }).click();
  const pad = page.getByTestId('pin-pad');
  await pad.waitFor();
  expect(await pad.getAttribute('data-role')).toBe('lead');
  await page.getByRole('heading', { name: 'Enter the induction lead PIN' }).waitFor();
  // The focus starts on the heading, so the pad is read from the top.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('pin-heading');

  // Every key is a big target (WCAG 2.2 2.5.8 asks for 24 px; NHS.UK for 44).
  const sizes = await page.locator('.kiosk-pin__key, .kiosk-pin__actions button').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return Math.min(r.width, r.height);
    }),
  );
  expect(sizes).toHaveLength(14);
  for (const s of sizes) expect(s).toBeGreaterThanOrEqual(44);

  // Focus order: the digits in reading order, Clear, 0, Delete, then Unlock and Cancel.
  const order: string[] = [];
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    order.push(await focusedText());
  }
  expect(order).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'Clear', '0', '⌫ Delete', 'Unlock', 'Cancel']);

  // Every control on the pad shows where the focus is.
  const noFocusStyle = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="pin-pad"] button')) {
      el.focus();
      const st = getComputedStyle(el);
      if (!((st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== 'none')) out.push(el.textContent ?? '');
    }
    return out;
  });
  expect(noFocusStyle).toEqual([]);
  await page.getByRole('heading', { name: 'Enter the induction lead PIN' }).focus();

  await expectNoSeriousFindings('PIN pad (lead)');
  await screenshot(page, 'pin-pad');
  // The NHS.UK stylesheet names its web fonts on assets.nhs.uk, which the CSP rightly refuses (fallback fonts are used).
  expect((await cspViolations(page)).filter((v) => !/^font-src https:\/\/assets\.nhs\.uk\//.test(v))).toEqual([]);
});

test('digits show as dots only; Backspace and Delete take them off; a short PIN is not sent', async () => {
  await page.getByRole('heading', { name: 'Enter the induction lead PIN' }).focus();
  await typeDigits('2468');
  expect(await dots()).toBe(4);
  expect(await page.getByTestId('pin-dots').textContent()).toBe('●●●●4 digits entered');
  await page.keyboard.press('Backspace');
  expect(await dots()).toBe(3);
  await page.keyboard.press('Enter');
  expect(await message()).toBe('Error: A PIN has at least 6 digits. You have entered 3.');
  expect(await dots()).toBe(3); // kept, to finish typing
  await page.getByRole('button', { name: 'Clear' }).click();
  expect(await dots()).toBe(0);
  // The digits typed never reached the badge-number box (it is not even on screen) nor the page.
  expect(await page.locator('#badge-number').count()).toBe(0);
  expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/2468/);
});

test('a wrong PIN (keyboard) says how many tries are left, and the pad forgets it', async () => {
  await page.getByRole('heading', { name: 'Enter the induction lead PIN' }).focus();
  await typeDigits(WRONG);
  expect(await dots()).toBe(6);
  await page.keyboard.press('Enter');
  await page.getByTestId('pin-message').filter({ hasText: '4 tries left' }).waitFor();
  expect(await message()).toBe('Error: That PIN is not right. 4 tries left before the lead role is locked.');
  expect(await dots()).toBe(0);
  expect(await page.getByTestId('pin-message').getAttribute('role')).toBe('alert');
  await expectNoSeriousFindings('PIN pad: wrong PIN');
  await screenshot(page, 'pin-wrong');
});

test('by touch: three more wrong PINs, then the 5th locks for 30 s, counted down without moving the focus', async () => {
  for (const left of ['3 tries left', '2 tries left', '1 try left']) {
    await tapDigits(WRONG);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('pin-message').filter({ hasText: left }).waitFor();
  }
  await tapDigits(WRONG);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('pin-message').filter({ hasText: 'Locked after too many wrong PINs' }).waitFor();
  expect(await message()).toBe('Locked after too many wrong PINs. Try again in 30 seconds.');
  const focusBefore = await focusedText();
  expect(focusBefore).toBe('Unlock');
  await page.getByTestId('pin-message').filter({ hasText: /Try again in 2[0-9] seconds/ }).waitFor({ timeout: 5_000 });
  expect(await focusedText()).toBe(focusBefore);
  expect(await page.locator('[role="timer"]').count()).toBe(1);
  await expectNoSeriousFindings('PIN pad: locked');
  await screenshot(page, 'pin-locked');

  // While locked the right PIN is not even evaluated: still locked.
  await tapDigits(LEAD_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('pin-message').filter({ hasText: 'Locked after too many wrong PINs' }).waitFor();
  expect((await kiosk.services.getRole({})).role).toBe('reception');
});

test('once the lock has run out, the right PIN opens the lead’s screens, with the role strip and Lock', async () => {
  now += 31_000;
  await page.getByRole('heading', { name: 'Enter the induction lead PIN' }).focus();
  await typeDigits(LEAD_PIN);
  expect(await dots()).toBe(6);
  await page.keyboard.press('Enter');
  await page.getByTestId('role-strip').waitFor({ timeout: 10_000 }).catch(async (e: Error) => {
    throw new Error(`${e.message}\npad message: ${await message().catch(() => 'none')}`);
  });
  expect(await page.getByTestId('pin-pad').count()).toBe(0);
  expect(await page.getByTestId('role-strip').getAttribute('data-role')).toBe('lead');
  await page.getByRole('button', { name: 'Lock' }).waitFor();
  await page.getByRole('button', { name: /Create a session/ }).waitFor();
  expect((await kiosk.services.getRole({})).role).toBe('lead');
  await expectNoSeriousFindings('lead screens, unlocked');
  await screenshot(page, 'role-unlocked');
});

test('auto-lock: after lockMinutes without input the role falls back and the lead’s screens close', async () => {
  now += 2 * 60_000 + 1_000;
  await page.getByRole('button', { name: 'Induction lead' }).waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('role-strip').count()).toBe(0);
  expect((await kiosk.services.getRole({})).role).toBe('reception');
  // The services refuse the lead's calls now, whatever the screen does.
  expect(await kiosk.services.listSessions({})).toEqual([]);
});

test('Lock: back to reception at once', async () => {
  await unlockLead();
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Induction lead' }).waitFor();
  expect(await page.getByTestId('role-strip').count()).toBe(0);
  expect((await kiosk.services.getRole({})).role).toBe('reception');
});

test('the auto-lock warns in its last 30 seconds, and a key press keeps the role unlocked', async () => {
  await unlockLead();
  const { fallsBackAt } = await kiosk.services.getRole({});
  now = Date.parse(fallsBackAt!) - 20_000;
  // The screen counts in the services' time, which it learns from the status: load it afresh.
  await page.reload();
  await page.getByTestId('auto-lock-warning').waitFor();
  expect(await page.getByTestId('auto-lock-warning').textContent()).toMatch(
    /The induction lead role will lock soon\. It locks in (1[0-9]|2[01]) seconds\. Press any key or touch the screen to stay unlocked\./,
  );
  await expectNoSeriousFindings('role strip: auto-lock warning');
  await screenshot(page, 'auto-lock-warning');
  await page.keyboard.press('Shift');
  await page.getByTestId('auto-lock-warning').waitFor({ state: 'detached' });
  expect(Date.parse((await kiosk.services.getRole({})).fallsBackAt!)).toBe(now + 2 * 60_000);
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByTestId('role-strip').waitFor({ state: 'detached' });
});

test('a scan while the PIN pad is up is still a scan: the pad gives way to the verdict', async () => {
  await page.getByRole('button', { name: 'Induction lead' }).click();
  await page.getByTestId('pin-pad').waitFor();
  const { outcome } = await wedgeScan(page, scenario('cleared').badge);
  expect(outcome).toBe('cleared');
  expect(await page.getByTestId('pin-pad').count()).toBe(0);
  await page.keyboard.press('Escape');
});

test('session mode: leaving it from the scan screen needs the lead PIN too', async () => {
  // A lead starts a session running at this kiosk (through the services, as the lead's screens do), then locks.
  expect(await kiosk.services.unlockRole({ role: 'lead', pin: LEAD_PIN })).toMatchObject({ ok: true });
  const created = await kiosk.services.createSession({
    title: 'Roles e2e induction',
    kind: 'corporate',
    starts: new Date(now - 10 * 60_000).toISOString(),
    ends: new Date(now + 2 * 3600_000).toISOString(),
  });
  if (!created.ok) throw new Error(created.message);
  expect(await kiosk.services.setSessionMode({ sessionId: created.session.id })).toMatchObject({ ok: true });
  kiosk.services.lockRole();
  await page.reload();
  await page.getByRole('button', { name: 'Leave session mode' }).click();
  await page.getByRole('heading', { name: 'Enter the induction lead PIN to stop the session here' }).waitFor();
  await expectNoSeriousFindings('PIN pad (lead, session mode)');
  await tapDigits(LEAD_PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('role-strip').waitFor();
  await page.getByRole('heading', { name: 'Scan a staff passport' }).waitFor();
  await page.getByTestId('session-banner-count').waitFor({ state: 'detached' });
  expect((await kiosk.services.getStatus()).session).toBeNull();
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByTestId('role-strip').waitFor({ state: 'detached' });
});

test('Sync now needs the admin PIN; Escape leaves the pad', async () => {
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByRole('heading', { name: 'Enter the admin PIN to sync now' }).waitFor();
  expect(await page.getByTestId('pin-pad').getAttribute('data-role')).toBe('admin');
  await expectNoSeriousFindings('PIN pad (admin, sync)');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Induction lead' }).waitFor();
  // The services refuse it too, without the admin role.
  const refused = await kiosk.services.syncNow();
  expect(refused.ok).toBe(false);
  expect(refused.message).toMatch(/admin/);
});

test('exit is refused without the admin PIN (the same service as the Electron shell), and granted with it', async () => {
  // Straight to the service, as a page or a script would: refused.
  expect(await kiosk.services.requestExit()).toMatchObject({ ok: false, code: 'ROLE_REQUIRED' });
  // The screen's Exit goes to the same service, is refused, and asks for the admin PIN.
  await page.getByRole('button', { name: 'Exit' }).click();
  await page.getByRole('heading', { name: 'Enter the admin PIN to exit' }).waitFor();
  expect(exits).toEqual([]);
  await expectNoSeriousFindings('PIN pad (admin, exit)');

  // The lead's PIN is not the admin's.
  await page.getByRole('heading', { name: 'Enter the admin PIN to exit' }).focus();
  await typeDigits(LEAD_PIN);
  await page.keyboard.press('Enter');
  await page.getByTestId('pin-message').filter({ hasText: 'tries left' }).waitFor();
  expect(await message()).toBe('Error: That PIN is not right. 4 tries left before the admin role is locked.');
  expect(exits).toEqual([]);

  await typeDigits(ADMIN_PIN);
  await page.keyboard.press('Enter');
  await page.getByTestId('exit-notice').waitFor();
  expect(exits).toHaveLength(1);
  expect((await kiosk.services.getRole({})).role).toBe('admin');
  expect(await page.getByTestId('role-strip').getAttribute('data-role')).toBe('admin');
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByTestId('role-strip').waitFor({ state: 'detached' });
});

test('a clock behind the passport data shows a warning in the status bar, in words', async () => {
  const published = Date.parse(CATALOGUE.referenceTime);
  const status = await kiosk.services.getStatus();
  const dataPublished = Date.parse(status.data!.published);
  expect(dataPublished).toBeLessThanOrEqual(published);
  now = dataPublished - 10 * 60_000;
  await page.reload();
  await page.getByTestId('clock-warning').waitFor();
  expect(await page.getByTestId('clock-warning').textContent()).toMatch(/Clock warning: This kiosk's clock is behind its passport data/);
  await expectNoSeriousFindings('status bar: clock warning');
  await screenshot(page, 'clock-warning');
  now = DEMO_AT;
});
