/**
 * The intent-level IPC channels between the window and the services,
 * named once for both sides: the preload derives `window.kiosk` from
 * these lists, the main process registers a handler per invoke channel.
 * The payload schemas live in the KioskApi contract (src/shared), which
 * the main process passes to the shell; this file only names channels,
 * so the sandboxed preload stays tiny. No imports: safe in the sandbox.
 */

/** Calls the screens make (each returns a promise). */
export const KIOSK_INVOKE_CHANNELS = [
  'scan',
  'getStatus',
  'syncNow',
  'listReaders',
  // Induction sessions (src/shared/sessions-api.ts).
  'listSessions',
  'createSession',
  'importRoster',
  'precheckSession',
  'getRegister',
  'markPerson',
  'closeSession',
  'exportRegister',
  'setSessionMode',
  // Roles and exit (src/shared/roles-api.ts).
  'getRole',
  'unlockRole',
  'lockRole',
  'requestExit',
] as const;

/** Events the services push to the screens. */
export const KIOSK_EVENT_CHANNELS = ['verdict', 'readerState', 'syncProgress', 'sessionChanged', 'roleChanged', 'exitRequested'] as const;

/** An invoke channel's intent-level name. */
export type KioskInvokeChannel = (typeof KIOSK_INVOKE_CHANNELS)[number];
/** An event channel's intent-level name. */
export type KioskEventChannel = (typeof KIOSK_EVENT_CHANNELS)[number];

/** The channel name on the wire for an intent-level name. */
export const ipcChannel = (name: string): string => `kiosk:${name}`;

/** `verdict` → `onVerdict`: the subscribe method's name for an event. */
export const subscribeMethodName = (event: string): string => `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
