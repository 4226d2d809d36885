import { proxyFor, proxySettingsFrom, ProxySettingError, redactProxy } from '../../../src/main/net/proxy-settings';

/** Which proxy a request takes, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (the rules curl and undici follow). */

const via = (url: string, env: NodeJS.ProcessEnv) => proxyFor(new URL(url), proxySettingsFrom(env))?.href ?? null;

test('https uses HTTPS_PROXY, else HTTP_PROXY; http uses HTTP_PROXY only; lower case wins', () => {
  expect(via('https://hub.example/f/', { HTTPS_PROXY: 'http://p1:8080', HTTP_PROXY: 'http://p2:3128' })).toBe('http://p1:8080/');
  expect(via('https://hub.example/f/', { HTTP_PROXY: 'http://p2:3128' })).toBe('http://p2:3128/');
  expect(via('http://hub.example/f/', { HTTPS_PROXY: 'http://p1:8080' })).toBeNull();
  expect(via('http://hub.example/f/', { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' })).toBe('http://lower:1/');
  expect(via('https://hub.example/', { HTTPS_PROXY: 'p3:9000' })).toBe('http://p3:9000/');
  expect(via('https://hub.example/', {})).toBeNull();
});

test('loopback is proxied unless NO_PROXY names it', () => {
  expect(via('http://127.0.0.1:8000/', { HTTP_PROXY: 'http://p:1' })).toBe('http://p:1/');
  expect(via('http://127.0.0.1:8000/', { HTTP_PROXY: 'http://p:1', NO_PROXY: '127.0.0.1' })).toBeNull();
});

test('NO_PROXY: exact names, parent domains (with or without a leading dot or *.), ports, and *', () => {
  const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy });
  expect(via('https://feed.nhs.example/', env('nhs.example'))).toBeNull();
  expect(via('https://feed.nhs.example/', env('.nhs.example'))).toBeNull();
  expect(via('https://feed.nhs.example/', env('*.nhs.example'))).toBeNull();
  expect(via('https://notnhs.example/', env('nhs.example'))).toBe('http://p:1/');
  expect(via('https://hub.example/', env('hub.example:443'))).toBeNull();
  expect(via('https://hub.example:8443/', env('hub.example:443'))).toBe('http://p:1/');
  expect(via('https://hub.example/', env('a.example, hub.example'))).toBeNull();
  expect(via('https://anything.example/', env('*'))).toBeNull();
  expect(via('https://[::1]:9/', env('::1'))).toBeNull();
});

test('a proxy value that is not a URL is refused; messages never show the password', () => {
  expect(() => via('https://hub.example/', { HTTPS_PROXY: 'http://[bad' })).toThrow(ProxySettingError);
  expect(redactProxy('http://user:secret@proxy.nhs.example:8080')).toBe('http://user@proxy.nhs.example:8080');
  expect(redactProxy(new URL('http://proxy:3128'))).toBe('http://proxy:3128');
  expect(redactProxy('http://u%40x:p@proxy:1')).toBe('http://u@x@proxy:1');
});
