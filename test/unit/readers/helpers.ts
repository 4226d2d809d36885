import { parseProfile, type Profile, type ProfileInput } from '../../../src/core/readers/profile';

/** A boot keyboard report: modifiers then up to six usages. */
export function kb(modifiers: number, ...usages: number[]): Uint8Array {
  const r = new Uint8Array(8);
  r[0] = modifiers;
  usages.slice(0, 6).forEach((u, i) => (r[2 + i] = u));
  return r;
}

export const UP = kb(0);
export const SHIFT = 0x02;
export const ENTER = 0x28;
export const KP_ENTER = 0x58;
export const TAB = 0x2b;

export function profile(p: Partial<ProfileInput> & { kind?: string } = {}): Profile {
  return parseProfile({ kind: 'keyboard', ...p });
}

/** Feed [report, t] pairs; return every event including end(). */
export function run(decoder: { feed(r: Uint8Array, t: number): unknown[]; end(): unknown[] }, reports: [Uint8Array, number][], end = true) {
  const out: unknown[] = [];
  for (const [r, t] of reports) out.push(...decoder.feed(r, t));
  if (end) out.push(...decoder.end());
  return out;
}

/** Press and release each usage, 2 ms apart, starting at t0. */
export function taps(usages: (number | [number, number])[], t0 = 0): [Uint8Array, number][] {
  const out: [Uint8Array, number][] = [];
  let t = t0;
  for (const u of usages) {
    const [mod, usage] = Array.isArray(u) ? u : [0, u];
    out.push([kb(mod, usage), t], [UP, t + 1]);
    t += 2;
  }
  return out;
}
