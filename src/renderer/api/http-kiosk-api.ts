import {
  KIOSK_CALLS,
  KIOSK_EVENTS,
  parseEvent,
  type EventPayload,
  type KioskApi,
  type KioskCallName,
  type KioskEventName,
} from '../../shared/kiosk-api';
import { API_PREFIX, EVENTS_PATH, SECRET_HEADER } from '../../shared/web-protocol';

/**
 * KioskApi over browser mode's loopback HTTP server: calls are JSON POSTs,
 * events one server-sent-event stream. The stream is read with fetch, not
 * EventSource, because EventSource cannot send the secret header (and the
 * secret must never go in a URL, where logs would keep it).
 */
export function createHttpKioskApi(secret: string, base = ''): KioskApi {
  const listeners = new Map<KioskEventName, Set<(p: never) => void>>();
  let streaming = false;

  async function call(name: KioskCallName, request: unknown): Promise<unknown> {
    const res = await fetch(`${base}${API_PREFIX}${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      body: JSON.stringify(request ?? {}),
    });
    const body = (await res.json()) as unknown;
    if (!res.ok) throw new Error((body as { error?: string }).error ?? `kiosk service answered ${res.status}`);
    // The response is checked against the contract: a screen never renders unchecked data.
    return KIOSK_CALLS[name].response.parse(body);
  }

  function dispatch(event: string, data: string): void {
    if (!Object.hasOwn(KIOSK_EVENTS, event)) return;
    const name = event as KioskEventName;
    let payload: unknown;
    try {
      payload = parseEvent(name, JSON.parse(data));
    } catch {
      return; // A malformed event is dropped, never half-shown.
    }
    for (const l of listeners.get(name) ?? []) (l as (p: unknown) => void)(payload);
  }

  async function stream(): Promise<void> {
    let backoff = 500;
    for (;;) {
      try {
        const res = await fetch(`${base}${EVENTS_PATH}`, { headers: { [SECRET_HEADER]: secret } });
        if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
        backoff = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of frame.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length > 0) dispatch(event, data.join('\n'));
          }
        }
      } catch {
        // The server restarted or the network blipped: try again, calmly.
      }
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  const api = {
    on<E extends KioskEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!streaming) {
        streaming = true;
        void stream();
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: never) => void);
      return () => set.delete(listener as (p: never) => void);
    },
  } as KioskApi;
  for (const name of Object.keys(KIOSK_CALLS) as KioskCallName[]) {
    (api as unknown as Record<string, (r: unknown) => Promise<unknown>>)[name] = (r) => call(name, r);
  }
  return api;
}
