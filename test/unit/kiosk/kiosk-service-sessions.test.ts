import { MemoryStore, NOW, POLICY, makeKey, nurse, signRecord, trustIndex } from '../core/fixtures';
import { KioskService, type KioskServiceDeps } from '../../../src/main/kiosk/kiosk-service';
import type { ScanToRecord, SessionDesk } from '../../../src/main/sessions/session-desk';
import { KIOSK_CALLS, KIOSK_EVENTS, type EventPayload, type KioskEventName } from '../../../src/shared/kiosk-api';
import type { CheckinDto, SessionSummaryDto } from '../../../src/shared/sessions-api';

/**
 * The kiosk services with a session desk (src/main/sessions): the scan path
 * writes through the desk and carries its check-in, session calls reach
 * it, its changes become `sessionChanged` events, and the status names
 * the session-mode session. Without a desk, session calls fail plainly.
 */

const SESSION_ID = '0f7c2b1e-4d5a-4c3b-9a8e-7d6c5b4a3f21';
const SUMMARY: SessionSummaryDto = {
  session: {
    id: SESSION_ID,
    title: 'Corporate induction',
    kind: 'corporate',
    starts: '2026-11-24T09:00:00.000Z',
    ends: '2026-11-24T12:00:00.000Z',
    room: 'Seminar room 2',
    lead: 'Priya Shah',
    capacity: 40,
    graceMinutes: 10,
    state: 'open',
    createdAt: '2026-11-20T10:00:00.000Z',
    closedAt: null,
  },
  arrived: 23,
  expected: 40,
};

/** A desk that records what reaches it and answers like the real one would. */
function recordingDesk() {
  const scans: ScanToRecord[] = [];
  const calls: { name: string; request: unknown }[] = [];
  let listener: ((s: SessionSummaryDto) => void) | null = null;
  const fail = async () => ({ ok: false as const, code: 'SESSION_UNKNOWN' as const, message: 'no such session' });
  const desk: SessionDesk = {
    recordScan(scan) {
      scans.push(scan);
      const checkin: CheckinDto | null = scan.verdict.passport
        ? { sessionId: SESSION_ID, result: 'ARRIVED', arrival: { at: scan.at, late: false, onRoster: true, row: 3 }, flagged: false, summary: SUMMARY }
        : null;
      return { scanId: 1000 + scans.length, checkin };
    },
    activeSession: () => SUMMARY,
    onChange(l) {
      listener = l;
      return () => (listener = null);
    },
    listSessions: async (request) => (calls.push({ name: 'listSessions', request }), [SUMMARY]),
    createSession: async (request) => (calls.push({ name: 'createSession', request }), { ok: true, session: SUMMARY.session }),
    importRoster: async (request) => (calls.push({ name: 'importRoster', request }), { ok: true, rows: 2, warnings: [] }),
    precheckSession: fail,
    getRegister: fail,
    markPerson: fail,
    closeSession: fail,
    exportRegister: fail,
    setSessionMode: async (request) => (calls.push({ name: 'setSessionMode', request }), { ok: true, active: SUMMARY }),
  };
  return { desk, scans, calls, change: (s: SessionSummaryDto) => listener?.(s), listening: () => listener !== null };
}

async function setup(sessions?: SessionDesk) {
  const key = await makeKey('RXL-1');
  const store = new MemoryStore({ trust: trustIndex([{ key, iss: 'RXL' }]), published: '2026-11-24T06:00:00Z', expires: '2026-11-26T06:00:00Z' });
  const r = nurse();
  store.put(r, await signRecord(r, key));
  const logged: unknown[] = [];
  // With a desk the scan log is written by the desk, in the check-in's transaction: never directly.
  const scanLog = { record: (e: unknown) => (logged.push(e), logged.length) } as unknown as KioskServiceDeps['scanLog'];
  const services = new KioskService({ store, policy: POLICY, clock: () => NOW, scanLog, sessions });
  const events: { event: KioskEventName; payload: unknown }[] = [];
  services.subscribe(<E extends KioskEventName>(event: E, payload: EventPayload<E>) => events.push({ event, payload }));
  return { services, logged, events };
}

test('a scan with a desk is recorded by the desk (not the scan log) and carries its check-in', async () => {
  const { desk, scans } = recordingDesk();
  const { services, logged, events } = await setup(desk);
  const result = await services.scan({ payload: 'RXL0012345', source: 'wedge' });
  expect(logged).toEqual([]);
  expect(scans).toHaveLength(1);
  expect(scans[0]).toMatchObject({ at: new Date(NOW).toISOString(), source: 'wedge', readerId: null });
  expect(scans[0]!.verdict.passport?.id).toBe('RXL-7f3a9c21');
  expect(result.scanId).toBe(1001);
  expect(result.checkin?.result).toBe('ARRIVED');
  expect(KIOSK_CALLS.scan.response.parse(result)).toEqual(result);
  expect(events.map((e) => e.event)).toEqual(['verdict']);
  expect((events[0]!.payload as typeof result).checkin?.summary.arrived).toBe(23);
});

test('outside session mode the desk answers no check-in, and the result has none', async () => {
  const { desk } = recordingDesk();
  const { services } = await setup(desk);
  const result = await services.scan({ payload: 'NOBODY-HERE-1', source: 'manual' });
  expect(result.verdict.outcome).toBe('unknown');
  expect(result).not.toHaveProperty('checkin');
});

test('session calls reach the desk; its changes become sessionChanged events; the status names the session', async () => {
  const rec = recordingDesk();
  const { services, events } = await setup(rec.desk);
  expect(await services.listSessions({})).toEqual([SUMMARY]);
  expect(await services.setSessionMode({ sessionId: SESSION_ID })).toEqual({ ok: true, active: SUMMARY });
  expect(await services.getRegister({ sessionId: SESSION_ID })).toMatchObject({ ok: false, code: 'SESSION_UNKNOWN' });
  expect(rec.calls.map((c) => c.name)).toEqual(['listSessions', 'setSessionMode']);

  rec.change({ ...SUMMARY, arrived: 24 });
  expect(events).toEqual([{ event: 'sessionChanged', payload: { ...SUMMARY, arrived: 24 } }]);
  expect(KIOSK_EVENTS.sessionChanged.parse(events[0]!.payload)).toEqual(events[0]!.payload);

  const status = await services.getStatus();
  expect(status.session).toEqual(SUMMARY);
  expect(KIOSK_CALLS.getStatus.response.parse(status)).toEqual(status);

  services.dispose();
  expect(rec.listening()).toBe(false);
});

test('without a desk, scans go to the scan log and every session call fails plainly', async () => {
  const { services, logged } = await setup();
  const result = await services.scan({ payload: 'RXL0012345', source: 'wedge' });
  expect(logged).toHaveLength(1);
  expect(result).not.toHaveProperty('checkin');
  expect(await services.listSessions({})).toEqual([]);
  const failed = await services.createSession({ title: 'x', kind: 'local', starts: 'a', ends: 'b' });
  expect(failed).toEqual({ ok: false, code: 'SESSIONS_UNAVAILABLE', message: expect.stringMatching(/^Induction sessions are not available on this kiosk/) });
  expect(KIOSK_CALLS.createSession.response.parse(failed)).toEqual(failed);
  expect((await services.getStatus()).session).toBeNull();
});
