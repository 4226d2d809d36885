import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { isAllowedOrigin } from './origins';

/**
 * The Electron security checklist, as settings and handlers the shell
 * applies (docs/electron-security.md maps each item to the code here).
 */

/** Options for {@link contentSecurityPolicy}. */
export interface CspOptions {
  /** In development only: the Vite dev server origin (HMR websocket and its inline preamble). */
  devServerUrl?: string;
}

/**
 * The renderer's Content-Security-Policy: only the app's own code, no
 * eval, images from the app, data: and blob: (photos), camera frames from
 * blob:/mediastream:, no plugins, frames, forms or base changes.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : null;
  const devWs = dev ? ` ws://${dev.host}` : '';
  const devOrigin = dev ? ` ${dev.origin}` : '';
  return [
    "default-src 'self'",
    // Vite's React refresh preamble is an inline script, in development only.
    `script-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    // nhsuk-frontend's stylesheet is served by the app; Vite injects <style> in development only.
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    `connect-src 'self'${devOrigin}${devWs}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Options for {@link kioskWindowOptions}. */
export interface WindowSecurityOptions {
  /** Absolute path of the preload script. */
  preload: string;
  /** `app.isPackaged`: production builds get no devtools. */
  isPackaged: boolean;
  /** Full-screen kiosk (default true). */
  kiosk?: boolean;
}

/**
 * The one window's constructor options: isolated, sandboxed, no Node,
 * web security on, no webview, no devtools when packaged, full-screen
 * kiosk with no menu bar.
 */
export function kioskWindowOptions(options: WindowSecurityOptions): BrowserWindowConstructorOptions {
  const kiosk = options.kiosk ?? true;
  return {
    show: false,
    kiosk,
    fullscreen: kiosk,
    frame: !kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f0f4f5',
    title: 'Staff Passport Kiosk',
    webPreferences: {
      preload: options.preload,
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
      safeDialogs: true,
      spellcheck: false,
      devTools: !options.isPackaged,
    },
  };
}

/** Options for {@link secureSession}. */
export interface SessionSecurityOptions {
  /** Origins (or URLs) the app's own pages are served from. */
  appOrigins: readonly string[];
  /** The CSP header value to put on every response. */
  csp: string;
}

/** Camera only: a media request naming video and nothing else. */
function isCameraOnly(mediaTypes: readonly string[] | undefined): boolean {
  return mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
}

/**
 * Per-session checklist items: the CSP header on every response, the
 * camera as the only permission granted (and only to the app's own
 * origin), and no device (HID/USB/serial) access from web content.
 */
export function secureSession(session: Session, options: SessionSecurityOptions): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...(details.responseHeaders ?? {}) };
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
    }
    responseHeaders['Content-Security-Policy'] = [options.csp];
    responseHeaders['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders });
  });

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const media = details as { mediaTypes?: Array<'video' | 'audio'>; requestingUrl?: string };
    const granted =
      permission === 'media' && isCameraOnly(media.mediaTypes) && isAllowedOrigin(media.requestingUrl, options.appOrigins);
    callback(granted);
  });

  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    if (permission !== 'media') return false;
    if (details.mediaType === 'audio') return false;
    return isAllowedOrigin(requestingOrigin, options.appOrigins);
  });

  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}

/** Options for {@link hardenWebContents}. */
export interface WebContentsSecurityOptions {
  /** `app.isPackaged`: devtools are closed on sight when packaged. */
  isPackaged: boolean;
}

/**
 * Per-page checklist items, for every web contents the app ever creates:
 * no navigation away, no new windows, no <webview>, and (packaged) no
 * devtools even if something opens them.
 */
export function hardenWebContents(contents: WebContents, options: WebContentsSecurityOptions): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (options.isPackaged) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}
