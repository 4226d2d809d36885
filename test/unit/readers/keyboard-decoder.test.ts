import { createDecoder, decodeAll } from '../../../src/core/readers/decoder';
import { encodeText } from '../../../src/core/readers/encoder';
import { ENTER, KP_ENTER, SHIFT, TAB, UP, kb, profile, run, taps } from './helpers';

const A = 0x04;
const B = 0x05;
const ONE = 0x1e;

const scans = (events: unknown[]) => (events as { type: string; payload?: string }[]).filter((e) => e.type === 'scan').map((e) => e.payload);

describe('boot keyboard reports → scans (readers.md)', () => {
  it('decodes presses to characters and ends on Enter, at the Enter report time', () => {
    const d = createDecoder(profile());
    const events = run(d, [...taps([[SHIFT, 0x15], [SHIFT, 0x1b], [SHIFT, 0x0f], 0x27, 0x27, ONE, 0x1f], 0), [kb(0, ENTER), 40], [UP, 41]]);
    expect(events).toEqual([{ type: 'scan', t: 40, payload: 'RXL0012', kind: 'badge' }]);
  });

  it('reads reports with a leading report-ID byte when the profile says so', () => {
    const d = createDecoder(profile({ reportId: true }));
    const withId = (r: Uint8Array) => Uint8Array.from([1, ...r]);
    const events = run(d, [...taps([A, B, A, B]).map(([r, t]) => [withId(r), t] as [Uint8Array, number]), [withId(kb(0, ENTER)), 20]]);
    expect(scans(events)).toEqual(['abab']);
  });

  it('counts a key held across reports as one press, and a repeat only after a release', () => {
    const d = createDecoder(profile());
    const events = run(d, [
      [kb(0, A), 0],
      [kb(0, A), 1],
      [kb(0, A, B), 2], // A still held, B new
      [kb(0, B), 3],
      [UP, 4],
      [kb(0, B), 5], // B again after a release: a second press
      [UP, 6],
      [kb(0, A), 7],
      [UP, 8],
      [kb(0, ENTER), 9],
    ]);
    expect(scans(events)).toEqual(['abba']);
  });

  it('ignores ErrorRollOver reports without disturbing the held keys', () => {
    const d = createDecoder(profile());
    const events = run(d, [
      [kb(0, A), 0],
      [kb(0, 1, 1, 1, 1, 1, 1), 1],
      [kb(0, A), 2], // still the same press
      [UP, 3],
      [kb(0, ENTER), 4],
    ]);
    expect(scans(events)).toEqual(['a']);
  });

  it.each([
    ['LCtrl', 0x01],
    ['LAlt', 0x04],
    ['LGUI', 0x08],
    ['RCtrl', 0x10],
    ['AltGr', 0x40],
    ['RGUI', 0x80],
  ])('ignores a press while %s is held', (_name, mod) => {
    const d = createDecoder(profile());
    expect(scans(run(d, [...taps([A, [mod, B], [mod | SHIFT, B], A]), [kb(0, ENTER), 20]]))).toEqual(['aa']);
  });

  it('gives keypad keys their characters and ignores unmapped usages', () => {
    const d = createDecoder(profile());
    const keypad = [0x54, 0x55, 0x56, 0x57, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63];
    expect(scans(run(d, [...taps([...keypad, 0x3a /* F1 */, 0xe5]), [kb(0, KP_ENTER), 99]]))).toEqual(['/*-+1234567890.']);
  });

  it('ends a scan on keypad Enter as on Enter', () => {
    expect(scans(run(createDecoder(profile()), [...taps([A, B, A, B]), [kb(0, KP_ENTER), 20]]))).toEqual(['abab']);
  });

  it('with terminator tab, ends on Tab and ignores Enter', () => {
    const d = createDecoder(profile({ terminator: 'tab' }));
    expect(scans(run(d, [...taps([A, ENTER, B, KP_ENTER, A]), [kb(0, TAB), 20]]))).toEqual(['aba']);
  });

  it('with terminator enter, ignores Tab inside a scan', () => {
    expect(scans(run(createDecoder(profile()), [...taps([A, TAB, B]), [kb(0, ENTER), 20]]))).toEqual(['ab']);
  });

  it('with terminator none, ends a scan after more than gapMs without a press, timed at the last key', () => {
    const d = createDecoder(profile({ terminator: 'none', gapMs: 60 }));
    const first = run(d, [...taps([A, B, ENTER], 0)], false); // keys at 0, 2, 4 (Enter ignored)
    expect(first).toEqual([]);
    expect(d.flush(64)).toEqual([]); // exactly gapMs after the last press: not yet
    expect(d.flush(65)).toEqual([{ type: 'scan', t: 4, payload: 'ab', kind: 'badge' }]);
  });

  it('with terminator none, a new press after the gap starts a new scan; end() closes the last', () => {
    const d = createDecoder(profile({ terminator: 'none', repeatMs: 0 }));
    const events = run(d, [...taps([A, B, A, B], 0), ...taps([B, A, B, A], 200)]);
    expect(events).toEqual([
      { type: 'scan', t: 6, payload: 'abab', kind: 'badge' },
      { type: 'scan', t: 206, payload: 'baba', kind: 'badge' },
    ]);
  });

  it('discards a scan with no terminator after timeoutMs as a broken scan, and counts it', () => {
    const d = createDecoder(profile({ timeoutMs: 500 }));
    run(d, taps([A, B, A]), false); // last press at 4
    expect(d.deadline()).toBe(504);
    expect(d.flush(504)).toEqual([]);
    expect(d.flush(505)).toEqual([{ type: 'broken', t: 504, reason: 'TIMEOUT' }]);
    expect(d.stats.broken).toBe(1);
    // The characters are gone: the next scan starts clean.
    expect(scans(run(d, [...taps([B, B], 1000), [kb(0, ENTER), 1010]]))).toEqual(['bb']);
  });

  it('a broken partial scan at the end of a capture is reported by end()', () => {
    expect(run(createDecoder(profile()), taps([A, B]))).toEqual([{ type: 'broken', t: 502, reason: 'TIMEOUT' }]);
  });

  it('a late report first breaks the stale scan, then decodes its own press', () => {
    const d = createDecoder(profile());
    const events = run(d, [...taps([A, B]), ...taps([B, B, B, B], 2000), [kb(0, ENTER), 2010]]);
    expect(events).toEqual([
      { type: 'broken', t: 502, reason: 'TIMEOUT' },
      { type: 'scan', t: 2010, payload: 'bbbb', kind: 'badge' },
    ]);
  });

  it('accepts exactly 4096 characters and discards 4097 as a broken scan', () => {
    const ok = encodeText('x'.repeat(4096), { layout: 'us', terminator: 'enter' });
    const long = encodeText('x'.repeat(4097), { layout: 'us', terminator: 'enter' });
    const p = profile();
    expect(scans(decodeAll(p, ok))).toEqual(['x'.repeat(4096)]);
    expect(decodeAll(p, long)).toEqual([{ type: 'broken', t: long[long.length - 2]!.t, reason: 'TOO_LONG' }]);
  });

  it('discards an over-long scan with terminator none too', () => {
    const long = encodeText('y'.repeat(5000), { layout: 'us', terminator: 'none' });
    expect(decodeAll(profile({ terminator: 'none' }), long)).toMatchObject([{ type: 'broken', reason: 'TOO_LONG' }]);
  });

  it('normalises the payload (scan.md step 1) and classifies it', () => {
    const p = profile();
    const token = 'eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2ln';
    expect(decodeAll(p, encodeText(`  ${token} `, { layout: 'us', terminator: 'enter' }))).toMatchObject([{ payload: token, kind: 'token' }]);
    expect(decodeAll(p, encodeText('04a23b9c', { layout: 'us', terminator: 'enter' }))).toMatchObject([{ payload: '04a23b9c', kind: 'nfc' }]);
    // A lone Enter reads nothing and reports nothing.
    expect(decodeAll(p, encodeText('', { layout: 'us', terminator: 'enter' }))).toEqual([]);
  });
});

describe('repeatMs de-duplication', () => {
  const at = (text: string, t0: number) => encodeText(text, { layout: 'us', terminator: 'enter', t0 });

  it('suppresses the same payload within repeatMs of the previous arrival', () => {
    const d = decodeAll(profile({ repeatMs: 2000 }), [...at('abcd', 0), ...at('abcd', 1000), ...at('abcd', 2100)]);
    // 2nd arrives 1000 after the 1st (suppressed); 3rd 1100 after the 2nd — still
    // within repeatMs of the previous arrival, although 2100 after the last emitted.
    expect(d.map((e) => e.t)).toEqual([8]); // the Enter press of the first
  });

  it('lets the same payload through once repeatMs has passed since the previous arrival', () => {
    const d = decodeAll(profile({ repeatMs: 2000 }), [...at('abcd', 0), ...at('abcd', 3000)]);
    expect(scans(d)).toEqual(['abcd', 'abcd']);
  });

  it('A, B, A gives three scans', () => {
    const d = decodeAll(profile({ repeatMs: 2000 }), [...at('aaaa', 0), ...at('bbbb', 100), ...at('aaaa', 200)]);
    expect(scans(d)).toEqual(['aaaa', 'bbbb', 'aaaa']);
  });

  it('counts suppressed repeats', () => {
    const d = createDecoder(profile());
    for (const r of [...at('abcd', 0), ...at('abcd', 500)]) d.feed(r.report, r.t);
    expect(d.stats).toMatchObject({ scans: 1, suppressed: 1 });
  });
});
