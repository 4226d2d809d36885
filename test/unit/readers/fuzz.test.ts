import fc from 'fast-check';
import { createDecoder } from '../../../src/core/readers/decoder';
import { encodeText } from '../../../src/core/readers/encoder';
import type { DecoderEvent } from '../../../src/core/readers/events';
import { parseProfile, type Profile } from '../../../src/core/readers/profile';
import { WedgeDetector } from '../../../src/core/readers/wedge';

const keyboardProfile: fc.Arbitrary<Profile> = fc
  .record({
    kind: fc.constantFrom('keyboard', 'nfc'),
    layout: fc.constantFrom('us', 'uk'),
    reportId: fc.boolean(),
    terminator: fc.constantFrom('enter', 'tab', 'none'),
    timeoutMs: fc.integer({ min: 0, max: 1000 }),
    gapMs: fc.integer({ min: 0, max: 200 }),
    repeatMs: fc.integer({ min: 0, max: 3000 }),
    uidFormat: fc.constantFrom('hex', 'hex-reversed', 'decimal', 'decimal-reversed'),
  })
  .map((p) => parseProfile(p));

const posProfile: fc.Arbitrary<Profile> = fc
  .record({ preset: fc.constantFrom('aim', 'newland'), timeoutMs: fc.integer({ min: 0, max: 1000 }), continuationOffset: fc.option(fc.integer({ min: 0, max: 70 })) })
  .map((p) => parseProfile({ kind: 'pos', ...p }));

/** Reports with rising timestamps; bytes biased towards real usages so scans happen. */
const usage = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 0, 0x28, 0x2b, 0x58, 0x01, 0x04, 0x1e, 0x27, 0x2c, 0x34));
const report = fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.tuple(fc.constantFrom(0, 0, 2, 0x20, 0x01, 0x40, 0xff), fc.array(usage, { minLength: 0, maxLength: 7 })).map(([m, u]) => Uint8Array.from([m, 0, ...u])));
const stream = fc.array(fc.tuple(report, fc.integer({ min: 0, max: 700 })), { maxLength: 400 });

const TERMINATOR_USAGES: Record<string, number[]> = { enter: [0x28, 0x58], tab: [0x2b] };

/** Feed everything, checking the invariants on every call. */
function check(profile: Profile, reports: [Uint8Array, number][], flushEvery = 0) {
  const d = createDecoder(profile);
  let t = 0;
  const all: DecoderEvent[] = [];
  const noScanWithoutTerminator = (events: DecoderEvent[], r: Uint8Array | null) => {
    if (profile.kind === 'pos' || profile.terminator === 'none') return;
    for (const e of events) {
      if (e.type !== 'scan') continue;
      // A scan under enter/tab comes only from a report that pressed the terminator.
      expect(r).not.toBeNull();
      const body = profile.reportId ? r!.subarray(1) : r!;
      expect([...body.subarray(2, 8)].some((u) => TERMINATOR_USAGES[profile.terminator]!.includes(u))).toBe(true);
      expect(e.t).toBe(t);
    }
  };
  for (const [r, dt] of reports) {
    t += dt;
    if (flushEvery && dt % flushEvery === 0) {
      const f = d.flush(t);
      noScanWithoutTerminator(f, null);
      all.push(...f);
    }
    const events = d.feed(r, t);
    noScanWithoutTerminator(events, r);
    all.push(...events);
  }
  const last = d.end();
  noScanWithoutTerminator(last, null);
  all.push(...last);
  for (const e of all) {
    if (e.type === 'scan') {
      expect(e.payload.length).toBeGreaterThan(0);
      expect(e.payload.length).toBeLessThanOrEqual(4096);
      expect(e.payload).toBe(e.payload.trim());
    }
  }
  expect(d.stats.scans).toBe(all.filter((e) => e.type === 'scan').length);
  expect(d.stats.broken).toBe(all.filter((e) => e.type === 'broken').length);
  expect(d.deadline()).toBeNull();
}

describe('decoder fuzzing (fast-check)', () => {
  it('random report streams never throw, never exceed 4096, never scan without a required terminator', () => {
    fc.assert(fc.property(fc.oneof(keyboardProfile, posProfile), stream, fc.integer({ min: 0, max: 5 }), (p, s, f) => check(p, s, f)), { numRuns: 400 });
  });

  it('mutated real scans (dropped, repeated, corrupted, rolled-over reports) keep the invariants', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ABCXYZabc0123456789-./'.split('')), minLength: 0, maxLength: 60 });
    const mutation = fc.constantFrom('drop', 'dup', 'flip', 'rollover', 'ctrl', 'keep', 'keep', 'keep');
    fc.assert(
      fc.property(keyboardProfile, fc.array(text, { minLength: 1, maxLength: 6 }), fc.array(mutation, { maxLength: 400 }), fc.integer({ min: 0, max: 255 }), (p, texts, muts, noise) => {
        if (p.kind === 'pos') return;
        const base = texts.flatMap((s, i) =>
          encodeText(s, { layout: p.layout, terminator: i % 2 ? 'tab' : 'enter', ...(p.reportId ? { reportId: 1 } : {}) }).map((r, j) => [r.report, j === 0 ? 300 : 3] as [Uint8Array, number]),
        );
        const out: [Uint8Array, number][] = [];
        base.forEach(([r, dt], i) => {
          const m = muts[i % Math.max(1, muts.length)] ?? 'keep';
          if (m === 'drop') return;
          if (m === 'flip') {
            const c = r.slice();
            const at = (noise + i) % c.length;
            c[at] = c[at]! ^ noise;
            out.push([c, dt]);
            return;
          }
          if (m === 'rollover') out.push([Uint8Array.from([...(p.reportId ? [1] : []), 0, 0, 1, 1, 1, 1, 1, 1]), dt]);
          if (m === 'ctrl') {
            const c = r.slice();
            const at = p.reportId ? 1 : 0;
            c[at] = c[at]! | 0x01;
            out.push([c, dt]);
            return;
          }
          out.push([r, dt]);
          if (m === 'dup') out.push([r, 0]);
        });
        check(p, out, 3);
      }),
      { numRuns: 300 },
    );
  });

  it('unmutated scans decode to exactly their text', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'.split('')), minLength: 1, maxLength: 500 });
    fc.assert(
      fc.property(text, fc.constantFrom('us', 'uk') as fc.Arbitrary<'us' | 'uk'>, (s, layout) => {
        const d = createDecoder(parseProfile({ kind: 'keyboard', layout }));
        const events = encodeText(s, { layout, terminator: 'enter' }).flatMap((r) => d.feed(r.report, r.t));
        expect(events).toMatchObject([{ type: 'scan', payload: s }]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the 4096 bound under fuzzing', () => {
  it('a scan around the bound is emitted whole at ≤ 4096 characters, else broken as TOO_LONG', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4090, max: 4102 }), fc.constantFrom('enter', 'none') as fc.Arbitrary<'enter' | 'none'>, (n, terminator) => {
        const events = createDecoder(parseProfile({ kind: 'keyboard', terminator }));
        const out = encodeText('9'.repeat(n), { layout: 'us', terminator }).flatMap((r) => events.feed(r.report, r.t));
        out.push(...events.end());
        expect(out).toMatchObject(n <= 4096 ? [{ type: 'scan', payload: '9'.repeat(n) }] : [{ type: 'broken', reason: 'TOO_LONG' }]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('wedge detector fuzzing', () => {
  it('every typed character ends up exactly once: released to the input, or in a scan', () => {
    const key = fc.oneof(fc.constantFrom('a', 'B', '7', '-', ' ', '£'), fc.constantFrom('Enter', 'Tab', 'Shift', 'Backspace'));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 80 })), { maxLength: 300 }), (keys) => {
        const w = new WedgeDetector();
        let t = 0;
        let released = '';
        let scanned = '';
        let typed = '';
        for (const [k, dt] of keys) {
          t += dt;
          released += w.tick(t).release;
          const out = w.key(k, t);
          released += out.release;
          if (out.scan) {
            expect(out.scan.length).toBeGreaterThanOrEqual(4);
            expect(out.hold).toBe(true);
            scanned += out.scan;
          }
          if ([...k].length === 1) typed += k;
        }
        released += w.tick(t + 1000).release;
        expect(released.length + scanned.length).toBe(typed.length);
        expect(w.held).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});
