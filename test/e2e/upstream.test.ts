import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPolicyFile } from '../../src/main/config/machine-config';
import { openKiosk, type OpenKiosk } from '../../src/main/kiosk/open-kiosk';
import { FolderTransport } from '../../src/main/sync/folder-transport';
import { runSync } from '../../src/main/sync/run-sync';
import { outboxOf } from '../../src/main/upstream/outbox';
import { startWebServer, type WebServer } from '../../src/main/web/web-server';
import { startReceiver, type RunningReceiver } from '../../src/receiver/server';
import { seriousAxeFindings } from './helpers/axe';
import { launchChromium, settle, type Browser } from './helpers/browser';
import { DEMO_AT, DEMO_DIR } from './helpers/demo';
import { takeE2eLock } from './helpers/e2e-lock';
import { ensureRendererBuilt, RENDERER_DIR } from './helpers/renderer-build';
import { screenshot } from './helpers/verdict-page';
import { readHubKeyFile } from '../../src/main/sync/hub-keys';

/**
 * The status bar's attendance line in Chromium, against browser mode with
 * the real services and the real receiver on loopback: records waiting
 * while the receiver is down (with the reason), refused while the kiosk is
 * not enrolled, all sent once it is — each state checked with axe.
 */

let release: () => void = () => undefined;
let dir: string;
let kiosk: OpenKiosk;
let server: WebServer;
let browser: Browser;
let rx: RunningReceiver | null = null;
let url: string;
let now = DEMO_AT;

async function until(what: () => boolean): Promise<void> {
  const end = Date.now() + 15_000;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  release = await takeE2eLock();
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-upstream-'));
  const cacheFile = path.join(dir, 'cache.sqlite');
  const synced = await runSync({ db: cacheFile, transport: new FolderTransport(path.join(DEMO_DIR, 'feed')), hubKeys: readHubKeyFile(path.join(DEMO_DIR, 'hub-key.json')), now: () => DEMO_AT });
  if (!synced.ok) throw new Error(synced.message);
  writeFileSync(path.join(dir, 'keys.json'), '{"keys":[]}');
  // A receiver's address with nobody listening yet.
  rx = await startReceiver({ store: path.join(dir, 'rx.sqlite'), kioskKeys: path.join(dir, 'keys.json'), port: 0 });
  url = rx.url;
  await rx.stop();
  rx = null;
  kiosk = openKiosk({
    cacheFile,
    policy: loadPolicyFile().policy,
    clock: () => now,
    site: 'Main reception (e2e)',
    kioskId: 'main-reception-e2e',
    upstream: { setting: { url }, settleMs: 10 },
  });
  ensureRendererBuilt();
  server = await startWebServer({ services: kiosk.services, rendererDir: RENDERER_DIR });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  kiosk?.close();
  await rx?.stop();
  rmSync(dir, { recursive: true, force: true });
  release();
});

async function shown(): Promise<{ text: string; attention: boolean }> {
  const { page } = browser;
  // The kiosk's URL differs only in its fragment from one load to the next: leave the page first, so it loads afresh.
  await page.goto('about:blank');
  await page.goto(server.url);
  const line = page.getByTestId('outbox-status');
  await line.waitFor();
  await settle(page);
  // The text a person reads: the mark before it is decoration (aria-hidden).
  const text = await line.evaluate((el) =>
    [...el.childNodes]
      .filter((n) => !(n instanceof HTMLElement && n.getAttribute('aria-hidden') === 'true'))
      .map((n) => n.textContent)
      .join(''),
  );
  return { text, attention: (await line.getAttribute('class'))!.includes('kiosk-outbox--attention') };
}

/** Move the kiosk's clock past the back-off and let the deliverer try once more. */
async function tryAgain(): Promise<void> {
  now += 10 * 60_000;
  await kiosk.upstream!.tick();
}

test('waiting: the receiver is down, the line says how many and why, and the page passes axe', async () => {
  const made = kiosk.sessions.create({ title: 'Corporate induction', kind: 'local', starts: '2026-11-24T09:00:00Z', ends: '2026-11-24T12:00:00Z' });
  if (!made.ok) throw new Error(made.message);
  for (let i = 0; i < 3; i++) {
    kiosk.sessions.recordScan(
      {
        at: new Date(now).toISOString(),
        source: 'wedge',
        readerId: null,
        verdict: {
          outcome: 'cleared',
          reasons: [],
          passport: { id: `P00000${i}`, rev: 1, iss: 'RXL', issuerName: null, name: `Person ${i}`, staffGroup: 'students', role: 'Student' },
          localDate: '2026-11-24',
          dataPublished: null,
        },
      },
      made.session.id,
    );
  }
  await until(() => outboxOf(kiosk.records).summary().lastError !== null);
  const { text, attention } = await shown();
  // Three arrivals and the audit checkpoint.
  expect(text).toMatch(/^Attendance: 4 records waiting to send — last try \d\d:\d\d failed: the receiver is not answering$/);
  expect(attention).toBe(true);
  expect(await seriousAxeFindings(browser.page)).toEqual([]);
  await screenshot(browser.page, 'status-attendance-waiting');
});

test('refused: the receiver does not know this kiosk; the line asks for IT', async () => {
  rx = await startReceiver({ store: path.join(dir, 'rx.sqlite'), kioskKeys: path.join(dir, 'keys.json'), port: Number(new URL(url).port) });
  await tryAgain();
  const { text, attention } = await shown();
  expect(text).toBe('Attendance: 4 records refused by the trust — call IT');
  expect(attention).toBe(true);
  expect(await seriousAxeFindings(browser.page)).toEqual([]);
});

test('all sent: enrolled and retried, the line is calm', async () => {
  writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ keys: [outboxOf(kiosk.records).identity().publicJwk] }));
  expect(outboxOf(kiosk.records).retry()).toBe(4);
  await tryAgain();
  const { text, attention } = await shown();
  expect(text).toMatch(/^Attendance: all sent \(last \d\d:\d\d\)$/);
  expect(attention).toBe(false);
  expect(rx!.store.count()).toBe(4);
  expect(await seriousAxeFindings(browser.page)).toEqual([]);
  await screenshot(browser.page, 'status-attendance-sent');
});
