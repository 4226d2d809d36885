/**
 * Origins, compared the way the shell means them. Node's URL gives the
 * opaque origin "null" for non-special schemes such as `app:`, so the
 * shell compares `scheme://host[:port]` itself.
 */

/** The custom scheme the packaged renderer is served from (see app-protocol.ts). */
export const APP_SCHEME = 'app';
/** The host of {@link APP_SCHEME} URLs. */
export const APP_HOST = 'kiosk';
/** The renderer's start page when packaged. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** `scheme://host[:port]` of a URL, lower-cased; null when it does not parse or has no host. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return null;
  }
}

/** True when `url` parses and its origin is one of `allowed` (themselves origins or URLs). */
export function isAllowedOrigin(url: string | null | undefined, allowed: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && allowed.some((a) => originOf(a) === origin);
}
