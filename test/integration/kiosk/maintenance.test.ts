/** The app's timers (maintenance.ts): the retention purge at start and then daily, on an injected clock and timer. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { KioskGuard } from '../../../src/main/kiosk/kiosk-guard';
import { startMaintenance } from '../../../src/main/kiosk/maintenance';
import { Records } from '../../../src/main/records/records';
import { tempDir } from '../records/helpers';

let dir: string;
beforeAll(() => (dir = tempDir('maint-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('purges at start and once a day after, never past an unacknowledged checkpoint, and stops', () => {
  const records = Records.open(path.join(dir, 'records.sqlite'));
  const t = { now: Date.parse('2026-01-01T00:00:00Z') };
  for (let i = 0; i < 20; i++) records.audit.append({ at: t.now + i * 86_400_000, type: 'admin', actor: 'system', detail: { i } });
  t.now = Date.parse('2026-04-15T00:00:00Z'); // entries of 1–20 January are past 90 days
  let tick: (() => void) | null = null;
  let stopped = false;
  const acked = { seq: 5 as number | null };
  const m = startMaintenance({
    records,
    guard: new KioskGuard({ clock: () => t.now, audit: records.audit }),
    clock: () => t.now,
    retention: { retentionDays: 90, registerDays: 400, upstream: () => ({ lastAcknowledgedCheckpoint: () => acked.seq }) },
    setInterval: (fn) => ((tick = fn), 'handle'),
    clearInterval: (h) => (stopped = h === 'handle'),
  });
  const purges = () => [...records.audit.entries()].filter((e) => e.type === 'purge');
  expect(purges()).toHaveLength(1);
  expect(records.audit.anchor()?.seq).toBe(5); // held at the acknowledged checkpoint
  t.now += 3_600_000;
  tick!();
  expect(purges()).toHaveLength(1); // not again the same day
  acked.seq = 30;
  t.now += 86_400_000;
  tick!();
  expect(purges()).toHaveLength(2);
  expect(records.audit.anchor()?.seq).toBe(16); // 90 days before 16 April 01:00 is 16 January 01:00: entries of 1–16 January go
  m.stop();
  expect(stopped).toBe(true);
  records.close();
});
