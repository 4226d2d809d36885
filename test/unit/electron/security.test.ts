import { boot } from './boot';
import type { ElectronMock } from './electron-mock';
import { contentSecurityPolicy } from '../../../src/main/electron/security';

jest.mock('electron', () => require('./electron-mock').createElectronMock());

type HeadersCallback = (response: { responseHeaders: Record<string, string[]> }) => void;
type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type CheckHandler = (contents: unknown, permission: string, origin: string, details: Record<string, unknown>) => boolean;

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

function headersFor(electron: ElectronMock, responseHeaders: Record<string, string[]>): Record<string, string[]> {
  const listener = electron.session.defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as (
    details: { responseHeaders: Record<string, string[]> },
    cb: HeadersCallback,
  ) => void;
  let out: Record<string, string[]> = {};
  listener({ responseHeaders }, (r) => (out = r.responseHeaders));
  return out;
}

describe('Content-Security-Policy', () => {
  it('is strict: self only, no eval, no inline, images from data:/blob:, camera from blob:/mediastream:', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:', 'mediastream:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it('lets the Vite dev server in during development only', () => {
    const dev = contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' });
    expect(directives(dev).get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(dev).not.toMatch(/unsafe-eval/);
  });

  it('is put on every response by the session, replacing any the server sent', async () => {
    const { electron } = await boot();
    const headers = headersFor(electron, { 'content-type': ['text/html'], 'content-security-policy': ["default-src *"] });
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(headers['content-type']).toEqual(['text/html']);
  });

  it('is put on the app:// responses too', async () => {
    const { electron } = await boot();
    const handler = electron.session.defaultSession.protocol.handlers.get('app') as (req: { url: string }) => Promise<Response>;
    const response = await handler({ url: 'app://kiosk/index.html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(electron.net.fetch).toHaveBeenCalledWith('file:///opt/kiosk/renderer/index.html');
  });

  it('app:// serves nothing outside the renderer folder', async () => {
    const { electron } = await boot();
    const handler = electron.session.defaultSession.protocol.handlers.get('app') as (req: { url: string }) => Promise<Response>;
    for (const url of ['app://kiosk/..%2F..%2Fetc%2Fpasswd', 'app://kiosk/%2e%2e%2f%2e%2e%2fsecret', 'app://other/index.html', 'app://kiosk/..%2Fsecret', 'app://kiosk/a%00b']) {
      expect((await handler({ url })).status).toBe(404);
    }
    expect(electron.net.fetch).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  const request = async (electron: ElectronMock, permission: string, details: Record<string, unknown>) => {
    const handler = electron.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as RequestHandler;
    return new Promise<boolean>((resolve) => handler({}, permission, resolve, details));
  };
  const check = (electron: ElectronMock, permission: string, origin: string, details: Record<string, unknown> = {}) =>
    (electron.session.defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as CheckHandler)({}, permission, origin, details);

  it('grants the camera to the app itself', async () => {
    const { electron } = await boot();
    await expect(request(electron, 'media', { mediaTypes: ['video'], requestingUrl: 'app://kiosk/index.html' })).resolves.toBe(true);
    expect(check(electron, 'media', 'app://kiosk', { mediaType: 'video' })).toBe(true);
  });

  it('refuses the microphone, and the camera to any other origin', async () => {
    const { electron } = await boot();
    await expect(request(electron, 'media', { mediaTypes: ['video', 'audio'], requestingUrl: 'app://kiosk/' })).resolves.toBe(false);
    await expect(request(electron, 'media', { mediaTypes: ['audio'], requestingUrl: 'app://kiosk/' })).resolves.toBe(false);
    await expect(request(electron, 'media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).resolves.toBe(false);
    await expect(request(electron, 'media', { requestingUrl: 'app://kiosk/' })).resolves.toBe(false);
    expect(check(electron, 'media', 'app://kiosk', { mediaType: 'audio' })).toBe(false);
    expect(check(electron, 'media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'display-capture', 'openExternal', 'fullscreen', 'midi'])(
    'denies %s',
    async (permission) => {
      const { electron } = await boot();
      await expect(request(electron, permission, { requestingUrl: 'app://kiosk/' })).resolves.toBe(false);
      expect(check(electron, permission, 'app://kiosk')).toBe(false);
    },
  );

  it('gives web content no devices and no screen capture', async () => {
    const { electron } = await boot();
    const device = electron.session.defaultSession.setDevicePermissionHandler.mock.calls[0]![0] as () => boolean;
    expect(device()).toBe(false);
    const display = electron.session.defaultSession.setDisplayMediaRequestHandler.mock.calls[0]![0] as (r: unknown, cb: (s: unknown) => void) => void;
    const cb = jest.fn();
    display({}, cb);
    expect(cb).toHaveBeenCalledWith(null);
  });
});
