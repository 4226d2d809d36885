/**
 * How browser mode carries KioskApi over HTTP on loopback; shared by the
 * server (src/main/web) and the screens' HTTP client (src/renderer/api).
 */

/** The header every API request carries: the per-launch secret. */
export const SECRET_HEADER = 'x-kiosk-secret';
/** Calls are `POST /api/call/<name>` with the request as JSON. */
export const API_PREFIX = '/api/call/';
/** Events are a server-sent event stream: `event: <KioskEventName>`, `data: <JSON>`. */
export const EVENTS_PATH = '/api/events';
/** The URL fragment key that hands the secret to the page: `#k=<secret>`. */
export const SECRET_FRAGMENT_KEY = 'k';
