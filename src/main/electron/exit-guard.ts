import type { App, BrowserWindow, PowerMonitor } from 'electron';

/**
 * Leaving the app needs the admin PIN (operations.md "Roles and PINs"). The
 * guard stands between every way out and the quit: the window's close
 * (Alt+F4, a close from the taskbar) and the app's quit (`before-quit`,
 * Cmd+Q, anything calling `app.quit()`) are refused and turned into an
 * exit request for the screens, which show the admin PIN pad. The app
 * quits only through {@link ExitGuard.allowQuit} — the services' admin exit
 * — or when the operating system ends the session (shutdown, restart,
 * log-off), which is never held up: the records are closed cleanly
 * instead.
 */

/** What the guard needs from the shell. */
export interface ExitGuardOptions {
  app: Pick<App, 'on' | 'quit'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
  /** A way out was refused: ask the screens to show the admin PIN pad. */
  onExitRequested?: () => void;
  /** The app is going for good (admin exit or session end): stop timers, close files. Called once. */
  onShutdown?: () => void;
  /** False (development, not a kiosk): nothing is intercepted. Default true. */
  enforce?: boolean;
  /**
   * How long a Windows "may the session end?" query keeps closes allowed
   * while waiting for the session to end (another program can still veto
   * it; then the guard stands again). Default 60 s.
   */
  sessionEndGraceMs?: number;
  log?: (message: string) => void;
}

/** The guard, once installed on the app. */
export interface ExitGuard {
  /** True once leaving is allowed: closes pass, the window stops taking the focus back. */
  isQuitting(): boolean;
  /** The admin asked to exit and the services agreed: quit for real. */
  allowQuit(): void;
  /** Guard this window's close and hear its Windows session-end events. */
  attachWindow(win: BrowserWindow): void;
}

/** Install the guard on the app (before any window exists). */
export function installExitGuard(options: ExitGuardOptions): ExitGuard {
  const log = options.log ?? (() => undefined);
  const grace = options.sessionEndGraceMs ?? 60_000;
  let quitting = false;
  let sessionEnding: ReturnType<typeof setTimeout> | null = null;
  let shutDown = false;

  const shutdownOnce = () => {
    if (shutDown) return;
    shutDown = true;
    try {
      options.onShutdown?.();
    } catch (e) {
      log(`kiosk shell: shutting down failed: ${(e as Error).message}`);
    }
  };
  const requestExit = (how: string) => {
    log(`kiosk shell: ${how} refused without the admin PIN; asking the screens for it`);
    options.onExitRequested?.();
  };
  const enforce = options.enforce ?? true;
  const leaving = () => !enforce || quitting || sessionEnding !== null;

  options.app.on('before-quit', (event) => {
    if (leaving()) {
      quitting = true;
      shutdownOnce();
      return;
    }
    event?.preventDefault();
    requestExit('quit');
  });

  // Linux and macOS: the machine is going down. Hold it a moment and quit cleanly.
  options.powerMonitor.on('shutdown', ((event?: { preventDefault(): void }) => {
    event?.preventDefault();
    quitting = true;
    shutdownOnce();
    options.app.quit();
  }) as () => void);

  return {
    isQuitting: leaving,
    allowQuit: () => {
      quitting = true;
      options.app.quit();
    },
    attachWindow: (win) => {
      win.on('close', (event) => {
        if (leaving()) return;
        event.preventDefault();
        requestExit('closing the window');
      });
      // Windows asks every top-level window whether the session may end: never
      // veto it (a kiosk must not stop a shutdown or an update restart), and let
      // the close that follows through. If another program vetoes it, the
      // session goes on and so does the guard.
      win.on('query-session-end', () => {
        if (sessionEnding !== null) clearTimeout(sessionEnding);
        sessionEnding = setTimeout(() => {
          sessionEnding = null;
        }, grace);
        sessionEnding.unref?.();
      });
      // The session is ending and nothing can stop it: `before-quit` will not
      // come on Windows, so close the records now.
      win.on('session-end', () => {
        if (sessionEnding !== null) clearTimeout(sessionEnding);
        sessionEnding = null;
        quitting = true;
        shutdownOnce();
        options.app.quit();
      });
    },
  };
}
