import { app, ipcMain, Menu, powerMonitor, session, type BrowserWindow } from 'electron';
import { KIOSK_INVOKE_CHANNELS } from '../../preload/channels';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { installExitGuard } from './exit-guard';
import { createEventSender, registerIpcHandlers, type InvokeHandlers, type IpcContract, type IpcRefused } from './ipc';
import { APP_START_URL, originOf } from './origins';
import { sessionNetwork, type SessionNetwork } from './proxy';
import { contentSecurityPolicy, hardenWebContents, secureSession } from './security';
import type { SyncScheduler } from './sync-schedule';
import { createKioskWindow } from './window';

/**
 * The Electron shell, thin: lifecycle, one locked-down window, IPC with
 * the services, sync on a schedule. Everything the kiosk does lives in
 * services passed in; this file only wires them to Electron.
 */

/** What the shell needs from the rest of the app. */
export interface KioskShellOptions<C extends IpcContract = IpcContract> {
  /** Absolute path of the built preload script. */
  preload: string;
  /** Where the renderer comes from: the Vite dev server (development) or its built folder (packaged). */
  renderer: { devServerUrl: string } | { dir: string };
  /** The KioskApi contract and its handlers (the services); omitted, no channel is served. */
  ipc?: { contract: C; handlers: InvokeHandlers<C> };
  /** The sync scheduler (cache & sync layer); started when the window is up, stopped on quit. */
  sync?: SyncScheduler<unknown>;
  /** Full-screen kiosk (default true). */
  kiosk?: boolean;
  /** Refocus delay after blur, ms. */
  refocusDelayMs?: number;
  /** Where the shell reports refusals and failures (default console.error). */
  log?: (message: string) => void;
  /**
   * A way out (window close, Alt+F4, app quit) was refused: ask the screens
   * for the admin PIN (the `exitRequested` event). Leaving then takes
   * {@link KioskShell.quit}, called when the services accept the admin's exit.
   */
  onExitRequested?: () => void;
  /** The app is going for good (admin exit, or the OS ending the session): close the services. Called once. */
  onShutdown?: () => void;
}

/** The running shell. */
export interface KioskShell {
  /** Resolves with the window once the app is ready and the page is loading. */
  ready: Promise<BrowserWindow>;
  /** The window, once created. */
  window(): BrowserWindow | null;
  /** Push a contract event to the window (validated); false if not delivered. */
  sendEvent(name: string, payload: unknown): boolean;
  /** Sync now (joins a run in progress). */
  syncNow(): Promise<unknown>;
  /** The default session's network (proxy resolution, fetch) for the sync layer; after ready. */
  network(): SessionNetwork;
  /** Quit for real: only for the admin's exit, once the services have accepted it. */
  quit(): void;
}

/**
 * Start the kiosk. Returns null when another instance already runs (that
 * one is brought to the front instead and this process quits).
 */
export function startKiosk<C extends IpcContract>(options: KioskShellOptions<C>): KioskShell | null {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const log = options.log ?? ((m: string) => console.error(m));
  const isPackaged = app.isPackaged;
  const devServerUrl = 'devServerUrl' in options.renderer ? options.renderer.devServerUrl : undefined;
  const startUrl = devServerUrl ?? APP_START_URL;
  const appOrigins = [originOf(startUrl)!];
  const csp = contentSecurityPolicy({ devServerUrl });
  let win: BrowserWindow | null = null;
  const guard = installExitGuard({
    app,
    powerMonitor,
    enforce: options.kiosk ?? true,
    onExitRequested: options.onExitRequested,
    onShutdown: () => {
      options.sync?.stop();
      options.onShutdown?.();
    },
    log,
  });

  registerAppScheme();

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { isPackaged }));
  app.on('window-all-closed', () => app.quit());

  const contents = () => (win && !win.isDestroyed() ? win.webContents : null);
  const sendEvent = options.ipc ? createEventSender(options.ipc.contract, contents) : () => false;

  const ready = app.whenReady().then(async () => {
    Menu.setApplicationMenu(null);
    const ses = session.defaultSession;
    secureSession(ses, { appOrigins, devServerUrl });
    if ('dir' in options.renderer) handleAppProtocol(ses, options.renderer.dir, csp);

    if (options.ipc) {
      const missing = KIOSK_INVOKE_CHANNELS.filter((name) => !(name in options.ipc!.contract.invoke));
      if (missing.length > 0) log(`kiosk shell: contract lacks channels the preload exposes: ${missing.join(', ')}`);
      registerIpcHandlers({
        ipcMain,
        contract: options.ipc.contract,
        handlers: options.ipc.handlers,
        trusted: { contents, origins: appOrigins },
        onRefused: (channel: string, error: IpcRefused) => log(`kiosk shell: ${channel} refused (${error.code})`),
      });
    }

    win = createKioskWindow({
      preload: options.preload,
      isPackaged,
      kiosk: options.kiosk,
      refocusDelayMs: options.refocusDelayMs,
      isQuitting: guard.isQuitting,
    });
    guard.attachWindow(win);
    win.webContents.on('render-process-gone', (_e, details) => {
      log(`kiosk shell: renderer gone (${details.reason}); reloading`);
      if (win && !win.isDestroyed()) void win.loadURL(startUrl);
    });
    await win.loadURL(startUrl);

    if (options.sync) {
      const sync = options.sync;
      sync.start();
      powerMonitor.on('resume', () => {
        sync.runNow().catch((e: unknown) => log(`kiosk shell: sync after resume failed: ${(e as Error).message}`));
      });
    }
    return win;
  });
  ready.catch((e: unknown) => log(`kiosk shell: failed to start: ${(e as Error).message}`));

  return {
    ready,
    window: () => win,
    sendEvent: (name, payload) => sendEvent(name as never, payload),
    syncNow: () => (options.sync ? options.sync.runNow() : Promise.reject(new Error('no sync configured'))),
    network: () => sessionNetwork(session.defaultSession),
    quit: guard.allowQuit,
  };
}
