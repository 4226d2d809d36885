import { isIP } from 'node:net';
import { nodeFetch, type FetchLike, type NodeHttpSettings } from '../net/node-fetch';
import { UpstreamError, type EventResult, type Sender, type SendOutcome, type SignedEvent } from './sender';

/**
 * Delivery over HTTP(S) (upstream.md "Delivery over HTTPS"): `POST
 * {endpoint}/v1/events` through the same transport seam as the feed
 * (src/main/net: HTTPS_PROXY/NO_PROXY and a private CA under Node; the
 * Electron session's fetch in the app). `http://` only on loopback.
 */

export interface HttpSenderOptions extends NodeHttpSettings {
  /** No answer within this long: a failed attempt (default 30 s, upstream.md). */
  timeoutMs?: number;
  /** The Electron session's fetch; default undici through `nodeFetch`. */
  fetch?: FetchLike;
}

const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Is `host` (URL form) a loopback address or name? */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** Check an endpoint URL: https, or http on loopback; throws UpstreamError naming the setting. */
export function checkEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UpstreamError(`upstream URL ${endpoint} is not a URL: expected https://host/path`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UpstreamError(`upstream URL ${endpoint} is http:// and not loopback: refused, attendance is sent only over https:// (http:// only to this machine)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UpstreamError(`upstream URL ${endpoint} is not http(s)`);
  return url;
}

/** Seconds or an HTTP date, as ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

function describeNetError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : String(err.message ?? e);
}

function readResults(data: unknown): EventResult[] | null {
  const results = (data as { results?: unknown })?.results;
  if (!Array.isArray(results)) return null;
  const out: EventResult[] = [];
  for (const r of results) {
    const o = r as { id?: unknown; status?: unknown; code?: unknown };
    if (typeof o?.id !== 'string' || (o.status !== 'accepted' && o.status !== 'duplicate' && o.status !== 'rejected')) return null;
    out.push({ id: o.id, status: o.status, ...(typeof o.code === 'string' && { code: o.code }) });
  }
  return out;
}

export class HttpSender implements Sender {
  readonly where: string;
  private readonly url: string;
  private readonly fetch: FetchLike;
  private readonly timeoutMs: number;

  constructor(endpoint: string, opts: HttpSenderOptions = {}) {
    const base = checkEndpoint(endpoint);
    this.url = new URL('v1/events', base.href.endsWith('/') ? base.href : `${base.href}/`).href;
    this.where = base.href;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.fetch = opts.fetch ?? nodeFetch({ ca: opts.ca, env: opts.env });
  }

  async send(events: readonly SignedEvent[]): Promise<SendOutcome> {
    const body = JSON.stringify({ events: events.map((e) => e.jws) });
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.timeoutMs);
    try {
      const res = await this.fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        redirect: 'manual',
        signal: ac.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of res.body ?? []) {
        size += c.byteLength;
        if (size > MAX_ANSWER_BYTES) break;
        chunks.push(Buffer.from(c));
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (res.status === 413) return { kind: 'too-large' };
      if (res.status === 429 || res.status >= 500) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        return { kind: 'failed', error: `${this.where} answered HTTP ${res.status}`, ...(retryAfterMs !== null && { retryAfterMs }) };
      }
      if (res.status !== 200) {
        return { kind: 'failed', error: `${this.where} answered HTTP ${res.status}: check the upstream URL and the receiver (the events stay queued)`, retryable: false };
      }
      let results: EventResult[] | null = null;
      try {
        results = readResults(JSON.parse(text));
      } catch {
        results = null;
      }
      if (!results) return { kind: 'failed', error: `${this.where} gave an answer that is not {"results":[…]}: is the upstream URL the receiver's?` };
      return { kind: 'answered', results };
    } catch (e) {
      if (ac.signal.aborted) return { kind: 'failed', error: `${this.where}: no answer within ${Math.round(this.timeoutMs / 1000)} s` };
      const retryable = (e as { retryable?: unknown }).retryable !== false; // NetFailure: a refused certificate or proxy login
      return { kind: 'failed', error: `${this.where}: ${describeNetError(e)}`, retryable };
    } finally {
      clearTimeout(timer);
    }
  }
}
