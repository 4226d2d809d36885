import type { Layout } from './profile';

/**
 * HID keyboard usages (Keyboard/Keypad page 0x07) to characters, for the two
 * layouts readers.md defines. Only the rows where `us` and `uk` differ are
 * spelled out twice; everything else is shared.
 */

/** Enter, keypad Enter and Tab: never characters, possibly terminators. */
export const USAGE_ENTER = 0x28;
export const USAGE_KEYPAD_ENTER = 0x58;
export const USAGE_TAB = 0x2b;
export const USAGE_ERROR_ROLLOVER = 0x01;

type Pair = readonly [plain: string, shifted: string];

function shared(): Map<number, Pair> {
  const m = new Map<number, Pair>();
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(0x61 + i);
    m.set(0x04 + i, [c, c.toUpperCase()]);
  }
  m.set(0x2c, [' ', ' ']);
  m.set(0x2d, ['-', '_']);
  m.set(0x2e, ['=', '+']);
  m.set(0x2f, ['[', '{']);
  m.set(0x30, [']', '}']);
  m.set(0x33, [';', ':']);
  m.set(0x36, [',', '<']);
  m.set(0x37, ['.', '>']);
  m.set(0x38, ['/', '?']);
  m.set(0x64, ['\\', '|']);
  // Keypad, as with NumLock on: shift does not change these.
  const keypad = ['/', '*', '-', '+', null, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '.'];
  keypad.forEach((c, i) => {
    if (c !== null) m.set(0x54 + i, [c, c]);
  });
  return m;
}

function build(layout: Layout): Map<number, Pair> {
  const m = shared();
  const digitsShifted = layout === 'us' ? '!@#$%^&*()' : '!"£$%^&*()';
  for (let i = 0; i < 10; i++) m.set(0x1e + i, [String((i + 1) % 10), digitsShifted[i]!]);
  if (layout === 'us') {
    m.set(0x31, ['\\', '|']);
    m.set(0x32, ['\\', '|']);
    m.set(0x34, ["'", '"']);
    m.set(0x35, ['`', '~']);
  } else {
    m.set(0x31, ['#', '~']);
    m.set(0x32, ['#', '~']);
    m.set(0x34, ["'", '@']);
    m.set(0x35, ['`', '¬']);
  }
  return m;
}

const TABLES: Record<Layout, Map<number, Pair>> = { us: build('us'), uk: build('uk') };

/** The character a usage gives in `layout`, or null when it has none. */
export function usageToChar(layout: Layout, usage: number, shift: boolean): string | null {
  const pair = TABLES[layout].get(usage);
  return pair ? pair[shift ? 1 : 0] : null;
}

export interface KeyStroke {
  usage: number;
  shift: boolean;
}

const REVERSE: Record<Layout, Map<string, KeyStroke>> = { us: new Map(), uk: new Map() };
for (const layout of ['us', 'uk'] as const) {
  // Prefer the main block over the keypad and 0x31 over 0x32, as a scanner would.
  const entries = [...TABLES[layout].entries()].sort((a, b) => (a[0] >= 0x54) === (b[0] >= 0x54) ? a[0] - b[0] : a[0] >= 0x54 ? 1 : -1);
  for (const [usage, [plain, shifted]] of entries) {
    if (!REVERSE[layout].has(plain)) REVERSE[layout].set(plain, { usage, shift: false });
    if (!REVERSE[layout].has(shifted)) REVERSE[layout].set(shifted, { usage, shift: true });
  }
}

/** How to type `ch` on `layout` (for the simulated reader and tests), or null. */
export function charToStroke(layout: Layout, ch: string): KeyStroke | null {
  return REVERSE[layout].get(ch) ?? null;
}
