import {
  KIOSK_CALLS,
  type CallRequest,
  type CallResponse,
  type KioskCallName,
  type KioskServices,
} from '../../shared/kiosk-api';

/** One handler per contract call, each bound to the services. */
export type KioskHandlers = { [K in KioskCallName]: (request: CallRequest<K>) => Promise<CallResponse<K>> };

/**
 * The services as a plain table of handlers, for a transport that calls
 * `handlers[name](request)` (the Electron shell's IPC registration takes
 * exactly this with `IPC_CONTRACT`). Bound here, so no transport can call a
 * service method with the wrong `this`, and built from the contract's list,
 * so a call added to the contract without a service fails to compile.
 *
 *   const kiosk = openKiosk({ … });
 *   const shell = startKiosk({ …, ipc: { contract: IPC_CONTRACT, handlers: kioskHandlers(kiosk.services) } });
 *   kiosk.services.subscribe((event, payload) => shell?.sendEvent(event, payload));
 */
export function kioskHandlers(services: KioskServices): KioskHandlers {
  const out: Partial<Record<KioskCallName, (request: never) => Promise<unknown>>> = {};
  for (const name of Object.keys(KIOSK_CALLS) as KioskCallName[]) {
    const method = services[name] as (request: unknown) => Promise<unknown>;
    out[name] = (request) => method.call(services, request);
  }
  return out as KioskHandlers;
}
