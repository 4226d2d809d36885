import { z } from 'zod';
import {
  CHECK_NAMES,
  CSTF_SUBJECTS,
  OUTCOMES,
  REASON_CODES,
  SEVERITIES,
  SYNC_FAILURE_CODES,
  type ReasonCode,
} from '../core/codes';
import { SESSION_CALLS, SESSION_EVENTS, checkinSchema, sessionSummarySchema } from './sessions-api';
import { outboxStatusSchema } from './outbox-api';
import { ROLE_CALLS, ROLE_EVENTS } from './roles-api';

/**
 * The one contract between the screens (src/renderer) and the services
 * (src/main/kiosk): every call and every event, its channel name, and a zod
 * schema for each payload. Electron's preload, the IPC wiring in main and
 * browser mode's HTTP server all derive from this file, so the three can
 * never drift apart (ARCHITECTURE.md, "One contract for IPC").
 *
 * Schemas are checked twice: by the side that receives a request (never
 * trust the sender) and, in tests, on every response.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.string().min(1).max(40);

/** One reason behind a verdict (verdict.md "Reason codes"). */
export const reasonSchema = z.object({
  code: z.enum(REASON_CODES as [ReasonCode, ...ReasonCode[]]),
  severity: z.enum(SEVERITIES),
  check: z.enum(CHECK_NAMES).optional(),
  subject: z.enum(CSTF_SUBJECTS).optional(),
  until: isoDate.optional(),
  completed: isoDate.optional(),
  by: z.string().optional(),
  byName: z.string().optional(),
});

/** The person a verdict is about, when one was identified and trusted. */
export const verdictPassportSchema = z.object({
  id: z.string(),
  rev: z.number().int(),
  iss: z.string(),
  issuerName: z.string().nullable(),
  name: z.string(),
  staffGroup: z.string(),
  role: z.string(),
  photo: z.string().optional(),
});

/** A verdict exactly as core gives it (verdict.md "Verdict JSON"). */
export const verdictSchema = z.object({
  outcome: z.enum(OUTCOMES),
  reasons: z.array(reasonSchema),
  passport: verdictPassportSchema.nullable(),
  localDate: isoDate,
  dataPublished: instant.nullable(),
});
export type VerdictDto = z.infer<typeof verdictSchema>;

/** Where a payload came from: shown nowhere, recorded in the scan log. */
export const SCAN_SOURCES = ['wedge', 'manual', 'camera', 'reader'] as const;
export type ScanSource = (typeof SCAN_SOURCES)[number];

/**
 * A scan request. The payload limit is generous (scan.md rejects > 4096
 * characters itself, with BADGE_UNKNOWN) but bounded, so a hostile sender
 * cannot make the services parse megabytes.
 */
export const scanRequestSchema = z.object({
  payload: z.string().max(16384),
  source: z.enum(SCAN_SOURCES),
});
export type ScanRequest = z.infer<typeof scanRequestSchema>;

/** One scan's result, as returned to the caller and broadcast as an event. */
export const scanResultSchema = z.object({
  /** Row id in the scan log; increases with every scan. */
  scanId: z.number().int(),
  /** When it was scanned (the services' clock), ISO 8601. */
  at: instant,
  source: z.enum(SCAN_SOURCES),
  verdict: verdictSchema,
  /** For reader scans: which reader. */
  readerId: z.string().optional(),
  /**
   * The person's photo as a `data:` URL, when the feed has one. Sent with
   * the verdict so it appears in the same frame, and as data so the
   * screens' CSP needs no extra origin.
   */
  photo: z.string().startsWith('data:image/').optional(),
  /** In session mode: the check-in this scan made (sessions.md "Check-in"). */
  checkin: checkinSchema.optional(),
});
export type ScanResultDto = z.infer<typeof scanResultSchema>;

export const READER_STATES = ['connected', 'disconnected', 'error'] as const;
/** One configured badge reader and how it is (readers.md). */
export const readerStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(READER_STATES),
  /** A sentence for the status bar when it is not connected. */
  detail: z.string().optional(),
});
export type ReaderStateDto = z.infer<typeof readerStateSchema>;
export const readersSchema = z.array(readerStateSchema);

/** The outcome of one sync (feed.md). */
export const syncOutcomeSchema = z.object({
  at: instant,
  ok: z.boolean(),
  /** SYNC_FAILURE_CODES on failure. */
  code: z.enum(SYNC_FAILURE_CODES).optional(),
  /** One line a person can act on. */
  message: z.string(),
  /** Passports applied by this sync, when it succeeded. */
  applied: z.number().int().optional(),
});
export type SyncOutcomeDto = z.infer<typeof syncOutcomeSchema>;

/** Sync progress, as the status bar shows it. */
export const syncProgressSchema = z.object({
  phase: z.enum(['started', 'progress', 'finished']),
  /** A short line: "Checking manifest", "Applied 40 of 120 passports"… */
  message: z.string(),
  outcome: syncOutcomeSchema.optional(),
});
export type SyncProgressDto = z.infer<typeof syncProgressSchema>;

/** What the status bar and the idle screen need. */
export const statusSchema = z.object({
  /** Which desk this is (machine config `site`). */
  site: z.string(),
  /** The services' clock, ISO 8601: the screens never use their own clock for freshness. */
  now: instant,
  data: z
    .object({
      published: instant,
      expires: instant,
      /** now > expires: verdicts carry DATA_STALE and the status bar says so. */
      stale: z.boolean(),
    })
    .nullable(),
  lastSync: syncOutcomeSchema.nullable(),
  syncing: z.boolean(),
  /** Whether a sync source is configured at all. */
  canSync: z.boolean(),
  readers: readersSchema,
  /** Screen settings from the machine config. */
  settings: z.object({
    idleSeconds: z.number().int().min(1),
    sounds: z.boolean(),
  }),
  /** The session in session mode, with its counts (the scan screen's banner); null or absent outside it. */
  session: sessionSummarySchema.nullable().optional(),
  /** The attendance outbox (upstream.md), when an upstream is configured; null or absent otherwise. */
  outbox: outboxStatusSchema.nullable().optional(),
  /**
   * The clock cannot be trusted (operations.md "The clock"): it was seen
   * to jump backwards while running, or it is behind the trusted floor. A
   * sentence for the status bar; absent when all is well.
   */
  clockWarning: z.object({ message: z.string(), since: instant }).optional(),
});
export type StatusDto = z.infer<typeof statusSchema>;

const empty = z.object({}).strict();

/**
 * The wire name of a call or event: `kiosk:<name>`, as the preload's
 * channel list (src/preload/channels.ts) spells it. A unit test holds the
 * two lists equal, since the sandboxed preload cannot import this file.
 */
export const channelOf = (name: string): string => `kiosk:${name}`;

/** Every call: request schema, response schema. */
export const KIOSK_CALLS = {
  scan: { request: scanRequestSchema, response: scanResultSchema },
  getStatus: { request: empty, response: statusSchema },
  syncNow: { request: empty, response: syncOutcomeSchema },
  listReaders: { request: empty, response: readersSchema },
  ...SESSION_CALLS,
  ...ROLE_CALLS,
} as const;

/** Every event the services push to the screens. */
export const KIOSK_EVENTS = {
  /** A verdict reached from any source (hardware readers included). */
  verdict: scanResultSchema,
  /** All readers' states, whenever one changes. */
  readerState: readersSchema,
  syncProgress: syncProgressSchema,
  ...SESSION_EVENTS,
  ...ROLE_EVENTS,
} as const;

export type KioskCallName = keyof typeof KIOSK_CALLS;
export type KioskEventName = keyof typeof KIOSK_EVENTS;
export type CallRequest<K extends KioskCallName> = z.input<(typeof KIOSK_CALLS)[K]['request']>;
export type CallResponse<K extends KioskCallName> = z.output<(typeof KIOSK_CALLS)[K]['response']>;
export type EventPayload<E extends KioskEventName> = z.output<(typeof KIOSK_EVENTS)[E]>;

/** The calls as functions: what services implement and what screens call. */
export type KioskCalls = { [K in KioskCallName]: (request: CallRequest<K>) => Promise<CallResponse<K>> };

/**
 * The whole API the screens see (an adapter over window.kiosk in Electron,
 * an HTTP client in browser mode): the calls, plus `on` to subscribe to an
 * event, which returns its unsubscribe function.
 */
export interface KioskApi extends KioskCalls {
  on<E extends KioskEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * What the Electron preload exposes as `window.kiosk`, derived from the
 * contract: one method per call, and `onVerdict`, `onReaderState`,
 * `onSyncProgress` per event (payloads arrive unchecked: the screens
 * validate them with {@link parseEvent}).
 */
export type KioskPreloadApi = { [K in KioskCallName]: (request?: CallRequest<K>) => Promise<unknown> } & {
  [E in KioskEventName as `on${Capitalize<E>}`]: (listener: (payload: unknown) => void) => () => void;
};

/** The services' side: the calls, plus a way for transports to hear every event. */
export interface KioskServices extends KioskCalls {
  subscribe(listener: <E extends KioskEventName>(event: E, payload: EventPayload<E>) => void): () => void;
}

/**
 * The contract in the shape the Electron shell's IPC registration takes
 * (src/main/electron/ipc.ts `IpcContract`): schemas by intent-level name.
 */
export const IPC_CONTRACT = { invoke: KIOSK_CALLS, events: KIOSK_EVENTS } as const;

/** Parse a request for `name`; throws a ZodError naming the field when it is malformed. */
export function parseRequest<K extends KioskCallName>(name: K, request: unknown): CallRequest<K> {
  return KIOSK_CALLS[name].request.parse(request ?? {}) as CallRequest<K>;
}

/** Parse an event payload (used by receivers: the preload and the browser-mode client). */
export function parseEvent<E extends KioskEventName>(event: E, payload: unknown): EventPayload<E> {
  return KIOSK_EVENTS[event].parse(payload) as EventPayload<E>;
}
