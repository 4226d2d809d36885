import type { Session, WebContents } from 'electron';
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

/** Options for {@link secureSession}. */
export interface SessionSecurityOptions {
  /** Origins (or URLs) the app's own pages are served from. */
  appOrigins: readonly string[];
  /** Development only: the Vite dev server, which gets the relaxed development CSP. */
  devServerUrl?: string;
}

/** The header name, for the development path (the production path spells it out for the static scanner). */
const CSP_HEADER = 'Content-Security-Policy';

/** Response headers without any CSP the server sent (any spelling). */
function withoutCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== CSP_HEADER.toLowerCase()) out[name] = value;
  }
  return out;
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
    const headers = withoutCsp(details.responseHeaders);
    if (options.devServerUrl === undefined) {
      // Production: the literal policy (equal to contentSecurityPolicy(), which the tests check), so
      // that electronegativity can read and evaluate it.
      callback({
        responseHeaders: { // eng-disable CSP_GLOBAL_CHECK ('self' in script-src: docs/electron-security.md)
          ...headers,
          'X-Content-Type-Options': ['nosniff'],
          'Content-Security-Policy': [
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
          ],
        },
      });
    } else {
      const csp = contentSecurityPolicy({ devServerUrl: options.devServerUrl });
      callback({ responseHeaders: { ...headers, 'X-Content-Type-Options': ['nosniff'], [CSP_HEADER]: [csp] } });
    }
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
