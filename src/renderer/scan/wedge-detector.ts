/**
 * Telling a keyboard-wedge scanner from a person (readers.md, "Keyboard
 * wedge timing"): a run of at least `minChars` characters, each within
 * `gapMs` of the one before, ended by Enter or Tab, is a scan. Anything
 * slower is a person typing.
 *
 * Characters are held back (not delivered to the focused input) until the
 * detector knows which they are: a scan's characters never reach an input;
 * a person's reach it at most `gapMs` late. Pure and clock-free: the caller
 * gives each key's time and calls {@link WedgeDetector.idle} from a timer.
 */

export interface WedgeOptions {
  /** Default 4 (readers.md `wedgeMinChars`). */
  minChars?: number;
  /** Default 35 (readers.md `wedgeGapMs`). */
  gapMs?: number;
}

/** What to do with one keydown. */
export interface WedgeDecision {
  /** Characters that turned out to be typing: deliver them to the focused input, before this key. */
  typed: string;
  /** Stop this key's default action (it is held back, or it ended a scan). */
  consume: boolean;
  /** A completed scan's payload (without its Enter/Tab). */
  scan?: string;
}

export class WedgeDetector {
  readonly minChars: number;
  readonly gapMs: number;
  private buffer = '';
  private last = -Infinity;

  constructor(options: WedgeOptions = {}) {
    this.minChars = options.minChars ?? 4;
    this.gapMs = options.gapMs ?? 35;
  }

  /** Characters currently held back. */
  get pending(): string {
    return this.buffer;
  }

  /**
   * One keydown: `key` as KeyboardEvent.key, `time` in ms (event.timeStamp).
   * Keys with Ctrl/Alt/Meta, and non-character keys other than Enter/Tab,
   * should be passed to {@link other} instead.
   */
  key(key: string, time: number): WedgeDecision {
    const gapOk = time - this.last <= this.gapMs;
    if (key === 'Enter' || key === 'Tab') {
      const held = this.buffer;
      this.buffer = '';
      this.last = -Infinity;
      if (gapOk && held.length >= this.minChars) return { typed: '', consume: true, scan: held };
      return { typed: held, consume: false };
    }
    if ([...key].length !== 1) return this.other();
    let typed = '';
    if (this.buffer !== '' && !gapOk) {
      // The held run ended too slowly to be a scanner: it was a person.
      typed = this.buffer;
      this.buffer = '';
    }
    // A space can start no scan (payloads are trimmed), and holding it would
    // stop Space pressing a focused button: let it through.
    if (this.buffer === '' && key === ' ') {
      this.last = -Infinity;
      return { typed, consume: false };
    }
    this.buffer += key;
    this.last = time;
    return { typed, consume: true };
  }

  /** Any other key (arrows, Escape, shortcuts): whatever is held was typing. */
  other(): WedgeDecision {
    const typed = this.buffer;
    this.buffer = '';
    this.last = -Infinity;
    return { typed, consume: false };
  }

  /** Called from a timer: once `gapMs` has passed since the last key, what is held was typing. */
  idle(time: number): string {
    if (this.buffer === '' || time - this.last <= this.gapMs) return '';
    const typed = this.buffer;
    this.buffer = '';
    this.last = -Infinity;
    return typed;
  }
}
