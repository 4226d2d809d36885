import { classifyPayload, MAX_PAYLOAD_CHARS, normalizePayload, type PayloadKind } from '../scan';
import type { UidFormat } from './profile';
import { convertUid } from './uid';

/**
 * What a decoder gives back, and the rules every kind of reader shares once
 * it has the characters of one scan: scan.md step 1, the 4096 bound, NFC
 * UID conversion, classification and `repeatMs` de-duplication.
 */

/** Why a scan was discarded. All of them are counted as reader errors. */
export const BROKEN_REASONS = ['TIMEOUT', 'TOO_LONG', 'BAD_UID', 'TRUNCATED'] as const;
export type BrokenReason = (typeof BROKEN_REASONS)[number];

export interface ScanEvent {
  type: 'scan';
  /** The time of the report that ended the scan (readers.md). */
  t: number;
  /** Normalised payload; for an `nfc` profile, the canonical UID. */
  payload: string;
  kind: PayloadKind;
  /** Symbology identifier, when a HID POS report carries one (e.g. `]Q0`). */
  symbology?: string;
}

export interface BrokenEvent {
  type: 'broken';
  t: number;
  reason: BrokenReason;
}

export type DecoderEvent = ScanEvent | BrokenEvent;

export interface DecoderStats {
  scans: number;
  broken: number;
  /** Repeats suppressed by `repeatMs`. */
  suppressed: number;
  /** Reports that could not be read at all (wrong length, wrong report id). */
  ignoredReports: number;
}

/** A streaming decoder: live input and a replayed capture go through the same calls. */
export interface ReportDecoder {
  /** One input report as read (report-ID byte included when the device sends one), at `t` ms. */
  feed(report: Uint8Array, t: number): DecoderEvent[];
  /** Apply the gap and timeout rules as of `t` (no report arrived); live callers use a timer. */
  flush(t: number): DecoderEvent[];
  /** End of input (end of a capture, device closed): a pending `none` scan ends, a partial scan is broken. */
  end(): DecoderEvent[];
  /** The `t` after which `flush` would act, or null when nothing is pending. */
  deadline(): number | null;
  readonly stats: DecoderStats;
}

export interface FinishOptions {
  repeatMs: number;
  /** Set for NFC profiles: convert the typed UID to the canonical one. */
  uidFormat?: UidFormat;
}

/** Turns a finished run of characters into zero or one event, keeping de-duplication state. */
export class ScanFinisher {
  readonly stats: DecoderStats = { scans: 0, broken: 0, suppressed: 0, ignoredReports: 0 };
  private lastPayload: string | null = null;
  private lastArrival = 0;

  constructor(private readonly options: FinishOptions) {}

  broken(t: number, reason: BrokenReason): DecoderEvent[] {
    this.stats.broken++;
    return [{ type: 'broken', t, reason }];
  }

  finish(raw: string, t: number, symbology?: string): DecoderEvent[] {
    if (raw.length > MAX_PAYLOAD_CHARS) return this.broken(t, 'TOO_LONG');
    let payload = normalizePayload(raw);
    // A lone terminator, or only blanks: nothing was read, nothing to report.
    if (payload === '') return [];
    if (this.options.uidFormat !== undefined) {
      const uid = convertUid(payload, this.options.uidFormat);
      if (uid === null) return this.broken(t, 'BAD_UID');
      payload = uid;
    }
    const c = classifyPayload(payload);
    if (c.kind === 'rejected') return c.reason === 'TOO_LONG' ? this.broken(t, 'TOO_LONG') : [];
    // Measured from the previous arrival, emitted or not: a card left on an
    // NFC reader is re-read forever and must stay one scan.
    const repeat = payload === this.lastPayload && t - this.lastArrival <= this.options.repeatMs;
    this.lastPayload = payload;
    this.lastArrival = t;
    if (repeat) {
      this.stats.suppressed++;
      return [];
    }
    this.stats.scans++;
    const event: ScanEvent = { type: 'scan', t, payload, kind: c.kind };
    if (symbology !== undefined) event.symbology = symbology;
    return [event];
  }
}
