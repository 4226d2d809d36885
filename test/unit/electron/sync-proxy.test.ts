import { createSyncScheduler, type Timers } from '../../../src/main/electron/sync-schedule';
import { parseProxyResult } from '../../../src/main/electron/proxy';
import { isAllowedOrigin, originOf } from '../../../src/main/electron/origins';
import { resolveAppFile } from '../../../src/main/electron/app-protocol';

jest.mock('electron', () => require('./electron-mock').createElectronMock());

function fakeTimers() {
  const timers = { fn: null as null | (() => void), ms: 0, cleared: false };
  const api: Timers = {
    setInterval: (fn, ms) => {
      timers.fn = fn;
      timers.ms = ms;
      return 1;
    },
    clearInterval: () => {
      timers.cleared = true;
    },
  };
  return { timers, api };
}

describe('sync schedule', () => {
  it('runs on start and every N minutes', async () => {
    const { timers, api } = fakeTimers();
    const sync = jest.fn(async () => 'ok');
    const scheduler = createSyncScheduler({ sync, intervalMinutes: 15, timers: api });
    expect(sync).not.toHaveBeenCalled();
    scheduler.start();
    expect(timers.ms).toBe(15 * 60_000);
    expect(sync).toHaveBeenCalledTimes(1);
    await new Promise((r) => setImmediate(r));
    timers.fn!();
    expect(sync).toHaveBeenCalledTimes(2);
    scheduler.stop();
    expect(timers.cleared).toBe(true);
  });

  it('joins a run in progress instead of starting a second', async () => {
    let finish!: (v: string) => void;
    const sync = jest.fn(() => new Promise<string>((resolve) => (finish = resolve)));
    const scheduler = createSyncScheduler({ sync, intervalMinutes: 1, runOnStart: false, timers: fakeTimers().api });
    const a = scheduler.runNow();
    const b = scheduler.runNow();
    expect(a).toBe(b);
    expect(scheduler.running).toBe(true);
    finish('done');
    await expect(a).resolves.toBe('done');
    expect(scheduler.running).toBe(false);
    void scheduler.runNow();
    expect(sync).toHaveBeenCalledTimes(2);
  });

  it('reports a failed scheduled run instead of throwing, and rejects on demand', async () => {
    const { timers, api } = fakeTimers();
    const onError = jest.fn();
    const scheduler = createSyncScheduler({ sync: async () => Promise.reject(new Error('feed down')), intervalMinutes: 5, onError, timers: api, runOnStart: false });
    scheduler.start();
    timers.fn!();
    await new Promise((r) => setImmediate(r));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'feed down' }));
    await expect(scheduler.runNow()).rejects.toThrow('feed down');
  });

  it('refuses a zero interval', () => {
    expect(() => createSyncScheduler({ sync: async () => 1, intervalMinutes: 0 })).toThrow(RangeError);
  });
});

describe('session proxy results', () => {
  it.each([
    ['DIRECT', [{ type: 'DIRECT' }]],
    ['', [{ type: 'DIRECT' }]],
    ['PROXY proxy.nhs.net:8080; DIRECT', [{ type: 'PROXY', host: 'proxy.nhs.net', port: 8080 }, { type: 'DIRECT' }]],
    ['HTTPS secure.proxy:443', [{ type: 'HTTPS', host: 'secure.proxy', port: 443 }]],
    ['SOCKS5 [::1]:1080', [{ type: 'SOCKS5', host: '::1', port: 1080 }]],
    ['PROXY bare', [{ type: 'PROXY', host: 'bare', port: 80 }]],
    ['QUIC odd:1; DIRECT', [{ type: 'DIRECT' }]],
  ])('%j', (input, hops) => {
    expect(parseProxyResult(input)).toEqual(hops);
  });
});

describe('origins', () => {
  it('compares scheme://host[:port] for custom schemes too', () => {
    expect(originOf('app://kiosk/index.html')).toBe('app://kiosk');
    expect(originOf('http://localhost:5173/x')).toBe('http://localhost:5173');
    expect(originOf('not a url')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(isAllowedOrigin('app://kiosk/a', ['app://kiosk/index.html'])).toBe(true);
    expect(isAllowedOrigin('app://kiosk.evil/a', ['app://kiosk'])).toBe(false);
    expect(isAllowedOrigin('http://localhost:5174/', ['http://localhost:5173'])).toBe(false);
  });
});

describe('app:// file mapping', () => {
  it('maps into the renderer folder only', () => {
    expect(resolveAppFile('app://kiosk/', '/r')).toBe('/r/index.html');
    expect(resolveAppFile('app://kiosk/assets/a.js', '/r')).toBe('/r/assets/a.js');
    expect(resolveAppFile('app://kiosk/..%2F..%2Fetc%2Fpasswd', '/r')).toBeNull();
    expect(resolveAppFile('app://kiosk/%E0%A4%A', '/r')).toBeNull();
    expect(resolveAppFile('file:///etc/passwd', '/r')).toBeNull();
  });
});
