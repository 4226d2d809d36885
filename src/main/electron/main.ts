import path from 'node:path';
import { app, dialog } from 'electron';
import { loadMachineConfig } from '../config/machine-config';
import { setupKiosk, type KioskSetup } from '../kiosk/from-config';
import { kioskHandlers } from '../kiosk/ipc-handlers';
import type { FetchLike } from '../sync/http-transport';
import { IPC_CONTRACT } from '../../shared/kiosk-api';
import { startKiosk, type KioskShell } from './shell';
import { createSyncScheduler } from './sync-schedule';

/**
 * The Electron main entry (built by forge's Vite plugin to
 * .vite/build/main.js): the machine config → the services (the same
 * setup browser mode uses) → the locked-down shell, with the services'
 * handlers on IPC, their events pushed to the window, and sync on a
 * schedule through the session's network (so the OS proxy applies).
 */

// Shipped resources (default policy, demo feed) sit in the package's
// resources folder (forge `extraResource`); in development, in the project.
process.env.PASSPORT_KIOSK_RESOURCES ??= app.isPackaged
  ? path.join(process.resourcesPath, 'resources')
  : path.resolve(app.getAppPath(), 'resources');

let shell: KioskShell | null = null;

/** fetch through the Electron session (available once the app is ready — syncs start after that). */
const sessionFetch: FetchLike = async (url, init) => {
  if (!shell) throw new Error('network not ready');
  const res = await shell.network().fetch(url, init);
  return { status: res.status, headers: res.headers, body: res.body as unknown as AsyncIterable<Uint8Array> | null };
};

function fail(message: string): never {
  // A config IT got wrong must say what and where, not show a blank kiosk.
  dialog.showErrorBox('Staff Passport Kiosk cannot start', message);
  app.exit(1);
  throw new Error(message);
}

let setup: KioskSetup;
try {
  const loaded = loadMachineConfig();
  setup = setupKiosk(loaded, {
    clock: () => Date.now(),
    demoDataDir: () => app.getPath('userData'),
    http: { fetch: sessionFetch },
    // The IT log in the platform's log folder (Electron's logs path for this app).
    logDir: app.getPath('logs'),
    // The admin's exit, granted by the services: the shell lets the app quit.
    onExit: () => shell?.quit(),
  });
} catch (e) {
  fail((e as Error).message);
}

const { services } = setup.kiosk;
const scheduler = createSyncScheduler({
  sync: () => services.runSync(),
  intervalMinutes: setup.syncMinutes,
  onError: (e) => console.error(`sync: ${(e as Error).message}`),
});

let unsubscribe = (): void => undefined;
shell = startKiosk({
  preload: path.join(__dirname, 'preload.cjs'),
  renderer: MAIN_WINDOW_VITE_DEV_SERVER_URL
    ? { devServerUrl: MAIN_WINDOW_VITE_DEV_SERVER_URL }
    : { dir: path.join(__dirname, '..', 'renderer', MAIN_WINDOW_VITE_NAME) },
  ipc: { contract: IPC_CONTRACT, handlers: kioskHandlers(services) },
  sync: scheduler,
  // A way out refused by the shell: the screens ask for the admin PIN.
  onExitRequested: () => {
    shell?.sendEvent('exitRequested', {});
  },
  // The admin's exit or the end of the Windows session (when 'will-quit' never comes).
  onShutdown: () => {
    unsubscribe();
    void setup.close();
  },
});

if (shell) {
  unsubscribe = services.subscribe((event, payload) => shell?.sendEvent(event, payload));
} else {
  // Another instance is running and has been brought to the front.
  void setup.close();
}
