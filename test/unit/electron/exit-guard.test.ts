import { boot } from './boot';
import { emitPreventable } from './electron-mock';

jest.mock('electron', () => require('./electron-mock').createElectronMock());

/**
 * Leaving the app needs the admin PIN (operations.md "Roles and PINs"):
 * the shell against a mocked electron, driven through the events Electron
 * emits — window close (Alt+F4), app quit, the Windows session ending and
 * the machine shutting down.
 */

function hooks() {
  return {
    onExitRequested: jest.fn(),
    onShutdown: jest.fn(),
    sync: { start: jest.fn(), stop: jest.fn(), runNow: jest.fn(async () => 'synced'), running: false },
  };
}

describe('exit guard: ways out without the admin PIN', () => {
  it('refuses closing the window (Alt+F4) and asks the screens for the admin PIN', async () => {
    const h = hooks();
    const { electron, win } = await boot(h);
    expect(win!.emitPreventable('close')).toBe(true);
    expect(h.onExitRequested).toHaveBeenCalledTimes(1);
    expect(win!.emitPreventable('close')).toBe(true);
    expect(h.onExitRequested).toHaveBeenCalledTimes(2);
    expect(h.onShutdown).not.toHaveBeenCalled();
    expect(h.sync.stop).not.toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('refuses an app quit (before-quit) and asks for the admin PIN instead; nothing is closed', async () => {
    const h = hooks();
    const { electron, win } = await boot(h);
    expect(emitPreventable(electron.app, 'before-quit')).toBe(true);
    const willQuit = jest.fn();
    electron.app.on('will-quit', willQuit);
    electron.app.quit();
    expect(willQuit).not.toHaveBeenCalled();
    expect(h.onExitRequested).toHaveBeenCalledTimes(2);
    expect(h.onShutdown).not.toHaveBeenCalled();
    expect(h.sync.stop).not.toHaveBeenCalled();
    // Still guarded afterwards.
    expect(win!.emitPreventable('close')).toBe(true);
  });

  it('keeps taking the focus back while the exit is refused', async () => {
    jest.useFakeTimers();
    try {
      const { electron, win } = await boot({ ...hooks(), refocusDelayMs: 100 });
      electron.app.quit();
      win!.focus.mockClear();
      win!.emit('blur');
      jest.advanceTimersByTime(100);
      expect(win!.focus).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('exit guard: the admin exit', () => {
  it('quits for real once the services accept the admin exit: quit passes, closes pass, the services close once', async () => {
    const h = hooks();
    const { electron, shell, win } = await boot(h);
    const willQuit = jest.fn();
    electron.app.on('will-quit', willQuit);
    shell!.quit();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(willQuit).toHaveBeenCalledTimes(1);
    expect(h.sync.stop).toHaveBeenCalledTimes(1);
    expect(h.onShutdown).toHaveBeenCalledTimes(1);
    expect(win!.emitPreventable('close')).toBe(false);
    expect(emitPreventable(electron.app, 'before-quit')).toBe(false);
    expect(h.onShutdown).toHaveBeenCalledTimes(1);
    expect(h.onExitRequested).not.toHaveBeenCalled();
  });
});

describe('exit guard: the operating system ends the session', () => {
  it('never vetoes a Windows session end, lets the window close, and closes the services once', async () => {
    const h = hooks();
    const { electron, win } = await boot(h);
    expect(win!.emitPreventable('query-session-end')).toBe(false);
    // Electron may close the window between the query and the end: let it.
    expect(win!.emitPreventable('close')).toBe(false);
    expect(h.onExitRequested).not.toHaveBeenCalled();
    expect(win!.emitPreventable('session-end')).toBe(false);
    expect(h.onShutdown).toHaveBeenCalledTimes(1);
    expect(h.sync.stop).toHaveBeenCalledTimes(1);
    expect(electron.app.quit).toHaveBeenCalled();
    // Whatever else comes on the way out passes, and does not close twice.
    expect(emitPreventable(electron.app, 'before-quit')).toBe(false);
    expect(win!.emitPreventable('close')).toBe(false);
    expect(h.onShutdown).toHaveBeenCalledTimes(1);
    expect(h.onExitRequested).not.toHaveBeenCalled();
  });

  it('closes cleanly on a session end that comes without the query first (a forced log-off)', async () => {
    const h = hooks();
    const { win } = await boot(h);
    win!.emit('session-end', { reasons: ['logoff', 'critical'], preventDefault: () => undefined });
    expect(h.onShutdown).toHaveBeenCalledTimes(1);
    expect(win!.emitPreventable('close')).toBe(false);
  });

  it('stands guard again when another program vetoed the session end', async () => {
    jest.useFakeTimers();
    try {
      const h = hooks();
      const { win } = await boot(h);
      win!.emitPreventable('query-session-end');
      jest.advanceTimersByTime(59_000);
      expect(win!.emitPreventable('close')).toBe(false);
      jest.advanceTimersByTime(1_000); // no session-end came: the session goes on
      expect(win!.emitPreventable('close')).toBe(true);
      expect(h.onExitRequested).toHaveBeenCalledTimes(1);
      expect(h.onShutdown).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('on a machine shutdown (Linux, macOS) holds it a moment, closes the services and quits', async () => {
    const h = hooks();
    const { electron, win } = await boot(h);
    expect(emitPreventable(electron.powerMonitor, 'shutdown')).toBe(true);
    expect(h.onShutdown).toHaveBeenCalledTimes(1);
    expect(h.sync.stop).toHaveBeenCalledTimes(1);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(win!.emitPreventable('close')).toBe(false);
    expect(h.onExitRequested).not.toHaveBeenCalled();
  });
});

describe('exit guard: development (not a kiosk)', () => {
  it('intercepts nothing', async () => {
    const h = hooks();
    const { electron, win } = await boot({ ...h, kiosk: false });
    expect(win!.emitPreventable('close')).toBe(false);
    expect(emitPreventable(electron.app, 'before-quit')).toBe(false);
    expect(h.onExitRequested).not.toHaveBeenCalled();
    expect(h.onShutdown).toHaveBeenCalledTimes(1);
  });
});
