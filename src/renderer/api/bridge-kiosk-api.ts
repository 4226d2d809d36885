import {
  KIOSK_CALLS,
  parseEvent,
  type KioskApi,
  type KioskCallName,
  type KioskEventName,
  type KioskPreloadApi,
} from '../../shared/kiosk-api';

/**
 * KioskApi over Electron's preload bridge (`window.kiosk`). The bridge is
 * deliberately dumb (it cannot import the contract in its sandbox), so the
 * checking happens here: every response and event is parsed with the
 * contract's schema before a screen sees it.
 */
export function createBridgeKioskApi(bridge: KioskPreloadApi): KioskApi {
  const api = {
    on(event: KioskEventName, listener: (payload: never) => void) {
      const method = `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as keyof KioskPreloadApi;
      const subscribe = bridge[method] as (l: (p: unknown) => void) => () => void;
      return subscribe((raw) => {
        let payload: unknown;
        try {
          payload = parseEvent(event, raw);
        } catch {
          return;
        }
        (listener as (p: unknown) => void)(payload);
      });
    },
  } as unknown as KioskApi;
  for (const name of Object.keys(KIOSK_CALLS) as KioskCallName[]) {
    (api as unknown as Record<string, (r: unknown) => Promise<unknown>>)[name] = async (request) =>
      KIOSK_CALLS[name].response.parse(await (bridge[name] as (r: unknown) => Promise<unknown>)(request));
  }
  return api;
}
