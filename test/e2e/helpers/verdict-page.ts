import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './renderer-build';

/** Where the e2e run writes its screenshots (the README shows them). */
export const SCREENSHOT_DIR = path.join(ROOT, 'docs/screenshots');

/** Save a screenshot of the whole kiosk screen as docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** What the verdict on screen says: banner word, colour, icon, person, and each reason. */
export async function readVerdict(page: Page) {
  return page.evaluate(() => {
    const banner = document.querySelector('.kiosk-banner')!;
    const facts: Record<string, string> = {};
    for (const row of document.querySelectorAll('.kiosk-person__facts .nhsuk-summary-list__row')) {
      facts[row.querySelector('dt')!.textContent!] = row.querySelector('dd')!.textContent!;
    }
    return {
      word: banner.querySelector('h1')!.textContent,
      colour: getComputedStyle(banner).backgroundColor,
      hasIcon: banner.querySelector('svg.kiosk-outcome-icon') !== null,
      name: document.querySelector('.kiosk-person__name')?.textContent ?? null,
      facts,
      groups: [...document.querySelectorAll('.kiosk-reasons__heading')].map((h) => h.textContent),
      reasons: [...document.querySelectorAll('.kiosk-reasons__list li')].map((li) => ({
        code: li.getAttribute('data-code'),
        text: li.textContent,
      })),
      freshness: document.querySelector('.kiosk-freshness')?.textContent ?? '',
    };
  });
}

/** The banner colour per outcome (NHS.UK palette): green, warm yellow, red, grey. */
export const BANNER_COLOURS = {
  cleared: 'rgb(0, 127, 59)',
  refer: 'rgb(255, 184, 28)',
  'not-cleared': 'rgb(213, 40, 27)',
  unknown: 'rgb(76, 98, 114)',
} as const;
