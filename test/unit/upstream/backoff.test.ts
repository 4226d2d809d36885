import { backoffMs } from '../../../src/main/upstream/deliverer';
import { checkEndpoint, isLoopbackHost, parseRetryAfter } from '../../../src/main/upstream/http-sender';
import { UpstreamError } from '../../../src/main/upstream/sender';

test('back-off: 1 s doubling to 5 min, jittered into the upper half, never under Retry-After', () => {
  expect([1, 2, 3, 4].map((n) => backoffMs(n, 0))).toEqual([500, 1000, 2000, 4000]);
  expect([1, 2, 3, 4].map((n) => backoffMs(n, 0.999999))).toEqual([1000, 2000, 4000, 8000]);
  expect(backoffMs(9, 0.999999)).toBe(256_000);
  expect(backoffMs(10, 0.999999)).toBe(300_000);
  expect(backoffMs(40, 0)).toBe(150_000);
  expect(backoffMs(1, 0.5, 30_000)).toBe(30_000);
  expect(backoffMs(6, 0.5, 1_000)).toBe(24_000);
});

test('Retry-After as seconds or an HTTP date', () => {
  const now = Date.parse('2026-11-24T09:00:00Z');
  expect(parseRetryAfter('120', now)).toBe(120_000);
  expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:30 GMT', now)).toBe(30_000);
  expect(parseRetryAfter('soon', now)).toBeNull();
  expect(parseRetryAfter(null, now)).toBeNull();
});

test('http:// is refused unless the host is loopback', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
  for (const h of ['10.0.0.1', 'example.com', '128.0.0.1', '[::2]']) expect(isLoopbackHost(h)).toBe(false);
  expect(checkEndpoint('http://127.0.0.1:8080/x').href).toBe('http://127.0.0.1:8080/x');
  expect(checkEndpoint('https://hr.example.nhs.uk/attendance').protocol).toBe('https:');
  expect(() => checkEndpoint('http://hr.example.nhs.uk/')).toThrow(UpstreamError);
  expect(() => checkEndpoint('ftp://x/')).toThrow(UpstreamError);
  expect(() => checkEndpoint('not a url')).toThrow(/not a URL/);
});
