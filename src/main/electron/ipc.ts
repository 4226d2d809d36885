import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { z } from 'zod';
import { ipcChannel } from '../../preload/channels';

export { ipcChannel };
import { isAllowedOrigin } from './origins';

/**
 * IPC between the one window and the services, done the checklist's way:
 * every call is refused unless it comes from the app's own top frame, and
 * every payload is validated with the contract's zod schema (in and out).
 * The contract and handlers are passed in, so the shell does not depend
 * on the services (src/main/kiosk) or the KioskApi contract (src/shared).
 */

/** One invoke channel: the request schema, and optionally the response schema. */
export interface InvokeSpec {
  request: z.ZodType;
  response?: z.ZodType;
}

/** Channels by intent-level name (`scan`, `syncNow`, …): invokes, and events pushed to the window. */
export interface IpcContract {
  invoke: Record<string, InvokeSpec>;
  events?: Record<string, z.ZodType>;
}

/** A handler per invoke channel, given the validated request. */
export type InvokeHandlers<C extends IpcContract> = {
  [K in keyof C['invoke']]: (request: z.output<C['invoke'][K]['request']>) => unknown;
};


/** Why a call was refused; the message crosses to the renderer, the details stay in main. */
export class IpcRefused extends Error {
  constructor(
    readonly code: 'UNTRUSTED_SENDER' | 'INVALID_PAYLOAD' | 'INVALID_RESPONSE',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Who may call: the app window's contents and the origins its pages come from. */
export interface TrustedSender {
  /** The app window's web contents (or a getter, as the window may be recreated). */
  contents: () => WebContents | null;
  /** Origins (or URLs) of the app's own pages. */
  origins: readonly string[];
}

/**
 * True only for the app window's own top frame on an app origin: not
 * another window, not an iframe, not a page that navigated elsewhere,
 * not a frame already gone (`senderFrame` null).
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, trusted: TrustedSender): boolean {
  const contents = trusted.contents();
  if (!contents || contents.isDestroyed() || event.sender?.id !== contents.id) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  const main = contents.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAllowedOrigin(frame.url, trusted.origins);
}

/** Options for {@link registerIpcHandlers}. */
export interface RegisterIpcOptions<C extends IpcContract> {
  ipcMain: IpcMain;
  contract: C;
  handlers: InvokeHandlers<C>;
  trusted: TrustedSender;
  /** Told about each refusal (for the log); never sees payload contents. */
  onRefused?: (channel: string, error: IpcRefused) => void;
}

/**
 * Register a handler per contract channel. Returns a function that
 * removes them all. Throws if a channel has no handler.
 */
export function registerIpcHandlers<C extends IpcContract>(options: RegisterIpcOptions<C>): () => void {
  const { ipcMain, contract, handlers, trusted, onRefused } = options;
  const names = Object.keys(contract.invoke);
  for (const name of names) {
    if (typeof (handlers as Record<string, unknown>)[name] !== 'function') {
      throw new Error(`IPC contract channel "${name}" has no handler`);
    }
  }
  const refuse = (channel: string, error: IpcRefused): never => {
    onRefused?.(channel, error);
    throw error;
  };
  for (const name of names) {
    const channel = ipcChannel(name);
    const spec = contract.invoke[name]!;
    const handler = (handlers as Record<string, (request: unknown) => unknown>)[name]!;
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, trusted)) refuse(channel, new IpcRefused('UNTRUSTED_SENDER', `${channel} refused`));
      if (args.length > 1) refuse(channel, new IpcRefused('INVALID_PAYLOAD', `${channel} takes one argument`));
      // A call made with no argument is an empty request ({}), as the contract's no-argument calls expect.
      const parsed = spec.request.safeParse(args[0] === undefined ? {} : args[0]);
      if (!parsed.success) refuse(channel, new IpcRefused('INVALID_PAYLOAD', `${channel}: ${parsed.error.issues[0]?.message ?? 'invalid'}`));
      const result = await handler(parsed.data);
      if (!spec.response) return result;
      const checked = spec.response.safeParse(result);
      if (!checked.success) refuse(channel, new IpcRefused('INVALID_RESPONSE', `${channel} produced an invalid response`));
      return checked.data;
    });
  }
  return () => names.forEach((name) => ipcMain.removeHandler(ipcChannel(name)));
}

/**
 * A function that pushes a contract event to the window, validated
 * first; false when the window is gone or the payload is invalid.
 */
export function createEventSender<C extends IpcContract>(contract: C, contents: () => WebContents | null) {
  return (name: keyof NonNullable<C['events']> & string, payload: unknown): boolean => {
    const schema = contract.events?.[name];
    if (!schema) throw new Error(`IPC contract has no event "${name}"`);
    const parsed = schema.safeParse(payload);
    const target = contents();
    if (!parsed.success || !target || target.isDestroyed()) return false;
    target.send(ipcChannel(name), parsed.data);
    return true;
  };
}
