import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A feed folder served on 127.0.0.1 over plain HTTP, or HTTPS with the
 * given key and certificate (node:https), with ETag / 304 on every file.
 * Records each request path, so a test can tell whether a request reached
 * the server (and, with a proxy in between, that it came through it).
 */

export interface FolderServer {
  /** `http(s)://127.0.0.1:PORT/` */
  url: string;
  port: number;
  requests: string[];
  close(): Promise<void>;
}

/** Answer one request with the file it names under `dir`: 200 with an ETag, 304 on a match, else 404. */
export async function answerFromFolder(dir: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const rel = decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/^\/+/, '');
  const file = path.join(dir, rel);
  try {
    if (rel.includes('..') || !(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { etag, 'content-length': body.length }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}

export async function serveFolder(dir: string, tls?: { key: string; cert: string }): Promise<FolderServer> {
  const requests: string[] = [];
  const handler: http.RequestListener = async (req, res) => {
    requests.push(req.url ?? '');
    await answerFromFolder(dir, req, res);
  };
  const srv = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  // A refused handshake is the point of some tests; don't let it surface as an unhandled error.
  srv.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
    port,
    requests,
    close: () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}
