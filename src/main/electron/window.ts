import { BrowserWindow } from 'electron';
import { kioskWindowOptions, type WindowSecurityOptions } from './security';

/**
 * The one kiosk window: full screen, no menu, keeps the focus (refocuses
 * itself when something else takes it), and cannot be closed by the
 * keyboard — only by the app quitting (admin PIN, system shutdown).
 */

/** Options for {@link createKioskWindow}. */
export interface KioskWindowOptions extends WindowSecurityOptions {
  /** Delay before taking the focus back after losing it (ms; default 250). */
  refocusDelayMs?: number;
  /** True once the app is quitting: closing is then allowed and refocus stops. */
  isQuitting: () => boolean;
}

/** Create the window (hidden until its first paint). */
export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const win = new BrowserWindow(kioskWindowOptions(options));
  const kiosk = options.kiosk ?? true;
  win.removeMenu();
  win.setMenuBarVisibility(false);
  win.once('ready-to-show', () => {
    win.show();
    win.focus();
  });

  let refocus: ReturnType<typeof setTimeout> | null = null;
  win.on('blur', () => {
    if (!kiosk || options.isQuitting() || refocus !== null) return;
    refocus = setTimeout(() => {
      refocus = null;
      if (win.isDestroyed() || options.isQuitting()) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.moveTop();
      win.focus();
      win.webContents.focus();
    }, options.refocusDelayMs ?? 250);
  });
  win.on('close', (event) => {
    if (kiosk && !options.isQuitting()) event.preventDefault();
  });
  win.on('closed', () => {
    if (refocus !== null) clearTimeout(refocus);
  });
  return win;
}
