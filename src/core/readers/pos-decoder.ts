import { MAX_PAYLOAD_CHARS } from '../scan';
import type { PosProfile } from './profile';
import { ScanFinisher, type DecoderEvent, type DecoderStats, type ReportDecoder } from './events';

/**
 * HID POS barcode-scanner input reports (usage page 0x8C) → scans. The USB
 * HID POS Usage Tables name the fields (Scanned Data Report, Decoded Data,
 * Symbology Identifier) but each vendor's report descriptor places them, so
 * the profile gives the byte offsets (docs/readers.md lists known layouts).
 * A long barcode arrives over several reports, chained by a continuation bit.
 */
export class PosDecoder implements ReportDecoder {
  private readonly finisher: ScanFinisher;
  private bytes: number[] = [];
  private overflow = false;
  private symbology: string | undefined;
  private lastReport: number | null = null;

  constructor(private readonly profile: PosProfile) {
    this.finisher = new ScanFinisher({ repeatMs: profile.repeatMs });
  }

  get stats(): DecoderStats {
    return this.finisher.stats;
  }

  private get pending(): boolean {
    return this.lastReport !== null;
  }

  deadline(): number | null {
    return this.lastReport === null ? null : this.lastReport + this.profile.timeoutMs;
  }

  flush(t: number): DecoderEvent[] {
    const d = this.deadline();
    return d !== null && t > d ? this.abandon(d) : [];
  }

  end(): DecoderEvent[] {
    const d = this.deadline();
    return d === null ? [] : this.abandon(d);
  }

  /** A multi-report scan whose last part never came. */
  private abandon(t: number): DecoderEvent[] {
    this.reset();
    return this.finisher.broken(t, 'TRUNCATED');
  }

  private reset(): void {
    this.bytes = [];
    this.overflow = false;
    this.symbology = undefined;
    this.lastReport = null;
  }

  feed(report: Uint8Array, t: number): DecoderEvent[] {
    const events = this.flush(t);
    const p = this.profile;
    if (p.reportId !== null && report[0] !== p.reportId) {
      // Other reports (status, attributes) share the interface; not ours.
      this.finisher.stats.ignoredReports++;
      return events;
    }
    const lengthByte = report[p.lengthOffset];
    if (lengthByte === undefined || report.length <= p.dataOffset) {
      this.finisher.stats.ignoredReports++;
      return events;
    }
    const length = Math.max(0, Math.min(lengthByte + p.lengthAdjust, report.length - p.dataOffset));
    if (!this.pending && p.symbologyOffset !== null) this.symbology = readSymbology(report, p.symbologyOffset, p.symbologyLength);
    for (let i = 0; i < length; i++) {
      if (this.bytes.length >= MAX_PAYLOAD_CHARS) {
        this.overflow = true;
        break;
      }
      this.bytes.push(report[p.dataOffset + i]!);
    }
    const more = p.continuationOffset !== null && ((report[p.continuationOffset] ?? 0) & 1) === 1;
    if (more) {
      this.lastReport = t;
      return events;
    }
    const overflow = this.overflow;
    const text = latin1(this.bytes);
    const symbology = this.symbology;
    this.reset();
    if (overflow) return [...events, ...this.finisher.broken(t, 'TOO_LONG')];
    return [...events, ...this.finisher.finish(text, t, symbology)];
  }
}

// Barcode data is bytes; badge numbers and tokens are ASCII, so one byte is
// one character (Latin-1) and nothing is invented for bytes outside it.
function latin1(bytes: readonly number[]): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.slice(i, i + 4096));
  return s;
}

function readSymbology(report: Uint8Array, offset: number, length: number): string | undefined {
  const bytes = [...report.subarray(offset, offset + length)];
  if (bytes.length === 0 || bytes.every((b) => b === 0)) return undefined;
  // An AIM identifier (`]Q0`) is printable; a vendor's one-byte code is shown in hex.
  return bytes.every((b) => b >= 0x20 && b < 0x7f) ? String.fromCharCode(...bytes) : bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
}
