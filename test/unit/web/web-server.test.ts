import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWebServer, CONTENT_SECURITY_POLICY, type WebServer } from '../../../src/main/web/web-server';
import type { KioskServices, ScanResultDto } from '../../../src/shared/kiosk-api';
import { API_PREFIX, EVENTS_PATH, SECRET_HEADER } from '../../../src/shared/web-protocol';

/** A fake services object: records calls, emits events on demand. */
function fakeServices() {
  const calls: { name: string; request: unknown }[] = [];
  let listener: ((e: string, p: unknown) => void) | null = null;
  const verdict: ScanResultDto = {
    scanId: 1,
    at: '2026-11-24T09:00:00.000Z',
    source: 'wedge',
    verdict: { outcome: 'unknown', reasons: [], passport: null, localDate: '2026-11-24', dataPublished: null },
  };
  const services = {
    scan: async (request: unknown) => (calls.push({ name: 'scan', request }), verdict),
    getStatus: async () => {
      throw new Error('not used');
    },
    syncNow: async () => ({ at: 'x', ok: true, message: 'ok' }),
    listReaders: async () => [{ id: 'a', name: 'Reader A', state: 'connected' as const }],
    importRoster: async (request: { contentBase64: string }) => (
      calls.push({ name: 'importRoster', request: request.contentBase64.length }), { ok: true, rows: 1, warnings: [] }
    ),
    subscribe: (l: (e: string, p: unknown) => void) => {
      listener = l;
      return () => (listener = null);
    },
  } as unknown as KioskServices;
  return { services, calls, verdict, emit: (e: string, p: unknown) => listener?.(e, p) };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  server: WebServer,
  opts: { path: string; method?: string; headers?: Record<string, string>; body?: string; host?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: opts.path,
        method: opts.method ?? 'GET',
        headers: { host: opts.host ?? `127.0.0.1:${server.port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const SECRET = 'test-secret-0123456789abcdefghijklmnop';
let fake: ReturnType<typeof fakeServices>;
let server: WebServer;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = mkdtempSync(path.join(tmpdir(), 'renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(path.join(tmpdir(), 'outside-secret.txt'), 'do not serve');
  fake = fakeServices();
  server = await startWebServer({ services: fake.services, rendererDir, secret: SECRET });
});
afterEach(() => server.close());

const scanBody = JSON.stringify({ payload: 'RXL0012345', source: 'wedge' });
const json = { 'content-type': 'application/json' };

test('listens on 127.0.0.1 only, and hands the secret over in the URL fragment', () => {
  expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
  expect(server.url).toBe(`http://127.0.0.1:${server.port}/#k=${SECRET}`);
});

test('a launch without a given secret makes a long random one, different every time', async () => {
  const a = await startWebServer({ services: fakeServices().services, rendererDir });
  const b = await startWebServer({ services: fakeServices().services, rendererDir });
  try {
    expect(a.secret.length).toBeGreaterThanOrEqual(40);
    expect(a.secret).not.toBe(b.secret);
  } finally {
    await a.close();
    await b.close();
  }
});

test('is not reachable on another interface address', async () => {
  const os = await import('node:os');
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!external) return expect(server.origin).toContain('127.0.0.1'); // no other interface on this machine
  await expect(
    new Promise((resolve, reject) => {
      const req = http.get({ host: external.address, port: server.port, path: '/' }, resolve);
      req.on('error', reject);
    }),
  ).rejects.toThrow(/ECONNREFUSED/);
});

test('refuses calls without the secret, with a wrong one, or with one of the wrong length', async () => {
  for (const headers of [json, { ...json, [SECRET_HEADER]: 'nope' }, { ...json, [SECRET_HEADER]: SECRET.slice(0, -1) + 'X' }]) {
    const r = await request(server, { path: `${API_PREFIX}scan`, method: 'POST', headers, body: scanBody });
    expect(r.status).toBe(401);
  }
  expect(fake.calls).toHaveLength(0);
});

test('refuses the event stream without the secret', async () => {
  const r = await request(server, { path: EVENTS_PATH });
  expect(r.status).toBe(401);
});

test('answers a call with the secret, after validating the request against the contract', async () => {
  const ok = await request(server, { path: `${API_PREFIX}scan`, method: 'POST', headers: { ...json, [SECRET_HEADER]: SECRET }, body: scanBody });
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.body)).toEqual(fake.verdict);
  expect(fake.calls).toEqual([{ name: 'scan', request: { payload: 'RXL0012345', source: 'wedge' } }]);

  const bad = await request(server, {
    path: `${API_PREFIX}scan`,
    method: 'POST',
    headers: { ...json, [SECRET_HEADER]: SECRET },
    body: JSON.stringify({ payload: 'x', source: 'telepathy' }),
  });
  expect(bad.status).toBe(400);
  expect(fake.calls).toHaveLength(1);
});

test('takes a roster upload of up to 11.2 M base64 characters, but no other call over 64 KB', async () => {
  const auth = { ...json, [SECRET_HEADER]: SECRET };
  const sessionId = '7c1f0d52-3f4e-4b8a-9d2c-1e2f3a4b5c6d';
  const roster = (n: number) => JSON.stringify({ sessionId, fileName: 'roster.csv', contentBase64: 'A'.repeat(n) });
  const big = await request(server, { path: `${API_PREFIX}importRoster`, method: 'POST', headers: auth, body: roster(11_200_000) });
  expect(big.status).toBe(200);
  expect(fake.calls).toEqual([{ name: 'importRoster', request: 11_200_000 }]);
  const tooBig = await request(server, { path: `${API_PREFIX}importRoster`, method: 'POST', headers: auth, body: roster(12_100_000) });
  expect(tooBig.status).toBe(413);
  const bigScan = JSON.stringify({ payload: 'x'.repeat(70_000), source: 'wedge' });
  const scan = await request(server, { path: `${API_PREFIX}scan`, method: 'POST', headers: auth, body: bigScan });
  expect(scan.status).toBe(413);
  expect(JSON.parse(scan.body).error).toMatch(/scan request is too large/);
  expect(fake.calls).toHaveLength(1);
});

test('refuses unknown calls, non-JSON bodies, and a Host other than loopback (DNS rebinding)', async () => {
  const auth = { ...json, [SECRET_HEADER]: SECRET };
  expect((await request(server, { path: `${API_PREFIX}constructor`, method: 'POST', headers: auth, body: '{}' })).status).toBe(404);
  expect(
    (await request(server, { path: `${API_PREFIX}scan`, method: 'POST', headers: { [SECRET_HEADER]: SECRET, 'content-type': 'text/plain' }, body: scanBody }))
      .status,
  ).toBe(415);
  const rebound = await request(server, { path: `${API_PREFIX}scan`, method: 'POST', headers: auth, body: scanBody, host: `evil.example:${server.port}` });
  expect(rebound.status).toBe(421);
  expect(fake.calls).toHaveLength(0);
});

test('serves the screens with a strict CSP, and nothing outside the renderer folder', async () => {
  const page = await request(server, { path: '/' });
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  const escape = await request(server, { path: '/..%2foutside-secret.txt' });
  expect(escape.status).toBe(404);
  expect(escape.body).not.toContain('do not serve');
});

test('streams events to an authorised subscriber as server-sent events', async () => {
  const received = await new Promise<string>((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port: server.port, path: EVENTS_PATH, headers: { [SECRET_HEADER]: SECRET } },
      (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          if (text.includes('event: readerState')) {
            req.destroy();
            resolve(text);
          }
        });
        // Only once the stream is open can it hear the event.
        setTimeout(() => fake.emit('readerState', [{ id: 'a', name: 'Reader A', state: 'error' }]), 50);
      },
    );
    req.on('error', reject);
  });
  expect(received).toContain('event: readerState\ndata: [{"id":"a","name":"Reader A","state":"error"}]\n\n');
});
