import type { DecoderEvent, ReportDecoder } from './events';
import { KeyboardDecoder } from './keyboard-decoder';
import { PosDecoder } from './pos-decoder';
import type { Profile } from './profile';

/** The decoder for a profile: boot keyboard reports for `keyboard`/`nfc`, HID POS reports for `pos`. */
export function createDecoder(profile: Profile): ReportDecoder {
  return profile.kind === 'pos' ? new PosDecoder(profile) : new KeyboardDecoder(profile);
}

/** One timestamped report, as recorded in a capture file. */
export interface TimedReport {
  t: number;
  report: Uint8Array;
}

/** Decode a whole recording: what the live device would have given, in order. */
export function decodeAll(profile: Profile, reports: Iterable<TimedReport>): DecoderEvent[] {
  const decoder = createDecoder(profile);
  const events: DecoderEvent[] = [];
  for (const r of reports) events.push(...decoder.feed(r.report, r.t));
  events.push(...decoder.end());
  return events;
}

/** `"00001e00…"` → bytes; null when not an even-length hex string. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes → lowercase hex, as capture files store reports. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
