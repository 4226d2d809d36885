import { z } from 'zod';
import { boot } from './boot';
import { FakeFrame, FakeWebContents } from './electron-mock';
import { createEventSender, isTrustedSender, registerIpcHandlers, type IpcContract } from '../../../src/main/electron/ipc';
import { KIOSK_EVENT_CHANNELS, KIOSK_INVOKE_CHANNELS } from '../../../src/preload/channels';
import { IPC_CONTRACT } from '../../../src/shared/kiosk-api';

jest.mock('electron', () => require('./electron-mock').createElectronMock());

const contract = {
  invoke: {
    scan: { request: z.object({ payload: z.string().min(1).max(4096), source: z.enum(['wedge', 'camera', 'typed', 'nfc']) }).strict(), response: z.object({ outcome: z.string() }) },
    getStatus: { request: z.object({}).strict() },
    syncNow: { request: z.object({}).strict() },
    listReaders: { request: z.object({}).strict() },
  },
  events: { verdict: z.object({ outcome: z.string() }) },
} satisfies IpcContract;

type Invoke = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function makeHandlers() {
  return {
    scan: jest.fn(async (req: { payload: string }) => ({ outcome: req.payload === 'bad-response' ? 42 : 'CLEARED' })),
    getStatus: jest.fn(async () => ({ fresh: true })),
    syncNow: jest.fn(async () => ({ ok: true })),
    listReaders: jest.fn(async () => []),
  };
}

async function bootWithIpc() {
  const handlers = makeHandlers();
  const booted = await boot({ ipc: { contract, handlers: handlers as never } });
  const invoke = (name: string) => booted.electron.ipcMain.handlers.get(`kiosk:${name}`) as Invoke;
  const ownEvent = () => ({ sender: booted.win!.webContents, senderFrame: booted.win!.webContents.mainFrame });
  return { ...booted, handlers, invoke, ownEvent };
}

describe('IPC: who may call', () => {
  it('serves a handler per contract channel (the real contract against the preload: "IPC: wiring" below)', async () => {
    const { electron } = await bootWithIpc();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(contract.invoke).map((c) => `kiosk:${c}`).sort());
  });

  it("answers the app's own top frame", async () => {
    const { invoke, ownEvent, handlers } = await bootWithIpc();
    await expect(invoke('scan')(ownEvent(), { payload: 'RXL0012345', source: 'wedge' })).resolves.toEqual({ outcome: 'CLEARED' });
    expect(handlers.scan).toHaveBeenCalledWith({ payload: 'RXL0012345', source: 'wedge' });
  });

  it('refuses another web contents, a subframe, a foreign origin and a vanished frame', async () => {
    const { invoke, win, handlers, log } = await bootWithIpc();
    const own = win!.webContents;
    const stranger = new FakeWebContents('app://kiosk/index.html');
    const iframe = Object.assign(new FakeFrame('app://kiosk/index.html', 1, 2), { parent: own.mainFrame });
    const elsewhere = new FakeFrame('https://evil.example/', own.mainFrame.processId, own.mainFrame.routingId);
    const events = [
      { sender: stranger, senderFrame: stranger.mainFrame },
      { sender: own, senderFrame: iframe },
      { sender: own, senderFrame: elsewhere },
      { sender: own, senderFrame: null },
      { sender: own, senderFrame: new FakeFrame('app://kiosk/index.html', 9, 9) },
    ];
    for (const event of events) {
      await expect(invoke('scan')(event, { payload: 'RXL0012345', source: 'wedge' })).rejects.toThrow(/UNTRUSTED_SENDER/);
    }
    expect(handlers.scan).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/kiosk:scan refused \(UNTRUSTED_SENDER\)/));
  });

  it('refuses the window once its page has navigated off the app origin', async () => {
    const { invoke, ownEvent, win } = await bootWithIpc();
    win!.webContents.mainFrame.url = 'https://evil.example/';
    await expect(invoke('getStatus')(ownEvent())).rejects.toThrow(/UNTRUSTED_SENDER/);
  });
});

describe('IPC: payloads', () => {
  it.each([
    ['a missing field', { payload: 'X' }],
    ['a wrong type', { payload: 7, source: 'wedge' }],
    ['an unknown source', { payload: 'X', source: 'telepathy' }],
    ['an extra key', { payload: 'X', source: 'wedge', __proto_x: 1 }],
    ['an over-long payload', { payload: 'x'.repeat(5000), source: 'wedge' }],
    ['no payload', undefined],
  ])('refuses %s', async (_what, payload) => {
    const { invoke, ownEvent, handlers } = await bootWithIpc();
    await expect(invoke('scan')(ownEvent(), payload)).rejects.toThrow(/INVALID_PAYLOAD/);
    expect(handlers.scan).not.toHaveBeenCalled();
  });

  it('refuses extra arguments', async () => {
    const { invoke, ownEvent } = await bootWithIpc();
    await expect(invoke('scan')(ownEvent(), { payload: 'X', source: 'wedge' }, 'extra')).rejects.toThrow(/INVALID_PAYLOAD/);
  });

  it('checks what goes back too', async () => {
    const { invoke, ownEvent } = await bootWithIpc();
    await expect(invoke('scan')(ownEvent(), { payload: 'bad-response', source: 'wedge' })).rejects.toThrow(/INVALID_RESPONSE/);
  });

  it('pushes only valid events, to the app window', async () => {
    const { shell, win } = await bootWithIpc();
    expect(shell!.sendEvent('verdict', { outcome: 'CLEARED' })).toBe(true);
    expect(win!.webContents.send).toHaveBeenCalledWith('kiosk:verdict', { outcome: 'CLEARED' });
    expect(shell!.sendEvent('verdict', { outcome: 1 })).toBe(false);
    expect(win!.webContents.send).toHaveBeenCalledTimes(1);
    expect(() => shell!.sendEvent('nope', {})).toThrow(/no event/);
  });
});

describe('IPC: wiring', () => {
  it('takes the KioskApi contract as it is, channel for channel with the preload', () => {
    expect(Object.keys(IPC_CONTRACT.invoke).sort()).toEqual([...KIOSK_INVOKE_CHANNELS].sort());
    expect(Object.keys(IPC_CONTRACT.events).sort()).toEqual([...KIOSK_EVENT_CHANNELS].sort());
    const ipcMain = { handle: jest.fn(), removeHandler: jest.fn() };
    const handlers = Object.fromEntries(KIOSK_INVOKE_CHANNELS.map((c) => [c, jest.fn()])) as never;
    registerIpcHandlers({ ipcMain: ipcMain as never, contract: IPC_CONTRACT, handlers, trusted: { contents: () => null, origins: [] } });
    expect(ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual(KIOSK_INVOKE_CHANNELS.map((c) => `kiosk:${c}`).sort());
  });

  it('treats a call with no argument as an empty request', async () => {
    const { invoke, ownEvent, handlers } = await bootWithIpc();
    await invoke('getStatus')(ownEvent());
    expect(handlers.getStatus).toHaveBeenCalledWith({});
    await expect(invoke('getStatus')(ownEvent(), { extra: 1 })).rejects.toThrow(/INVALID_PAYLOAD/);
  });

  it('refuses to start with a channel that has no handler', () => {
    const ipcMain = { handle: jest.fn(), removeHandler: jest.fn() };
    expect(() =>
      registerIpcHandlers({ ipcMain: ipcMain as never, contract, handlers: { scan: jest.fn() } as never, trusted: { contents: () => null, origins: [] } }),
    ).toThrow(/"getStatus" has no handler/);
    expect(ipcMain.handle).not.toHaveBeenCalled();
  });

  it('can remove every handler it registered', () => {
    const ipcMain = { handle: jest.fn(), removeHandler: jest.fn() };
    const dispose = registerIpcHandlers({ ipcMain: ipcMain as never, contract, handlers: makeHandlers() as never, trusted: { contents: () => null, origins: [] } });
    dispose();
    expect(ipcMain.removeHandler.mock.calls.map((c) => c[0]).sort()).toEqual(ipcMain.handle.mock.calls.map((c) => c[0]).sort());
  });

  it('trusts nobody when there is no window', () => {
    expect(isTrustedSender({ sender: new FakeWebContents() as never, senderFrame: null }, { contents: () => null, origins: ['app://kiosk'] })).toBe(false);
  });

  it('drops events when the window is gone', () => {
    const send = createEventSender(contract, () => null);
    expect(send('verdict', { outcome: 'CLEARED' })).toBe(false);
  });
});
