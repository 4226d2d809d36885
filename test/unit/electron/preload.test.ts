import type { ElectronMock } from './electron-mock';
import { buildKioskBridge } from '../../../src/preload/bridge';
import { KIOSK_EVENT_CHANNELS, KIOSK_INVOKE_CHANNELS } from '../../../src/preload/channels';

jest.mock('electron', () => require('./electron-mock').createElectronMock());

function loadPreload(): { electron: ElectronMock; exposed: Record<string, unknown> } {
  let electron!: ElectronMock;
  jest.isolateModules(() => {
    electron = require('electron') as ElectronMock;
    require('../../../src/preload/preload');
  });
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  expect(key).toBe('kiosk');
  return { electron, exposed };
}

describe('preload: window.kiosk', () => {
  it('exposes one method per channel, derived from the channel lists, and nothing else', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed).sort()).toEqual(
      [...KIOSK_INVOKE_CHANNELS, 'onVerdict', 'onReaderState', 'onSyncProgress', 'onSessionChanged', 'onRoleChanged', 'onExitRequested'].sort(),
    );
    expect(KIOSK_EVENT_CHANNELS).toHaveLength(6);
    expect(Object.isFrozen(exposed)).toBe(true);
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
  });

  it('never hands the page ipcRenderer, send, or a way to name a channel', () => {
    const { electron, exposed } = loadPreload();
    for (const value of Object.values(exposed)) expect(value).not.toBe(electron.ipcRenderer);
    for (const name of ['ipcRenderer', 'invoke', 'send', 'on', 'sendSync', 'postMessage']) expect(exposed).not.toHaveProperty(name);
  });

  it('sends exactly one payload on the intent channel', async () => {
    const { electron, exposed } = loadPreload();
    await (exposed.scan as (p: unknown, ...rest: unknown[]) => Promise<unknown>)({ payload: 'RXL1' }, 'smuggled');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('kiosk:scan', { payload: 'RXL1' });
  });

  it('gives listeners the payload only, never the IPC event, and unsubscribes', () => {
    const { electron, exposed } = loadPreload();
    const listener = jest.fn();
    const off = (exposed.onVerdict as (l: (p: unknown) => void) => () => void)(listener);
    electron.ipcRenderer.emit('kiosk:verdict', { sender: electron.ipcRenderer }, { outcome: 'CLEARED' });
    expect(listener).toHaveBeenCalledWith({ outcome: 'CLEARED' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    electron.ipcRenderer.emit('kiosk:verdict', {}, { outcome: 'REFER' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.listenerCount('kiosk:verdict')).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const bridge = buildKioskBridge({ invoke: jest.fn(), on: jest.fn(), removeListener: jest.fn() } as never);
    expect(() => (bridge.onVerdict as (l: unknown) => void)('nope')).toThrow(TypeError);
  });
});
