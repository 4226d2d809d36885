import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openKiosk as openApp } from '../../../src/main/kiosk/open-kiosk';
import { outboxOf } from '../../../src/main/upstream/outbox';
import type { RunningReceiver } from '../../../src/receiver/server';
import { POLICY } from '../../unit/core/fixtures';
import { receiver, SESSION_AT, tempDir, verdictFor } from './helpers';

/**
 * The app's background deliverer, as openKiosk starts it: an arrival
 * reaches the receiver without anyone flushing, and the status the status
 * bar reads says how the outbox stands — all sent, or waiting with the
 * reason of the last failed try.
 */

let dir: string;
let rx: RunningReceiver;

beforeEach(async () => {
  dir = tempDir('upstream-app-');
  writeFileSync(path.join(dir, 'keys.json'), '{"keys":[]}');
  rx = await receiver(dir);
});
afterEach(async () => {
  await rx.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('an arrival in the app goes upstream by itself; the status shows the outbox', async () => {
  const now = SESSION_AT;
  const app = openApp({
    cacheFile: path.join(dir, 'cache.sqlite'),
    recordsFile: path.join(dir, 'records.sqlite'),
    policy: POLICY,
    clock: () => now,
    kioskId: 'desk-1',
    upstream: { setting: { url: rx.url }, settleMs: 10 },
  });
  try {
    expect(outboxOf(app.records).identity().kioskId).toBe('desk-1'); // made on first start, with the config's id
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ keys: [outboxOf(app.records).identity().publicJwk] }));
    const made = app.sessions.create({ title: 'Induction', kind: 'local', starts: '2026-11-24T09:00:00Z', ends: '2026-11-24T12:00:00Z' });
    if (!made.ok) throw new Error(made.message);
    app.sessions.recordScan({ at: new Date(now).toISOString(), source: 'wedge', readerId: null, verdict: verdictFor(1) }, made.session.id);
    const arrivals = rx.store.db.prepare("SELECT COUNT(*) FROM events WHERE type = 'arrival'").pluck();
    await until(() => arrivals.get() === 1);
    await until(() => outboxOf(app.records).summary().pending === 0);
    const status = await app.services.getStatus();
    expect(status.outbox).toEqual({ pending: 0, rejected: 0, oldest: null, lastTry: { at: new Date(now).toISOString(), ok: true, reason: null } });
  } finally {
    app.close();
  }
});

test('a receiver that is down: the event waits, the status says why, nothing is lost', async () => {
  await rx.stop();
  const now = SESSION_AT;
  const app = openApp({
    cacheFile: path.join(dir, 'cache.sqlite'),
    recordsFile: path.join(dir, 'records.sqlite'),
    policy: POLICY,
    clock: () => now,
    upstream: { setting: { url: rx.url }, settleMs: 10 },
  });
  try {
    const made = app.sessions.create({ title: 'Induction', kind: 'local', starts: '2026-11-24T09:00:00Z', ends: '2026-11-24T12:00:00Z' });
    if (!made.ok) throw new Error(made.message);
    app.sessions.recordScan({ at: new Date(now).toISOString(), source: 'wedge', readerId: null, verdict: verdictFor(1) }, made.session.id);
    await until(() => outboxOf(app.records).summary().lastTryAt !== null);
    const status = await app.services.getStatus();
    expect(status.outbox).toMatchObject({ pending: 2, rejected: 0, oldest: new Date(now).toISOString(), lastTry: { ok: false, reason: 'the receiver is not answering' } });
  } finally {
    app.close();
  }
  rx = await receiver(dir); // for afterEach
});
