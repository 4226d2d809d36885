import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module (Electron cannot run here): just
 * enough of app, BrowserWindow, session, ipcMain, protocol, Menu,
 * powerMonitor, contextBridge and ipcRenderer for the shell's settings and
 * handlers to be asserted. Each jest.mock('electron') factory call makes a
 * fresh one.
 */

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(
    public url: string,
    public processId = 1,
    public routingId = 1,
  ) {}
}

function nextContentsId(): number {
  const g = globalThis as { __fakeWebContentsId?: number };
  g.__fakeWebContentsId = (g.__fakeWebContentsId ?? 0) + 1;
  return g.__fakeWebContentsId;
}

export class FakeWebContents extends EventEmitter {
  // Unique across module registries (jest.isolateModules loads this file more than once), as in Electron.
  id = nextContentsId();
  destroyed = false;
  mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send = jest.fn();
  focus = jest.fn();
  closeDevTools = jest.fn();
  loadedUrl: string | null = null;
  constructor(url = 'app://kiosk/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Emit an event with a preventable event object; returns whether it was prevented. */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  /** Like Electron, creating a window's contents emits app 'web-contents-created'. */
  static app: EventEmitter | null = null;
  webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  /** False while a modal dialog of the window's own is open (Electron disables the parent). */
  enabled = true;
  show = jest.fn();
  focus = jest.fn();
  moveTop = jest.fn();
  restore = jest.fn();
  removeMenu = jest.fn();
  setMenuBarVisibility = jest.fn();
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    FakeBrowserWindow.app?.emit('web-contents-created', {}, this.webContents);
  }
  loadURL = jest.fn(async (url: string) => {
    this.webContents.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  });
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  isEnabled() {
    return this.enabled;
  }
  emitPreventable(name: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) });
    return prevented;
  }
}

type AnyFn = (...args: never[]) => unknown;

/** Emit `name` on `emitter` with a preventable event object (and `args` after it); returns whether a listener prevented it. */
export function emitPreventable(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  emitter.emit(name, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

export function createElectronMock() {
  FakeBrowserWindow.instances = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    requestSingleInstanceLock: jest.fn(() => true),
    // As Electron: 'before-quit' (preventable), then, unless prevented, 'will-quit'.
    quit: jest.fn((): void => {
      if (!emitPreventable(app, 'before-quit')) emitPreventable(app, 'will-quit');
    }),
    whenReady: jest.fn(() => Promise.resolve()),
  });
  FakeBrowserWindow.app = app;
  const handlers = new Map<string, AnyFn>();
  const ipcMain = {
    handlers,
    handle: jest.fn((channel: string, fn: AnyFn) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
    removeHandler: jest.fn((channel: string) => handlers.delete(channel)),
  };
  const protocolHandlers = new Map<string, AnyFn>();
  const defaultSession = {
    webRequest: { onHeadersReceived: jest.fn() },
    setPermissionRequestHandler: jest.fn(),
    setPermissionCheckHandler: jest.fn(),
    setDevicePermissionHandler: jest.fn(),
    setDisplayMediaRequestHandler: jest.fn(),
    protocol: { handle: jest.fn((scheme: string, fn: AnyFn) => protocolHandlers.set(scheme, fn)), handlers: protocolHandlers },
    resolveProxy: jest.fn(async (_url: string) => 'PROXY proxy.nhs.net:8080; DIRECT'),
    fetch: jest.fn(async () => new Response('ok')),
  };
  const ipcRenderer = Object.assign(new EventEmitter(), { invoke: jest.fn(async () => 'result') });
  return {
    __esModule: true,
    app,
    BrowserWindow: FakeBrowserWindow,
    Menu: { setApplicationMenu: jest.fn() },
    ipcMain,
    session: { defaultSession },
    protocol: { registerSchemesAsPrivileged: jest.fn() },
    net: { fetch: jest.fn(async () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } })) },
    powerMonitor: new EventEmitter(),
    contextBridge: { exposeInMainWorld: jest.fn() },
    ipcRenderer,
  };
}

/** The mock's type, for tests that `require('electron')`. */
export type ElectronMock = ReturnType<typeof createElectronMock>;
