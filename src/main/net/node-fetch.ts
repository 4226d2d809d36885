import { createHash } from 'node:crypto';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { proxyFor, proxySettingsFrom, ProxySettingError, redactProxy } from './proxy-settings';
import { describeTlsFailure, findTlsVerifyError, probeCertificate } from './tls-failure';
import { trustedRoots } from './trusted-ca';

/**
 * Node-side HTTP(S) for everything the kiosk fetches or sends outside
 * Electron's session — `passport-kiosk sync`, `doctor`, browser mode, the
 * upstream deliverer: undici, through the proxy the environment names
 * (`proxy-settings.ts`), trusting Node's roots plus an optional private CA
 * (`trusted-ca.ts`). Failures a retry cannot cure — a refused certificate,
 * a proxy asking for credentials or refusing the destination — come back as
 * a {@link NetFailure} with one line that says what to do.
 */

/** The subset of `fetch` the kiosk uses — GETs for the feed, POSTs with a body for the upstream deliverer (satisfied by undici's, Node's and Electron's `net.fetch`). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; redirect: 'manual'; signal: AbortSignal; body?: string },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array> | null;
}>;

export interface NodeHttpSettings {
  /** Extra trusted CA certificates (PEM text, from `readCaFile`), added to Node's roots. */
  ca?: string;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** A request that failed in a way worth a plain sentence; `retryable` says whether trying again could help. */
export class NetFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const CONNECT_TIMEOUT_MS = 15_000;

// One dispatcher per (route, CA), kept for the process: connections are
// reused across requests and syncs, and the set stays tiny (one or two proxies).
const dispatchers = new Map<string, Dispatcher>();

function dispatcherFor(proxy: URL | null, ca: string | undefined): Dispatcher {
  const key = `${proxy?.href ?? 'direct'}|${ca ? createHash('sha256').update(ca).digest('hex') : ''}`;
  let d = dispatchers.get(key);
  if (!d) {
    const tlsOptions = ca ? { ca: trustedRoots(ca) } : undefined;
    d = proxy
      ? new ProxyAgent({
          uri: proxy.href,
          // http:// targets as a plain proxied GET (proxies usually refuse CONNECT to port 80); https:// with CONNECT.
          proxyTunnel: false,
          ...(tlsOptions && { requestTls: tlsOptions, proxyTls: tlsOptions }),
          connect: { timeout: CONNECT_TIMEOUT_MS },
        })
      : new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS, ...tlsOptions } });
    dispatchers.set(key, d);
  }
  return d;
}

/** The proxy's status from undici's errors ("Proxy response (407) !== 200 …", "… (407)"). */
function proxyStatus(e: unknown): number | null {
  let cur = e as { message?: string; cause?: unknown } | undefined;
  for (let depth = 0; cur && depth < 6; depth++) {
    const m = /Proxy (?:response \((\d{3})\)|Authentication Required \((\d{3})\))/.exec(cur.message ?? '');
    if (m) return Number(m[1] ?? m[2]);
    cur = cur.cause as typeof cur;
  }
  return null;
}

function proxyRefused(status: number, proxy: URL, target: URL): NetFailure {
  const where = redactProxy(proxy);
  if (status === 407) {
    const given = proxy.username ? `the username and password given (${decodeURIComponent(proxy.username)}) were refused` : 'no username and password were given';
    return new NetFailure(
      `the proxy ${where} refused the request with 407 Proxy Authentication Required (${given}): put the proxy account in the proxy URL, HTTPS_PROXY/HTTP_PROXY=http://USER:PASSWORD@host:port (percent-encode special characters), or ask IT for one`,
      false,
    );
  }
  const retryable = status >= 500;
  return new NetFailure(
    `the proxy ${where} refused to connect to ${target.host} (HTTP ${status}): ${retryable ? 'it could not reach the server' : `ask whoever runs the proxy to allow ${target.host}, or list it in NO_PROXY if it should be reached directly`}`,
    retryable,
  );
}

function describeCause(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : err.message;
}

/** A `FetchLike` over undici with these settings. */
export function nodeFetch(settings: NodeHttpSettings = {}): FetchLike {
  const proxies = proxySettingsFrom(settings.env ?? process.env);
  return async (url, init) => {
    const target = new URL(url);
    let proxy: URL | null;
    try {
      proxy = proxyFor(target, proxies);
    } catch (e) {
      if (e instanceof ProxySettingError) throw new NetFailure(e.message, false);
      throw e;
    }
    let res;
    try {
      res = await undiciFetch(url, { ...init, dispatcher: dispatcherFor(proxy, settings.ca) });
    } catch (e) {
      if (init.signal.aborted) throw e;
      const tlsError = findTlsVerifyError(e);
      if (tlsError) {
        const cert = tlsError.cert ? null : await probeCertificate(target, proxy);
        throw new NetFailure(describeTlsFailure(target, tlsError, cert, settings.ca !== undefined), false);
      }
      const status = proxy && proxyStatus(e);
      if (proxy && status) throw proxyRefused(status, proxy, target);
      throw new NetFailure(`${describeCause(e)}${proxy ? ` (via proxy ${redactProxy(proxy)})` : ''}`, true);
    }
    if (proxy && res.status === 407) {
      await res.body?.cancel().catch(() => undefined);
      throw proxyRefused(407, proxy, target);
    }
    return res as unknown as Awaited<ReturnType<FetchLike>>;
  };
}

/**
 * Close every kept-alive connection and forget the dispatchers (the next
 * request makes new ones). For tests — a proxy logs a CONNECT tunnel only
 * when it closes — and for a process that wants its sockets gone now.
 */
export async function closeNodeHttp(): Promise<void> {
  const all = [...dispatchers.values()];
  dispatchers.clear();
  await Promise.all(all.map((d) => d.close().catch(() => undefined)));
}
