import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpTransport, type FetchLike } from '../../../src/main/sync/http-transport';

/** The HTTP transport's rules with an injected client (the hook Electron uses for its session proxy). */

type Reply = { status: number; headers?: Record<string, string>; body?: string } | Error | 'hang';

function fakeFetch(replies: Reply[]) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, headers: init.headers });
    const r = replies.shift() ?? { status: 500 };
    if (r === 'hang') return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    if (r instanceof Error) return Promise.reject(r);
    const h = new Map(Object.entries(r.headers ?? {}));
    return Promise.resolve({
      status: r.status,
      headers: { get: (n: string) => h.get(n.toLowerCase()) ?? null },
      body: (async function* () {
        if (r.body) yield Buffer.from(r.body);
      })(),
    });
  };
  return { fetch, calls };
}

const opts = { retries: 2, backoffMs: 1, timeoutMs: 200 };

test('the injected client is used, with If-None-Match; 304 means not modified', async () => {
  const { fetch, calls } = fakeFetch([{ status: 304 }, { status: 200, headers: { etag: '"e2"' }, body: 'x.y.z' }]);
  const t = new HttpTransport('https://hub.example/feeds/nw', { ...opts, fetch });
  expect(await t.fetchManifest('"e1"')).toEqual({ notModified: true });
  expect(calls[0]).toEqual({ url: 'https://hub.example/feeds/nw/manifest.jws', headers: { 'if-none-match': '"e1"' } });
  expect(await t.fetchManifest(null)).toEqual({ notModified: false, text: 'x.y.z', etag: '"e2"' });
  expect(calls[1]!.headers).toEqual({});
});

test('network errors and 5xx are retried, then FETCH_FAILED; a 404 is not retried', async () => {
  const net = fakeFetch([new TypeError('fetch failed'), { status: 502 }, { status: 200, body: 'a.b.c' }]);
  await expect(new HttpTransport('https://hub.example/', { ...opts, fetch: net.fetch }).fetchManifest(null)).resolves.toMatchObject({ text: 'a.b.c' });
  expect(net.calls).toHaveLength(3);
  const down = fakeFetch([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }]);
  await expect(new HttpTransport('https://hub.example/', { ...opts, fetch: down.fetch }).fetchManifest(null)).rejects.toMatchObject({
    code: 'FETCH_FAILED',
    message: expect.stringMatching(/HTTP 503 \(after 3 attempts\)/),
  });
  const missing = fakeFetch([{ status: 404 }]);
  const dir = mkdtempSync(path.join(tmpdir(), 'http-'));
  await expect(new HttpTransport('https://hub.example/', { ...opts, fetch: missing.fetch }).fetchFile('segments/a.ndjson', 'f'.repeat(64), dir)).rejects.toMatchObject({
    code: 'FETCH_FAILED',
    message: expect.stringMatching(/https:\/\/hub\.example\/segments\/a\.ndjson answered 404/),
  });
  expect(missing.calls).toHaveLength(1);
});

test('a request with no answer is aborted by the time-out', async () => {
  const { fetch, calls } = fakeFetch(['hang', 'hang', 'hang']);
  await expect(new HttpTransport('https://hub.example/', { ...opts, timeoutMs: 50, fetch }).fetchManifest(null)).rejects.toMatchObject({
    code: 'FETCH_FAILED',
    message: expect.stringMatching(/no answer within 50 ms/),
  });
  expect(calls).toHaveLength(3);
});

test('https never follows a redirect to http', async () => {
  const { fetch, calls } = fakeFetch([{ status: 301, headers: { location: 'http://hub.example/manifest.jws' } }]);
  await expect(new HttpTransport('https://hub.example/', { ...opts, fetch }).fetchManifest(null)).rejects.toMatchObject({
    code: 'FETCH_FAILED',
    message: expect.stringMatching(/redirects to http:\/\/hub\.example\/manifest\.jws: refused/),
  });
  expect(calls).toHaveLength(1);
});
