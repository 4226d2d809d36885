import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPin } from '../../../src/main/roles/pin-hash';
import { IPC_CONTRACT } from '../../../src/shared/kiosk-api';
import type { ElectronMock } from './electron-mock';

/**
 * The Electron main entry, against a mocked electron: a bad machine config
 * stops with a message that names the file; a good one wires the real
 * services (SQLite cache synced from the demo feed) to IPC and the schedule.
 */

jest.mock('electron', () => {
  const mock = require('./electron-mock').createElectronMock();
  Object.assign(mock.app, {
    getPath: jest.fn(() => require('node:os').tmpdir()),
    getAppPath: jest.fn(() => require('node:path').resolve(__dirname, '../../..')),
    exit: jest.fn(),
  });
  return { ...mock, dialog: { showErrorBox: jest.fn() } };
});

const RESOURCES = path.resolve(__dirname, '../../../resources');
const g = globalThis as Record<string, unknown>;

function startMain(configFile: string): ElectronMock & { dialog: { showErrorBox: jest.Mock }; app: { exit: jest.Mock } } {
  process.env.PASSPORT_KIOSK_CONFIG = configFile;
  process.env.PASSPORT_KIOSK_RESOURCES = RESOURCES;
  g.MAIN_WINDOW_VITE_DEV_SERVER_URL = undefined;
  g.MAIN_WINDOW_VITE_NAME = 'main_window';
  let electron!: ReturnType<typeof startMain>;
  jest.isolateModules(() => {
    electron = require('electron');
    try {
      require('../../../src/main/electron/main');
    } catch {
      // main throws after reporting a fatal config error (app.exit is mocked)
    }
  });
  return electron;
}

afterEach(() => {
  delete process.env.PASSPORT_KIOSK_CONFIG;
  delete process.env.PASSPORT_KIOSK_RESOURCES;
});

/** A machine config on the demo feed in a fresh folder; returns its path. */
function demoConfig(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-main-'));
  const file = path.join(dir, 'config.json');
  const hubKeys = JSON.parse(require('node:fs').readFileSync(path.join(RESOURCES, 'demo/hub-key.json'), 'utf8'));
  writeFileSync(
    file,
    JSON.stringify({
      v: 1,
      site: 'Test desk',
      db: 'data/cache.sqlite',
      feed: { source: path.join(RESOURCES, 'demo/feed'), hubKeys: Array.isArray(hubKeys.keys) ? hubKeys.keys : [hubKeys] },
      ...extra,
    }),
  );
  return file;
}

describe('Electron main entry', () => {
  it('refuses a machine config with a bad field: error box naming the file and field, exit 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-main-'));
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ v: 1, idleSeconds: 'soon' }));
    const electron = startMain(file);
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Staff Passport Kiosk cannot start',
      expect.stringMatching(new RegExp(`${file.replace(/[/\\.]/g, '\\$&')}.*idleSeconds`)),
    );
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('wires the real services: every contract channel handled, and the first scheduled sync fills the cache', async () => {
    const file = demoConfig();
    const dir = path.dirname(file);
    const electron = startMain(file);
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
    await new Promise((r) => setImmediate(r));
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(Object.keys(IPC_CONTRACT.invoke).length);
    const cache = path.join(dir, 'data/cache.sqlite');
    for (let i = 0; i < 200 && !existsSync(cache); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(cache)).toBe(true);
    // Alt+F4 is refused and the screens are asked for the admin PIN.
    const win = electron.BrowserWindow.instances[0]!;
    win.webContents.send.mockClear();
    expect(win.emitPreventable('close')).toBe(true);
    expect(win.webContents.send).toHaveBeenCalledWith('kiosk:exitRequested', {});
    // A plain quit is refused (it needs the admin PIN); the Windows session
    // ending stops the schedule and closes the services (or jest would hang on their timers).
    electron.app.quit();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    electron.BrowserWindow.instances[0]!.emit('session-end', { reasons: ['shutdown'], preventDefault: () => undefined });
    expect(electron.app.quit).toHaveBeenCalledTimes(2);
    await new Promise((r) => setTimeout(r, 100));
  });

  it('quits only once the services grant an admin exit: refused without the admin PIN, granted with it', async () => {
    const ADMIN_PIN = '97531864';
    const electron = startMain(demoConfig({ pins: { admin: hashPin(ADMIN_PIN) } }));
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
    await new Promise((r) => setImmediate(r));
    const win = electron.BrowserWindow.instances[0]!;
    const own = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    const invoke = (name: string, request: unknown = {}) =>
      (electron.ipcMain.handlers.get(`kiosk:${name}`) as (e: unknown, r: unknown) => Promise<unknown>)(own, request);

    await expect(invoke('requestExit')).resolves.toMatchObject({ ok: false, code: 'ROLE_REQUIRED' });
    expect(electron.app.quit).not.toHaveBeenCalled();
    expect(win.emitPreventable('close')).toBe(true);

    await expect(invoke('unlockRole', { role: 'admin', pin: ADMIN_PIN })).resolves.toMatchObject({ ok: true });
    await expect(invoke('requestExit')).resolves.toEqual({ ok: true });
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(win.emitPreventable('close')).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
  });
});
