import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { ipcChannel, KIOSK_EVENT_CHANNELS, KIOSK_INVOKE_CHANNELS, subscribeMethodName } from './channels';

/**
 * `window.kiosk`: one method per invoke channel and one `onX(listener)`
 * per event, derived from the channel lists. The page never gets
 * ipcRenderer, an IpcRendererEvent, or a way to name a channel itself.
 */

/** A call to the services: one payload in, a promise out. */
export type KioskCall = (payload?: unknown) => Promise<unknown>;
/** Subscribe to an event; returns the unsubscribe function. */
export type KioskSubscribe = (listener: (payload: unknown) => void) => () => void;

/** The bridge object exposed as `window.kiosk` (untyped here; src/shared types it for the screens). */
export type KioskBridge = Record<string, KioskCall | KioskSubscribe>;

/** The channel lists a bridge is built from. */
export interface BridgeChannels {
  invoke: readonly string[];
  events: readonly string[];
}

/** Build the bridge over an ipcRenderer (the real one in the preload, a fake in tests). */
export function buildKioskBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  channels: BridgeChannels = { invoke: KIOSK_INVOKE_CHANNELS, events: KIOSK_EVENT_CHANNELS },
): KioskBridge {
  const bridge: KioskBridge = {};
  for (const name of channels.invoke) {
    const channel = ipcChannel(name);
    // Exactly one argument crosses, whatever the page passes.
    bridge[name] = (payload?: unknown) => ipc.invoke(channel, payload);
  }
  for (const name of channels.events) {
    const channel = ipcChannel(name);
    bridge[subscribeMethodName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscribeMethodName(name)} needs a function`);
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    };
  }
  return Object.freeze(bridge);
}
