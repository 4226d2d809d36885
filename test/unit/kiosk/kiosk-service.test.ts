import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStore, NOW, POLICY, makeKey, nurse, signRecord, trustIndex } from '../core/fixtures';
import { KioskService, type ReaderSource, type SyncRunner } from '../../../src/main/kiosk/kiosk-service';
import { Records } from '../../../src/main/records/records';
import { KIOSK_CALLS, type ReaderStateDto, type ScanResultDto, type SyncOutcomeDto } from '../../../src/shared/kiosk-api';

const EXPIRES = '2026-11-26T06:00:00Z';
const PUBLISHED = '2026-11-24T06:00:00Z';

async function setup(
  opts: { now?: number; sync?: SyncRunner; readers?: ReaderSource; photo?: boolean; recordsFile?: string } = {},
) {
  const key = await makeKey('RXL-1');
  const store = new MemoryStore({ trust: trustIndex([{ key, iss: 'RXL' }]), published: PUBLISHED, expires: EXPIRES });
  const r = nurse();
  if (opts.photo) r.person.photo = `sha256:${'a'.repeat(64)}`;
  store.put(r, await signRecord(r, key));
  const records = Records.open(opts.recordsFile ?? ':memory:');
  const scanLog = records.scanLog;
  let now = opts.now ?? NOW;
  const services = new KioskService({
    store,
    policy: POLICY,
    clock: () => now,
    scanLog,
    site: 'Ward 7 desk',
    idleSeconds: 12,
    sync: opts.sync,
    readers: opts.readers,
    photos: (p) => (p === `sha256:${'a'.repeat(64)}` ? { bytes: Uint8Array.from([1, 2, 3]), type: 'image/jpeg' } : null),
  });
  return { services, scanLog, records, setNow: (t: number) => (now = t) };
}

describe('scan', () => {
  test('returns the verdict, valid against the contract, and logs passport id, outcome and codes', async () => {
    const { services, scanLog } = await setup();
    const result = await services.scan({ payload: 'RXL0012345', source: 'wedge' });
    expect(KIOSK_CALLS.scan.response.parse(result)).toEqual(result);
    expect(result.verdict.outcome).toBe('cleared');
    expect(result.verdict.passport?.name).toBe('Amira Patel');
    expect(result.at).toBe(new Date(NOW).toISOString());
    const [row] = scanLog.recent();
    expect(row).toEqual({
      id: result.scanId,
      at: '2026-11-24T09:00:00.000Z',
      source: 'wedge',
      readerId: null,
      passportId: 'RXL-7f3a9c21',
      outcome: 'cleared',
      reasons: ['INDUCTION_RECORDED'],
    });
  });

  test('an unknown badge is logged as "unknown" and its payload is stored nowhere in the log', async () => {
    const { services, scanLog } = await setup();
    const secretish = 'VISITOR-4929123456789012';
    const result = await services.scan({ payload: secretish, source: 'manual' });
    expect(result.verdict.outcome).toBe('unknown');
    const rows = scanLog.recent();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ passportId: 'unknown', outcome: 'unknown', reasons: ['BADGE_UNKNOWN'], source: 'manual' });
    expect(JSON.stringify(rows)).not.toContain('4929123456789012');
  });

  test('the records file itself never contains an unknown payload', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scanlog-'));
    const { services, records } = await setup({ recordsFile: path.join(dir, 'records.sqlite') });
    await services.scan({ payload: 'ZZ-UNKNOWN-PAYLOAD-77', source: 'camera' });
    records.close();
    const bytes = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)).toString('latin1')).join('');
    expect(bytes).toContain('BADGE_UNKNOWN');
    expect(bytes).not.toContain('ZZ-UNKNOWN-PAYLOAD-77');
  });

  test('broadcasts each verdict to subscribers, with the photo as a data URL when the feed has one', async () => {
    const { services } = await setup({ photo: true });
    const seen: ScanResultDto[] = [];
    services.subscribe((event, payload) => {
      if (event === 'verdict') seen.push(payload as ScanResultDto);
    });
    const result = await services.scan({ payload: '04:A2:3B:9C:5D:6E:80', source: 'camera' });
    expect(seen).toEqual([result]);
    expect(result.photo).toBe('data:image/jpeg;base64,AQID');
  });

  test('reader scans arrive as verdict events with the reader id, and are logged as such', async () => {
    let emitScan: (s: { payload: string; readerId: string }) => void = () => undefined;
    const readers: ReaderSource = {
      states: () => [],
      onStates: () => () => undefined,
      onScan: (l) => {
        emitScan = l;
        return () => undefined;
      },
    };
    const { services, scanLog } = await setup({ readers });
    const got = new Promise<ScanResultDto>((resolve) =>
      services.subscribe((e, p) => e === 'verdict' && resolve(p as ScanResultDto)),
    );
    emitScan({ payload: 'RXL0012345', readerId: 'desk-nfc' });
    const result = await got;
    expect(result).toMatchObject({ source: 'reader', readerId: 'desk-nfc' });
    expect(scanLog.recent()[0]).toMatchObject({ source: 'reader', readerId: 'desk-nfc', passportId: 'RXL-7f3a9c21' });
  });
});

describe('status', () => {
  test('reports data freshness from the store and settings from the config', async () => {
    const { services } = await setup();
    const status = await services.getStatus();
    expect(KIOSK_CALLS.getStatus.response.parse(status)).toEqual(status);
    expect(status).toMatchObject({
      site: 'Ward 7 desk',
      now: '2026-11-24T09:00:00.000Z',
      data: { published: PUBLISHED, expires: EXPIRES, stale: false },
      lastSync: null,
      canSync: false,
      settings: { idleSeconds: 12, sounds: false },
    });
  });

  test('is stale once the clock passes the manifest expiry, and scans then carry DATA_STALE', async () => {
    const { services, setNow } = await setup();
    setNow(Date.parse(EXPIRES) + 1000);
    expect((await services.getStatus()).data?.stale).toBe(true);
    const r = await services.scan({ payload: 'RXL0012345', source: 'wedge' });
    expect(r.verdict.outcome).toBe('refer');
    expect(r.verdict.reasons.map((x) => x.code)).toContain('DATA_STALE');
  });

  test('lists readers and forwards their state changes as readerState events', async () => {
    let push: (s: ReaderStateDto[]) => void = () => undefined;
    const states: ReaderStateDto[] = [{ id: 'nfc', name: 'Desk NFC reader', state: 'connected' }];
    const readers: ReaderSource = {
      states: () => states,
      onStates: (l) => {
        push = l;
        return () => undefined;
      },
      onScan: () => () => undefined,
    };
    const { services } = await setup({ readers });
    expect(await services.listReaders()).toEqual(states);
    const events: unknown[] = [];
    services.subscribe((e, p) => e === 'readerState' && events.push(p));
    push([{ id: 'nfc', name: 'Desk NFC reader', state: 'disconnected' }]);
    expect(events).toEqual([[{ id: 'nfc', name: 'Desk NFC reader', state: 'disconnected' }]]);
  });
});

describe('syncNow', () => {
  test('without a feed it says so, and does not throw', async () => {
    const { services } = await setup();
    const out = await services.runSync();
    expect(out).toMatchObject({ ok: false, code: 'FETCH_FAILED' });
    expect(out.message).toMatch(/No feed is configured/);
  });

  test('runs the sync once for concurrent presses, reports progress, and remembers the outcome', async () => {
    let runs = 0;
    let finish: (o: SyncOutcomeDto) => void = () => undefined;
    const sync: SyncRunner = {
      last: () => null,
      run: (onProgress) => {
        runs++;
        onProgress({ phase: 'progress', message: 'Checking manifest' });
        return new Promise((r) => (finish = r));
      },
    };
    const { services } = await setup({ sync });
    const phases: string[] = [];
    services.subscribe((e, p) => e === 'syncProgress' && phases.push((p as { phase: string }).phase));
    const a = services.runSync();
    const b = services.runSync();
    expect((await services.getStatus()).syncing).toBe(true);
    const outcome: SyncOutcomeDto = { at: '2026-11-24T09:00:00.000Z', ok: true, message: 'Synced: 3 passports', applied: 3 };
    finish(outcome);
    expect(await a).toEqual(outcome);
    expect(await b).toEqual(outcome);
    expect(runs).toBe(1);
    expect(phases).toEqual(['started', 'progress', 'finished']);
    const status = await services.getStatus();
    expect(status.lastSync).toEqual(outcome);
    expect(status.syncing).toBe(false);
  });

  test('a sync that throws becomes a failed outcome with a message', async () => {
    const sync: SyncRunner = { last: () => null, run: () => Promise.reject(new Error('share not reachable')) };
    const { services } = await setup({ sync });
    const out = await services.runSync();
    expect(out).toMatchObject({ ok: false, message: 'Sync failed: share not reachable' });
  });
});
