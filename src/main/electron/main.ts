import path from 'node:path';
import { startKiosk } from './shell';

/**
 * The Electron main entry (built by forge's Vite plugin to
 * .vite/build/main.js). The services (src/main/kiosk: the KioskApi
 * contract's handlers, and the sync scheduler) are connected here as
 * `ipc` and `sync` once they exist; until then the window runs with no
 * channel served.
 */
startKiosk({
  preload: path.join(__dirname, 'preload.cjs'),
  renderer: MAIN_WINDOW_VITE_DEV_SERVER_URL
    ? { devServerUrl: MAIN_WINDOW_VITE_DEV_SERVER_URL }
    : { dir: path.join(__dirname, '..', 'renderer', MAIN_WINDOW_VITE_NAME) },
});
