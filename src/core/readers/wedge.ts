import { MAX_PAYLOAD_CHARS } from '../scan';

/**
 * Keyboard-wedge detector (readers.md, "Keyboard wedge timing"), for the
 * screens. A scanner in keyboard mode types into the window; a run of at
 * least `minChars` characters, each gap at most `gapMs`, ended by Enter or
 * Tab, is a scan. Anything slower is a person typing.
 *
 * Every character is held back until it is known not to be part of a scan,
 * so scan characters never reach a focused input. A person's keystroke is
 * released (given back to the screen to insert) as soon as the next key
 * comes too late to continue a run, or when `tick` finds the gap passed —
 * at most `gapMs` later, too short to notice.
 *
 * Use from a keydown handler:
 * ```ts
 * const out = wedge.key(e.key, e.timeStamp);
 * if (out.hold) e.preventDefault();
 * insertIntoFocused(out.release);         // before the key's own default action
 * if (out.scan) kiosk.scan(out.scan);
 * // and after each key: setTimeout(() => insertIntoFocused(wedge.tick(now()).release), gapMs + 1)
 * ```
 */

export interface WedgeOptions {
  /** readers.md `wedgeMinChars`, default 4. */
  minChars?: number;
  /** readers.md `wedgeGapMs`, default 35. */
  gapMs?: number;
}

export interface WedgeOutput {
  /** The screen must `preventDefault()` this key: the detector holds it (or it ended a scan). */
  hold: boolean;
  /** Characters now known to be typing: insert them into the focused input, in order, before this key's own action. */
  release: string;
  /** A completed scan's payload (raw characters; the kiosk normalises it). */
  scan: string | null;
  /** A scanner burst over 4096 characters: discarded, counted as a reader error. */
  broken: boolean;
}

/** Keys that are only modifiers: they neither type nor interrupt a burst (scanners press Shift for capitals). */
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn', 'OS']);

const output = (hold: boolean, release = '', scan: string | null = null, broken = false): WedgeOutput => ({ hold, release, scan, broken });

export class WedgeDetector {
  readonly minChars: number;
  readonly gapMs: number;
  private run: string[] = [];
  private overflow = false;
  private last = 0;

  constructor(options: WedgeOptions = {}) {
    this.minChars = options.minChars ?? 4;
    this.gapMs = options.gapMs ?? 35;
  }

  /** Characters currently held back. */
  get held(): string {
    return this.run.join('');
  }

  /** When `tick` should next be called (ms, same clock as the key times), or null. */
  deadline(): number | null {
    return this.run.length > 0 || this.overflow ? this.last + this.gapMs + 1 : null;
  }

  /**
   * A key went down at `t` ms. `key` is `KeyboardEvent.key`: one character,
   * `Enter`, `Tab`, a modifier name, or another named key.
   */
  key(key: string, t: number): WedgeOutput {
    if (MODIFIER_KEYS.has(key)) return output(false);
    const late = t - this.last > this.gapMs;
    if (key === 'Enter' || key === 'Tab') {
      if (!late && this.overflow) {
        this.clear();
        return output(true, '', null, true);
      }
      if (!late && this.run.length >= this.minChars) {
        const scan = this.run.join('');
        this.clear();
        return output(true, '', scan);
      }
      return output(false, this.releaseAll());
    }
    if ([...key].length !== 1) return output(false, this.releaseAll());
    const release = late ? this.releaseAll() : '';
    if (this.run.length >= MAX_PAYLOAD_CHARS) this.overflow = true;
    else this.run.push(key);
    this.last = t;
    return output(true, release);
  }

  /** Time passed with no key: release a run that can no longer become a scan. */
  tick(t: number): WedgeOutput {
    return t - this.last > this.gapMs && (this.run.length > 0 || this.overflow) ? output(false, this.releaseAll()) : output(false);
  }

  private releaseAll(): string {
    // An over-long fast burst without its terminator was a scanner gone wrong,
    // not typing: drop it rather than flood an input with 4096 characters.
    const s = this.overflow ? '' : this.run.join('');
    this.clear();
    return s;
  }

  private clear(): void {
    this.run = [];
    this.overflow = false;
  }
}
