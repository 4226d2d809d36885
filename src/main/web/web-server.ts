import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ZodError } from 'zod';
import {
  KIOSK_CALLS,
  parseRequest,
  type KioskCallName,
  type KioskServices,
} from '../../shared/kiosk-api';
import { API_PREFIX, EVENTS_PATH, SECRET_FRAGMENT_KEY, SECRET_HEADER } from '../../shared/web-protocol';

/**
 * Browser mode: the kiosk's services served to any Chromium on loopback,
 * with the very same screens the Electron window shows.
 *
 * Guarding it: the server binds 127.0.0.1 only (never 0.0.0.0), and every
 * API request must carry the per-launch secret in the `X-Kiosk-Secret`
 * header. The secret reaches the page in the URL's fragment, which browsers
 * never send to servers or in Referer headers; the page moves it to session
 * storage and strips it from the address bar. A custom header also means a
 * cross-site page cannot even send the request without a CORS preflight,
 * which this server never grants. The Host header is checked too, so a DNS
 * rebinding page (evil.example resolving to 127.0.0.1) is refused.
 */


/** A call's body limit: calls are small JSON… */
const MAX_BODY = 64 * 1024;
/**
 * …except a roster upload, which carries the whole CSV file as base64
 * (sessions-api.ts allows 11.2 M characters, an 8 MB file) plus its JSON.
 */
const MAX_BODY_BY_CALL: Partial<Record<KioskCallName, number>> = { importRoster: 11.5 * 1024 * 1024 };

/** A body over its call's limit: answered 413. */
class BodyTooLarge extends Error {}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/**
 * The screens' Content-Security-Policy, as strict as the Electron window's
 * (src/main/electron/security.ts), so browser mode's e2e run proves the
 * screens work under it: only this origin; images may be data: URLs
 * (photos) and blob: (camera). No inline script or style at all.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface WebServerOptions {
  services: KioskServices;
  /** The Vite-built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed secret for tests; default 32 random bytes, new every launch. */
  secret?: string;
}

export interface WebServer {
  /** Open this in Chromium: the secret rides in the fragment. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  close(): Promise<void>;
}

/** Start browser mode's HTTP server on 127.0.0.1. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const secretBytes = Buffer.from(secret);
  const rendererDir = path.resolve(options.rendererDir);
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const authorised = (req: http.IncomingMessage): boolean => {
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string') return false;
    const bytes = Buffer.from(given);
    return bytes.length === secretBytes.length && timingSafeEqual(bytes, secretBytes);
  };
  const hostAllowed = (req: http.IncomingMessage): boolean =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const server = http.createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (!hostAllowed(req)) return sendJson(res, 421, { error: 'This server answers only on 127.0.0.1.' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req)) return sendJson(res, 401, { error: 'Missing or wrong kiosk secret.' });
      if (url.pathname === EVENTS_PATH && req.method === 'GET') return openEventStream(res);
      if (url.pathname.startsWith(API_PREFIX) && req.method === 'POST') {
        return void handleCall(url.pathname.slice(API_PREFIX.length), req, res);
      }
      return sendJson(res, 404, { error: 'No such API.' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Method not allowed.' });
    serveStatic(url.pathname, res);
  });

  async function handleCall(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!Object.hasOwn(KIOSK_CALLS, name)) return sendJson(res, 404, { error: `No call named ${name}.` });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { error: 'Calls are JSON.' });
    }
    const call = name as KioskCallName;
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, MAX_BODY_BY_CALL[call] ?? MAX_BODY));
    } catch (e) {
      if (e instanceof BodyTooLarge) return sendJson(res, 413, { error: `The ${call} request is too large: ${e.message}.` });
      return sendJson(res, 400, { error: `Request is not JSON: ${(e as Error).message}` });
    }
    try {
      const request = parseRequest(call, body);
      const fn = options.services[call] as (r: unknown) => Promise<unknown>;
      const response = await fn.call(options.services, request);
      sendJson(res, 200, response);
    } catch (e) {
      if (e instanceof ZodError) return sendJson(res, 400, { error: `Invalid ${call} request: ${e.issues[0]?.message}` });
      sendJson(res, 500, { error: (e as Error).message });
    }
  }

  function openEventStream(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const unsubscribe = options.services.subscribe((event, payload) => {
    // Named by the contract's event key; the client validates with the same schema.
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  // Proxies and idle timers drop silent streams; a comment every 15 s keeps it open.
  const keepAlive = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return sendJson(res, 400, { error: 'Bad path.' });
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(rendererDir, `.${rel}`);
    // Never serve anything outside the built renderer (../ tricks).
    if (!file.startsWith(rendererDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      if (rel === '/index.html') {
        return sendJson(res, 503, { error: `The screens are not built: run "npm run build:renderer" (looked in ${rendererDir}).` });
      }
      return sendJson(res, 404, { error: 'Not found.' });
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': type };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#${SECRET_FRAGMENT_KEY}=${secret}`,
    origin,
    port,
    secret,
    close: async () => {
      unsubscribe();
      clearInterval(keepAlive);
      for (const s of streams) s.end();
      streams.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(text);
}

/**
 * Read a body of at most `max` bytes. Past the limit the rest is read and
 * dropped (not kept), so the caller can still answer 413 on a connection
 * the client is writing to.
 */
function readBody(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size > max) reject(new BodyTooLarge(`over ${max} bytes`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
