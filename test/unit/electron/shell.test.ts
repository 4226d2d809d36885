import { boot } from './boot';

jest.mock('electron', () => require('./electron-mock').createElectronMock());

type WebPrefs = Record<string, unknown>;

describe('Electron shell: lifecycle', () => {
  it('quits at once when another instance holds the single-instance lock', async () => {
    const { electron, shell, win } = await boot({}, { lock: false });
    expect(shell).toBeNull();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(win).toBeUndefined();
  });

  it('brings its window to the front when a second instance starts', async () => {
    const { electron, win } = await boot();
    win!.minimized = true;
    win!.focus.mockClear();
    electron.app.emit('second-instance');
    expect(win!.restore).toHaveBeenCalled();
    expect(win!.focus).toHaveBeenCalled();
  });

  it('creates exactly one window and loads the app from app://kiosk, never remote content', async () => {
    const { electron, win } = await boot();
    expect(electron.BrowserWindow.instances).toHaveLength(1);
    expect(win!.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(electron.session.defaultSession.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('quits when its window is gone', async () => {
    const { electron } = await boot();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalled();
  });
});

describe('Electron shell: the window', () => {
  it('is isolated, sandboxed, without Node, with web security, no webview, no insecure content', async () => {
    const { win } = await boot();
    const prefs = win!.options.webPreferences as WebPrefs;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: '/opt/kiosk/.vite/build/preload.cjs',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('is a full-screen kiosk with no menu', async () => {
    const { electron, win } = await boot();
    expect(win!.options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true, frame: false });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(win!.removeMenu).toHaveBeenCalled();
  });

  it('has no devtools when packaged, and closes them if anything opens them', async () => {
    const { win } = await boot({}, { isPackaged: true });
    expect((win!.options.webPreferences as WebPrefs).devTools).toBe(false);
    win!.webContents.emit('devtools-opened');
    expect(win!.webContents.closeDevTools).toHaveBeenCalled();
  });

  it('keeps devtools for development (not packaged)', async () => {
    const { win } = await boot({}, { isPackaged: false });
    expect((win!.options.webPreferences as WebPrefs).devTools).toBe(true);
    win!.webContents.emit('devtools-opened');
    expect(win!.webContents.closeDevTools).not.toHaveBeenCalled();
  });

  it('shows itself on first paint', async () => {
    const { win } = await boot();
    win!.emit('ready-to-show');
    expect(win!.show).toHaveBeenCalled();
  });

  it('takes the focus back after losing it', async () => {
    jest.useFakeTimers();
    try {
      const { win } = await boot({ refocusDelayMs: 100 });
      win!.focus.mockClear();
      win!.emit('blur');
      win!.emit('blur'); // one refocus, not two
      jest.advanceTimersByTime(99);
      expect(win!.focus).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(win!.focus).toHaveBeenCalledTimes(1);
      expect(win!.moveTop).toHaveBeenCalled();
      expect(win!.webContents.focus).toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('leaves the focus to its own modal dialog (file picker, save dialog) and takes it back once it closes', async () => {
    jest.useFakeTimers();
    try {
      const { win } = await boot({ refocusDelayMs: 100 });
      win!.focus.mockClear();
      win!.enabled = false; // the roster's file dialog is open
      win!.emit('blur');
      jest.advanceTimersByTime(1000);
      expect(win!.focus).not.toHaveBeenCalled();
      expect(win!.moveTop).not.toHaveBeenCalled();
      win!.enabled = true; // the dialog closed, and focus went elsewhere
      jest.advanceTimersByTime(100);
      expect(win!.focus).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(1000);
      expect(win!.focus).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not fight for the focus or refuse to close once quitting', async () => {
    jest.useFakeTimers();
    try {
      const { shell, win } = await boot();
      expect(win!.emitPreventable('close')).toBe(true); // Alt+F4 does nothing
      shell!.quit(); // the admin's exit
      win!.focus.mockClear();
      win!.emit('blur');
      jest.advanceTimersByTime(1000);
      expect(win!.focus).not.toHaveBeenCalled();
      expect(win!.emitPreventable('close')).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reloads the page if the renderer process dies', async () => {
    const { win, log } = await boot();
    win!.loadURL.mockClear();
    win!.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(win!.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/crashed/));
  });
});

describe('Electron shell: navigation and new windows', () => {
  it('refuses every navigation and redirect', async () => {
    const { win } = await boot();
    expect(win!.webContents.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win!.webContents.emitPreventable('will-navigate', 'app://kiosk/other.html')).toBe(true);
    expect(win!.webContents.emitPreventable('will-redirect', 'https://evil.example/')).toBe(true);
  });

  it('denies every new window and <webview>', async () => {
    const { win } = await boot();
    expect(win!.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(win!.webContents.emitPreventable('will-attach-webview')).toBe(true);
  });

  it('hardens every web contents the app creates, not just the window', async () => {
    const { electron } = await boot();
    const { FakeWebContents } = require('./electron-mock') as typeof import('./electron-mock');
    const other = new FakeWebContents('about:blank');
    electron.app.emit('web-contents-created', {}, other);
    expect(other.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(other.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('Electron shell: sync and network', () => {
  const scheduler = () => ({ start: jest.fn(), stop: jest.fn(), runNow: jest.fn(async () => 'synced'), running: false });

  it('starts the sync schedule when up, syncs on resume and on demand, stops on quit', async () => {
    const sync = scheduler();
    const { electron, shell } = await boot({ sync });
    expect(sync.start).toHaveBeenCalledTimes(1);
    electron.powerMonitor.emit('resume');
    expect(sync.runNow).toHaveBeenCalledTimes(1);
    await expect(shell!.syncNow()).resolves.toBe('synced');
    electron.app.quit(); // refused: no admin PIN yet
    expect(sync.stop).not.toHaveBeenCalled();
    shell!.quit();
    expect(sync.stop).toHaveBeenCalled();
  });

  it('resolves proxies with the session, for the sync layer', async () => {
    const { electron, shell } = await boot();
    await expect(shell!.network().resolveProxy('https://feed.example.nhs.uk/')).resolves.toEqual([
      { type: 'PROXY', host: 'proxy.nhs.net', port: 8080 },
      { type: 'DIRECT' },
    ]);
    expect(electron.session.defaultSession.resolveProxy).toHaveBeenCalledWith('https://feed.example.nhs.uk/');
    await shell!.network().fetch('https://feed.example.nhs.uk/feed.json');
    expect(electron.session.defaultSession.fetch).toHaveBeenCalledWith('https://feed.example.nhs.uk/feed.json', undefined);
  });

  it('quit() really quits', async () => {
    const { electron, shell, win } = await boot();
    shell!.quit();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(win!.emitPreventable('close')).toBe(false);
  });
});
