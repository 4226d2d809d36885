import { MAX_PAYLOAD_CHARS } from '../scan';
import { USAGE_ENTER, USAGE_ERROR_ROLLOVER, USAGE_KEYPAD_ENTER, USAGE_TAB, usageToChar } from './keymap';
import type { KeyboardProfile, NfcProfile } from './profile';
import { ScanFinisher, type DecoderEvent, type DecoderStats, type ReportDecoder } from './events';

/**
 * Boot keyboard reports → key presses → characters → scans (readers.md,
 * "Keyboard reports" and "Ending a scan"). Pure and clock-free: every
 * timing rule is applied to the `t` the caller gives with each report.
 */

const SHIFT = 0x02 | 0x20;
// LCtrl, LAlt, LGUI, RCtrl, RAlt (AltGr), RGUI: a press with any held is a
// shortcut, not scanner data.
const NON_SHIFT = 0x01 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;
const BOOT_REPORT_BYTES = 8;

export class KeyboardDecoder implements ReportDecoder {
  private readonly finisher: ScanFinisher;
  private held = new Set<number>();
  private chars: string[] = [];
  private overflow = false;
  private lastPress: number | null = null;

  constructor(private readonly profile: KeyboardProfile | NfcProfile) {
    this.finisher = new ScanFinisher({
      repeatMs: profile.repeatMs,
      ...(profile.kind === 'nfc' ? { uidFormat: profile.uidFormat } : {}),
    });
  }

  get stats(): DecoderStats {
    return this.finisher.stats;
  }

  private get pending(): boolean {
    return this.chars.length > 0 || this.overflow;
  }

  private get limit(): number {
    return this.profile.terminator === 'none' ? this.profile.gapMs : this.profile.timeoutMs;
  }

  deadline(): number | null {
    return this.pending && this.lastPress !== null ? this.lastPress + this.limit : null;
  }

  flush(t: number): DecoderEvent[] {
    const d = this.deadline();
    return d !== null && t > d ? this.close() : [];
  }

  end(): DecoderEvent[] {
    return this.pending ? this.close() : [];
  }

  /** The pending characters end without their terminator: a `none` scan, or a broken one. */
  private close(): DecoderEvent[] {
    const last = this.lastPress ?? 0;
    if (this.profile.terminator === 'none') return this.complete(last);
    const overflow = this.overflow;
    this.reset();
    return this.finisher.broken(last + this.profile.timeoutMs, overflow ? 'TOO_LONG' : 'TIMEOUT');
  }

  private complete(t: number): DecoderEvent[] {
    const raw = this.overflow ? null : this.chars.join('');
    this.reset();
    return raw === null ? this.finisher.broken(t, 'TOO_LONG') : this.finisher.finish(raw, t);
  }

  private reset(): void {
    this.chars = [];
    this.overflow = false;
  }

  private isTerminator(usage: number): boolean {
    switch (this.profile.terminator) {
      case 'enter':
        return usage === USAGE_ENTER || usage === USAGE_KEYPAD_ENTER;
      case 'tab':
        return usage === USAGE_TAB;
      case 'none':
        return false;
    }
  }

  feed(report: Uint8Array, t: number): DecoderEvent[] {
    const body = this.profile.reportId ? report.subarray(1) : report;
    if (body.length < 3) {
      this.finisher.stats.ignoredReports++;
      return this.flush(t);
    }
    const modifiers = body[0]!;
    const slots = body.subarray(2, BOOT_REPORT_BYTES);
    // ErrorRollOver: too many keys down; the report says nothing about which,
    // so it must not disturb the held-key state.
    if (slots.every((u) => u === USAGE_ERROR_ROLLOVER)) return this.flush(t);

    const events = this.flush(t);
    const now = new Set<number>();
    for (const usage of slots) {
      if (usage === 0 || usage === USAGE_ERROR_ROLLOVER || now.has(usage)) continue;
      now.add(usage);
      if (!this.held.has(usage)) events.push(...this.press(usage, modifiers, t));
    }
    this.held = now;
    return events;
  }

  private press(usage: number, modifiers: number, t: number): DecoderEvent[] {
    if (this.pending) this.lastPress = t;
    if (modifiers & NON_SHIFT) return [];
    if (this.isTerminator(usage)) return this.complete(t);
    if (usage === USAGE_ENTER || usage === USAGE_KEYPAD_ENTER || usage === USAGE_TAB) return [];
    const ch = usageToChar(this.profile.layout, usage, (modifiers & SHIFT) !== 0);
    if (ch === null) return [];
    this.lastPress = t;
    // Past the bound the scan is already broken; keep no more than needed to know that.
    if (this.chars.length >= MAX_PAYLOAD_CHARS) this.overflow = true;
    else this.chars.push(ch);
    return [];
  }
}
