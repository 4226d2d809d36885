import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { NetFailure, nodeFetch, type FetchLike, type NodeHttpSettings } from '../net/node-fetch';
import { SyncError } from './sync-error';
import { hashMismatch, type FeedTransport, type LocalFile } from './transport';

/**
 * A feed over HTTP(S). Every request has a time-out (no byte for
 * `timeoutMs` aborts it); network errors, time-outs and 5xx answers are
 * retried with exponential back-off; redirects are followed by hand, and
 * only to the same scheme (an https feed never drops to http). Under Node
 * the request goes through `nodeFetch` (src/main/net): the proxy from
 * HTTPS_PROXY/HTTP_PROXY/NO_PROXY, Node's roots plus `ca`; a refused
 * certificate or a proxy asking for credentials fails at once, in one line
 * (no retry can cure it). The Electron app passes its session's `net.fetch`
 * as `fetch`, which applies the system proxy settings (PAC included) and
 * the OS certificate store Chromium sees — `ca` and `env` do not apply then.
 */

export type { FetchLike } from '../net/node-fetch';

export interface HttpOptions extends NodeHttpSettings {
  /** Abort a request when no byte has arrived for this long (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first, on network errors, time-outs and 5xx (default 3). */
  retries?: number;
  /** First back-off delay, doubled each retry (default 500 ms). */
  backoffMs?: number;
  /** Replace the HTTP client (Electron: `net.fetch` for the session proxy). */
  fetch?: FetchLike;
}

const MAX_REDIRECTS = 5;
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

class Retryable extends Error {}

export class HttpTransport implements FeedTransport {
  private readonly root: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly fetch: FetchLike;

  constructor(root: string, opts: HttpOptions = {}) {
    this.root = new URL(root.endsWith('/') ? root : `${root}/`);
    if (this.root.protocol !== 'https:' && this.root.protocol !== 'http:') {
      throw new SyncError('FETCH_FAILED', `feed URL ${root} is not http(s)`);
    }
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.retries ?? 3;
    this.backoffMs = opts.backoffMs ?? 500;
    this.fetch = opts.fetch ?? nodeFetch({ ca: opts.ca, env: opts.env });
  }

  describe(feedPath: string): string {
    return this.url(feedPath);
  }

  /** Resolve under the root, refusing anything that would leave it. */
  private url(feedPath: string): string {
    const u = new URL(feedPath, this.root);
    if (/^[a-z][a-z0-9+.-]*:|\\|\.\./i.test(feedPath) || u.origin !== this.root.origin || !u.pathname.startsWith(this.root.pathname)) {
      throw new SyncError('FEED_INVALID', `feed path "${feedPath}" leaves the feed at ${this.root.href}: expected a path inside it`);
    }
    return u.href;
  }

  /**
   * One GET with redirects, time-out and retries; `consume` reads the body
   * (inside the time-out) and returns the result.
   */
  private async get<T>(
    feedPath: string,
    headers: Record<string, string>,
    consume: (res: Awaited<ReturnType<FetchLike>>, url: string, tick: () => void) => Promise<T>,
  ): Promise<T> {
    const first = this.url(feedPath);
    let lastError = '';
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      const ac = new AbortController();
      let timer = setTimeout(() => ac.abort(), this.timeoutMs);
      const tick = () => {
        clearTimeout(timer);
        timer = setTimeout(() => ac.abort(), this.timeoutMs);
      };
      let url = first;
      try {
        for (let hop = 0; ; hop++) {
          const res = await this.fetch(url, { method: 'GET', headers, redirect: 'manual', signal: ac.signal });
          tick();
          if (res.status >= 300 && res.status < 400 && res.status !== 304) {
            const location = res.headers.get('location');
            const next = location ? new URL(location, url) : null;
            if (!next || hop >= MAX_REDIRECTS) throw new SyncError('FETCH_FAILED', `${first}: too many or empty redirects`);
            if (next.protocol !== new URL(url).protocol) {
              throw new SyncError('FETCH_FAILED', `${url} redirects to ${next.href}: refused, a feed is never followed to another scheme`);
            }
            url = next.href;
            continue;
          }
          if (res.status >= 500) throw new Retryable(`HTTP ${res.status}`);
          if (res.status === 404) throw new SyncError('FETCH_FAILED', `${url} answered 404 Not Found: expected the file the manifest names`);
          if (res.status !== 200 && res.status !== 304) {
            throw new SyncError('FETCH_FAILED', `${url} answered HTTP ${res.status}: expected 200`);
          }
          return await consume(res, url, tick);
        }
      } catch (e) {
        if (e instanceof SyncError) throw e;
        if (e instanceof NetFailure && !e.retryable) throw new SyncError('FETCH_FAILED', `${first}: ${e.message}`);
        lastError = ac.signal.aborted ? `no answer within ${this.timeoutMs} ms` : e instanceof Retryable || e instanceof NetFailure ? e.message : describeNetError(e);
      } finally {
        clearTimeout(timer);
      }
    }
    throw new SyncError('FETCH_FAILED', `${first}: ${lastError} (after ${this.retries + 1} attempts); check the network, proxy and feed URL`);
  }

  async fetchManifest(etag: string | null) {
    const headers: Record<string, string> = etag ? { 'if-none-match': etag } : {};
    return this.get('manifest.jws', headers, async (res, url, tick) => {
      if (res.status === 304) return { notModified: true as const };
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of res.body ?? []) {
        tick();
        size += c.byteLength;
        if (size > MAX_MANIFEST_BYTES) throw new SyncError('FEED_INVALID', `${url} is over ${MAX_MANIFEST_BYTES} bytes: expected a small signed manifest`);
        chunks.push(Buffer.from(c));
      }
      return { notModified: false as const, text: Buffer.concat(chunks).toString('utf8'), etag: res.headers.get('etag') };
    });
  }

  async fetchFile(feedPath: string, sha256: string, workDir: string): Promise<LocalFile> {
    await mkdir(workDir, { recursive: true });
    const file = path.join(workDir, `${sha256}.part`);
    const release = () => rm(file, { force: true });
    try {
      const actual = await this.get(feedPath, {}, async (res, _url, tick) => {
        if (res.status === 304) throw new SyncError('FETCH_FAILED', `${this.url(feedPath)} answered 304 to a plain GET`);
        const hash = createHash('sha256');
        const out = createWriteStream(file);
        try {
          for await (const c of res.body ?? []) {
            tick();
            hash.update(c);
            if (!out.write(c)) await once(out, 'drain');
          }
        } finally {
          out.end();
          await once(out, 'close');
        }
        return hash.digest('hex');
      });
      if (actual !== sha256) throw hashMismatch(this.url(feedPath), sha256, actual);
    } catch (e) {
      await release();
      throw e;
    }
    return { file, release };
  }
}

function describeNetError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : err.message;
}
