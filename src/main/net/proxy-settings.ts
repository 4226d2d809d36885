/**
 * Which proxy a Node-side request goes through, from the usual environment
 * variables (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, lower case first, as
 * curl and undici read them). One function decides, so the request and the
 * certificate probe that explains a TLS failure take the same path.
 *
 * Loopback is **not** exempt unless `NO_PROXY` says so (as with undici's
 * EnvHttpProxyAgent): a feed on 127.0.0.1 goes through the proxy when one is set.
 */

export interface ProxySettings {
  /** Proxy for http:// URLs, or null for none. */
  http: string | null;
  /** Proxy for https:// URLs, or null for none (falls back to the http one). */
  https: string | null;
  /** Host names (and host:port) that bypass the proxy; `*` for all. */
  noProxy: string;
}

const pick = (env: NodeJS.ProcessEnv, name: string): string | null => env[name.toLowerCase()] || env[name.toUpperCase()] || null;

/** Read the proxy variables from `env`. */
export function proxySettingsFrom(env: NodeJS.ProcessEnv): ProxySettings {
  const http = pick(env, 'HTTP_PROXY');
  return { http, https: pick(env, 'HTTPS_PROXY') ?? http, noProxy: pick(env, 'NO_PROXY') ?? '' };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** Whether `NO_PROXY` exempts this host: exact name, a parent domain, or `*`; `host:port` entries match that port only. */
function exempt(url: URL, noProxy: string): boolean {
  const value = noProxy.trim();
  if (value === '*') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of value.split(/[,\s]+/)) {
    if (!raw) continue;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(raw); // host:port, [v6]:port; a bare IPv6 address has no port
    const name = (m ? m[1]! : raw).replace(/^\*?\./, '').replace(/^\[|\]$/g, '').toLowerCase();
    if (m && Number(m[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL for `url`, or null to connect directly. */
export function proxyFor(url: URL, settings: ProxySettings): URL | null {
  const proxy = url.protocol === 'https:' ? settings.https : settings.http;
  if (!proxy || exempt(url, settings.noProxy)) return null;
  try {
    return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
  } catch {
    throw new ProxySettingError(`proxy "${redactProxy(proxy)}" (from HTTPS_PROXY/HTTP_PROXY) is not a URL: expected http://[user:password@]host:port`);
  }
}

/** A proxy variable that cannot be used. */
export class ProxySettingError extends Error {}

/** A proxy URL for messages: scheme, host and port, never the password. */
export function redactProxy(proxy: string | URL): string {
  try {
    const u = new URL(typeof proxy === 'string' && !proxy.includes('://') ? `http://${proxy}` : proxy);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}`;
  } catch {
    return String(proxy).replace(/\/\/[^@/]*@/, '//…@');
  }
}
