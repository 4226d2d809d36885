import type { KioskShell, KioskShellOptions } from '../../../src/main/electron/shell';
import type { ElectronMock, FakeBrowserWindow } from './electron-mock';

/** Start the shell against a fresh mocked electron (the test file must jest.mock('electron')). */
export async function boot(
  options: Partial<KioskShellOptions> = {},
  env: { isPackaged?: boolean; lock?: boolean } = {},
): Promise<{ electron: ElectronMock; shell: KioskShell | null; win: FakeBrowserWindow | undefined; log: jest.Mock }> {
  let electron!: ElectronMock;
  let startKiosk!: typeof import('../../../src/main/electron/shell').startKiosk;
  jest.isolateModules(() => {
    electron = require('electron') as ElectronMock;
    electron.app.isPackaged = env.isPackaged ?? true;
    electron.app.requestSingleInstanceLock.mockReturnValue(env.lock ?? true);
    startKiosk = (require('../../../src/main/electron/shell') as typeof import('../../../src/main/electron/shell')).startKiosk;
  });
  const log = jest.fn();
  const shell = startKiosk({ preload: '/opt/kiosk/.vite/build/preload.cjs', renderer: { dir: '/opt/kiosk/renderer' }, log, ...options });
  if (shell) await shell.ready;
  return { electron, shell, win: electron.BrowserWindow.instances[0], log };
}
