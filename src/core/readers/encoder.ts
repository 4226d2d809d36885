import { charToStroke, USAGE_ENTER, USAGE_TAB } from './keymap';
import type { Layout, Terminator } from './profile';

/**
 * The other direction: the boot keyboard reports a scanner would send to
 * type some text. Used by the simulated demo reader (so demo scans take the
 * same path as a real device) and by tests and benchmarks.
 */

export interface EncodeOptions {
  layout: Layout;
  terminator: Terminator;
  /** Prefix each report with this report-ID byte. */
  reportId?: number;
  /** Milliseconds between reports (press, release, press, …). */
  stepMs?: number;
  /** Time of the first report. */
  t0?: number;
}

export interface EncodedReport {
  t: number;
  report: Uint8Array;
}

/** Thrown for a character the layout cannot type. */
export class UnencodableError extends Error {}

/** Press-and-release reports for `text`, then the terminator key. */
export function encodeText(text: string, options: EncodeOptions): EncodedReport[] {
  const step = options.stepMs ?? 1;
  let t = options.t0 ?? 0;
  const out: EncodedReport[] = [];
  const report = (modifiers: number, usage: number) => {
    const body = [modifiers, 0, usage, 0, 0, 0, 0, 0];
    out.push({ t, report: Uint8Array.from(options.reportId === undefined ? body : [options.reportId, ...body]) });
    t += step;
  };
  const strokes = [...text].map((ch) => {
    const s = charToStroke(options.layout, ch);
    if (s === null) throw new UnencodableError(`cannot type ${JSON.stringify(ch)} on a ${options.layout} layout`);
    return s;
  });
  if (options.terminator !== 'none') strokes.push({ usage: options.terminator === 'enter' ? USAGE_ENTER : USAGE_TAB, shift: false });
  for (const s of strokes) {
    report(s.shift ? 0x02 : 0, s.usage);
    report(0, 0);
  }
  return out;
}
