import type { Session } from 'electron';

/**
 * The network as the operating system configures it: Electron's session
 * resolves proxies (system settings, PAC, WPAD) the way Chromium does, so
 * the sync layer can reach a feed through a trust's proxy without its
 * own configuration.
 */

/** One entry of a PAC result: go direct, or through a proxy. */
export type ProxyHop = { type: 'DIRECT' } | { type: 'PROXY' | 'HTTPS' | 'SOCKS' | 'SOCKS4' | 'SOCKS5'; host: string; port: number };

const DEFAULT_PORTS: Record<string, number> = { PROXY: 80, HTTPS: 443, SOCKS: 1080, SOCKS4: 1080, SOCKS5: 1080 };

/**
 * Parse a PAC-style result ("PROXY host:port; DIRECT") into hops, in
 * order; unknown entries are skipped; an empty result means DIRECT.
 */
export function parseProxyResult(result: string): ProxyHop[] {
  const hops: ProxyHop[] = [];
  for (const part of result.split(';')) {
    const [kind, address] = part.trim().split(/\s+/, 2) as [string, string | undefined];
    const type = kind.toUpperCase();
    if (type === 'DIRECT') {
      hops.push({ type: 'DIRECT' });
      continue;
    }
    if (!(type in DEFAULT_PORTS) || !address) continue;
    const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(address);
    if (!m) continue;
    hops.push({ type: type as Exclude<ProxyHop['type'], 'DIRECT'>, host: m[1]!, port: m[2] ? Number(m[2]) : DEFAULT_PORTS[type]! });
  }
  return hops.length > 0 ? hops : [{ type: 'DIRECT' }];
}

/** What the sync layer gets: how a URL would be reached, and a fetch that goes that way. */
export interface SessionNetwork {
  /** The proxy hops for `url`, as the session resolves them. */
  resolveProxy(url: string): Promise<ProxyHop[]>;
  /** fetch() through the session's network stack (its proxy, its certificates). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

/** The session's network for the sync layer. */
export function sessionNetwork(session: Session): SessionNetwork {
  return {
    resolveProxy: async (url) => parseProxyResult(await session.resolveProxy(url)),
    fetch: (url, init) => session.fetch(url, init),
  };
}
