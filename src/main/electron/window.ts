import { BrowserWindow } from 'electron';

/**
 * The one kiosk window: isolated, sandboxed, no Node, full screen with no
 * menu, keeps the focus (refocuses itself when something else takes it).
 * Its close (Alt+F4) is guarded by the shell's exit guard (exit-guard.ts):
 * only the admin PIN or the end of the Windows session lets it go. The options are written out here, literally, so
 * the static scanner (electronegativity) can check them.
 */

/** Options for {@link createKioskWindow}. */
export interface KioskWindowOptions {
  /** Absolute path of the preload script. */
  preload: string;
  /** `app.isPackaged`: production builds get no devtools. */
  isPackaged: boolean;
  /** Full-screen kiosk (default true). */
  kiosk?: boolean;
  /** Delay before taking the focus back after losing it (ms; default 250). */
  refocusDelayMs?: number;
  /** True once the app is quitting: refocus stops. */
  isQuitting: () => boolean;
}

/** Create the window (hidden until its first paint). */
export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const kiosk = options.kiosk ?? true;
  const win = new BrowserWindow({
    show: false,
    kiosk,
    fullscreen: kiosk,
    frame: !kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f0f4f5',
    title: 'Staff Passport Kiosk',
    webPreferences: {
      preload: options.preload, // eng-disable PRELOAD_JS_CHECK (sandboxed; exposes intent-level calls only; docs/electron-security.md)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click cannot open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: !options.isPackaged,
    },
  });
  win.removeMenu();
  win.setMenuBarVisibility(false);
  win.once('ready-to-show', () => {
    win.show();
    win.focus();
  });

  let refocus: ReturnType<typeof setTimeout> | null = null;
  const delay = options.refocusDelayMs ?? 250;
  const takeFocusBack = () => {
    refocus = null;
    if (win.isDestroyed() || options.isQuitting()) return;
    // The window's own modal dialogs (the roster's file picker, a download's save
    // dialog) disable it while they are open: leave them the focus, and look again
    // once they have closed.
    if (!win.isEnabled()) {
      refocus = setTimeout(takeFocusBack, delay);
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.moveTop();
    win.focus();
    win.webContents.focus();
  };
  win.on('blur', () => {
    if (!kiosk || options.isQuitting() || refocus !== null) return;
    refocus = setTimeout(takeFocusBack, delay);
  });
  win.on('closed', () => {
    if (refocus !== null) clearTimeout(refocus);
  });
  return win;
}
