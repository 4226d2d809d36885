import type { KioskApi, KioskPreloadApi } from '../../shared/kiosk-api';
import { SECRET_FRAGMENT_KEY } from '../../shared/web-protocol';
import { createBridgeKioskApi } from './bridge-kiosk-api';
import { createHttpKioskApi } from './http-kiosk-api';

declare global {
  interface Window {
    /** Set by the Electron preload (src/preload); absent in browser mode. */
    kiosk?: KioskPreloadApi;
  }
}

const STORAGE_KEY = 'kiosk-secret';

/**
 * The KioskApi for this page: Electron's preload bridge when present,
 * otherwise browser mode's HTTP client with the secret from the URL
 * fragment. The fragment is removed from the address bar at once and the
 * secret kept in session storage, so a reload still works but the secret is
 * not left on screen or in history.
 */
export function pickKioskApi(): KioskApi | null {
  if (window.kiosk) return createBridgeKioskApi(window.kiosk);
  const params = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = params.get(SECRET_FRAGMENT_KEY);
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const secret = fromUrl ?? sessionStorage.getItem(STORAGE_KEY);
  return secret ? createHttpKioskApi(secret) : null;
}
