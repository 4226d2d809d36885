import { KIOSK_EVENT_CHANNELS, KIOSK_INVOKE_CHANNELS, ipcChannel } from '../../../src/preload/channels';
import { kioskHandlers } from '../../../src/main/kiosk/ipc-handlers';
import { IPC_CONTRACT, KIOSK_CALLS, KIOSK_EVENTS, channelOf, parseEvent, parseRequest } from '../../../src/shared/kiosk-api';

test('the preload exposes exactly the contract calls and events, on the same wire names', () => {
  // The sandboxed preload cannot import the contract; this test is what keeps them equal.
  expect([...KIOSK_INVOKE_CHANNELS].sort()).toEqual(Object.keys(KIOSK_CALLS).sort());
  expect([...KIOSK_EVENT_CHANNELS].sort()).toEqual(Object.keys(KIOSK_EVENTS).sort());
  for (const name of [...KIOSK_INVOKE_CHANNELS, ...KIOSK_EVENT_CHANNELS]) expect(ipcChannel(name)).toBe(channelOf(name));
  expect(Object.keys(IPC_CONTRACT.invoke)).toEqual(Object.keys(KIOSK_CALLS));
});

test('requests are validated: unknown sources, oversized payloads and extra fields are refused', () => {
  expect(parseRequest('scan', { payload: 'RXL0012345', source: 'wedge' })).toEqual({ payload: 'RXL0012345', source: 'wedge' });
  expect(() => parseRequest('scan', { payload: 'x', source: 'bluetooth' })).toThrow();
  expect(() => parseRequest('scan', { payload: 'x'.repeat(16385), source: 'manual' })).toThrow();
  expect(() => parseRequest('scan', { source: 'manual' })).toThrow();
  expect(() => parseRequest('getStatus', { sneaky: true })).toThrow();
  expect(parseRequest('syncNow', undefined)).toEqual({});
});

test('events are validated: a verdict with an unknown reason code is refused', () => {
  const ok = {
    scanId: 3,
    at: '2026-11-24T09:00:00.000Z',
    source: 'reader',
    readerId: 'nfc',
    verdict: {
      outcome: 'refer',
      reasons: [{ code: 'TRAINING_EXPIRED', severity: 'refer', subject: 'resuscitation', until: '2026-11-01' }],
      passport: null,
      localDate: '2026-11-24',
      dataPublished: '2026-11-24T06:00:00Z',
    },
  };
  expect(parseEvent('verdict', ok)).toEqual(ok);
  const bad = structuredClone(ok);
  bad.verdict.reasons[0]!.code = 'LOOKS_FINE';
  expect(() => parseEvent('verdict', bad)).toThrow();
  expect(() => parseEvent('verdict', { ...ok, photo: 'javascript:alert(1)' })).toThrow();
});

test('kioskHandlers has one bound handler per contract call', async () => {
  const seen: string[] = [];
  const services = {
    marker: 'services',
    async scan(this: { marker: string }) {
      seen.push(`scan:${this.marker}`);
      return {};
    },
    async getStatus(this: { marker: string }) {
      seen.push(`getStatus:${this.marker}`);
      return {};
    },
    async syncNow() {
      return {};
    },
    async listReaders() {
      return [];
    },
    subscribe: () => () => undefined,
  };
  const handlers = kioskHandlers(services as never);
  expect(Object.keys(handlers).sort()).toEqual(Object.keys(KIOSK_CALLS).sort());
  const { scan, getStatus } = handlers;
  await scan({ payload: 'x', source: 'manual' });
  await getStatus({});
  expect(seen).toEqual(['scan:services', 'getStatus:services']);
});
