import { createDecoder } from '../../../src/core/readers/decoder';
import { parseProfile } from '../../../src/core/readers/profile';
import { WedgeDetector } from '../../../src/core/readers/wedge';

/** A 64-byte "aim" layout report (Honeywell / Access-IS): id 2, length, AIM id, data, continuation bit in byte 63. */
function aimReport(data: string, aim = ']A0', more = false): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 2;
  r[1] = data.length;
  for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i);
  for (let i = 0; i < data.length; i++) r[5 + i] = data.charCodeAt(i);
  r[63] = more ? 1 : 0;
  return r;
}

/** A Newland-layout report: id 2, length, data from byte 2, symbology byte 62, continuation 63. */
function newlandReport(data: string, sym: number, more = false): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 2;
  r[1] = data.length;
  for (let i = 0; i < data.length; i++) r[2 + i] = data.charCodeAt(i);
  r[62] = sym;
  r[63] = more ? 1 : 0;
  return r;
}

describe('HID POS barcode-scanner reports', () => {
  it('decodes one aim-layout report with its AIM symbology id', () => {
    const d = createDecoder(parseProfile({ kind: 'pos' }));
    expect(d.feed(aimReport('RXL0012345', ']C0'), 7)).toEqual([{ type: 'scan', t: 7, payload: 'RXL0012345', kind: 'badge', symbology: ']C0' }]);
  });

  it('joins a long barcode split over reports by the continuation bit, timed at the last report', () => {
    const d = createDecoder(parseProfile({ kind: 'pos' }));
    const token = `${'a'.repeat(40)}.${'b'.repeat(60)}.${'c'.repeat(30)}`;
    const parts = [token.slice(0, 56), token.slice(56, 112), token.slice(112)];
    expect(d.feed(aimReport(parts[0]!, ']Q1', true), 0)).toEqual([]);
    expect(d.feed(aimReport(parts[1]!, ']Q1', true), 3)).toEqual([]);
    expect(d.feed(aimReport(parts[2]!, ']Q1'), 6)).toEqual([{ type: 'scan', t: 6, payload: token, kind: 'token', symbology: ']Q1' }]);
  });

  it('breaks a multi-report scan whose last part never comes', () => {
    const d = createDecoder(parseProfile({ kind: 'pos', timeoutMs: 200 }));
    d.feed(aimReport('half', ']A0', true), 10);
    expect(d.flush(210)).toEqual([]);
    expect(d.flush(211)).toEqual([{ type: 'broken', t: 210, reason: 'TRUNCATED' }]);
    d.feed(aimReport('half', ']A0', true), 300);
    expect(d.end()).toEqual([{ type: 'broken', t: 500, reason: 'TRUNCATED' }]);
  });

  it('decodes the newland preset with its one-byte symbology code', () => {
    const d = createDecoder(parseProfile({ kind: 'pos', preset: 'newland' }));
    expect(d.feed(newlandReport('RXL77', 0x73), 1)).toEqual([{ type: 'scan', t: 1, payload: 'RXL77', kind: 'badge', symbology: 's' }]);
  });

  it('lets a profile override offsets: no report ID, no continuation', () => {
    const d = createDecoder(parseProfile({ kind: 'pos', reportId: null, lengthOffset: 0, dataOffset: 1, symbologyOffset: null, continuationOffset: null }));
    expect(d.feed(Uint8Array.from([4, 0x41, 0x42, 0x43, 0x44, 0, 0]), 1)).toEqual([{ type: 'scan', t: 1, payload: 'ABCD', kind: 'badge' }]);
  });

  it('ignores reports with another report ID or too short to hold data', () => {
    const d = createDecoder(parseProfile({ kind: 'pos' }));
    const other = aimReport('nope');
    other[0] = 4;
    expect(d.feed(other, 1)).toEqual([]);
    expect(d.feed(Uint8Array.from([2, 3]), 2)).toEqual([]);
    expect(d.stats.ignoredReports).toBe(2);
  });

  it('discards a barcode over 4096 bytes as broken', () => {
    const d = createDecoder(parseProfile({ kind: 'pos' }));
    const events = [];
    for (let i = 0; i < 74; i++) events.push(...d.feed(aimReport('z'.repeat(56), ']A0', i < 73), i));
    expect(events).toEqual([{ type: 'broken', t: 73, reason: 'TOO_LONG' }]);
  });

  it('de-duplicates repeats within repeatMs as keyboard readers do', () => {
    const d = createDecoder(parseProfile({ kind: 'pos', repeatMs: 1000 }));
    const got = [aimReport('AAAA'), aimReport('AAAA'), aimReport('BBBB'), aimReport('AAAA')].flatMap((r, i) => d.feed(r, i * 100));
    expect(got.map((e) => (e.type === 'scan' ? e.payload : e.type))).toEqual(['AAAA', 'BBBB', 'AAAA']);
  });
});

describe('keyboard-wedge detector (readers.md "Keyboard wedge timing")', () => {
  const type = (w: WedgeDetector, keys: string[], t0: number, gap: number) => keys.map((k, i) => w.key(k, t0 + i * gap));

  it('turns a fast burst ended by Enter into a scan and holds every key of it', () => {
    const w = new WedgeDetector();
    const out = type(w, [...'RXL0012345', 'Enter'], 1000, 10);
    expect(out.every((o) => o.hold && o.release === '')).toBe(true);
    expect(out.at(-1)!.scan).toBe('RXL0012345');
    expect(w.held).toBe('');
  });

  it('ends a burst with Tab too, and ignores modifier keys inside it', () => {
    const w = new WedgeDetector();
    const out = [w.key('Shift', 0), w.key('A', 5), w.key('b', 10), w.key('Shift', 12), w.key('C', 15), w.key('d', 20), w.key('Tab', 25)];
    expect(out[0]).toEqual({ hold: false, release: '', scan: null, broken: false });
    expect(out.at(-1)!.scan).toBe('AbCd');
  });

  it('a gap of exactly wedgeGapMs still continues the run; one more ms breaks it', () => {
    const w = new WedgeDetector({ gapMs: 35 });
    expect(type(w, ['a', 'b', 'c', 'd', 'Enter'], 0, 35).at(-1)!.scan).toBe('abcd');
    const out = type(w, ['a', 'b', 'c', 'd', 'Enter'], 1000, 36);
    expect(out.map((o) => o.release).join('')).toBe('abcd');
    expect(out.at(-1)).toEqual({ hold: false, release: 'd', scan: null, broken: false });
  });

  it('slow typing goes to the focused input: each key is released when the next comes late', () => {
    const w = new WedgeDetector();
    const out = type(w, ['1', '2', '3'], 0, 200);
    expect(out.map((o) => o.release)).toEqual(['', '1', '2']);
    expect(w.tick(235)).toMatchObject({ release: '' });
    expect(w.tick(600)).toMatchObject({ release: '3' });
  });

  it('three fast characters and Enter are not a scan (fewer than wedgeMinChars): released, Enter passes', () => {
    const w = new WedgeDetector();
    const out = type(w, ['a', 'b', 'c', 'Enter'], 0, 5);
    expect(out.at(-1)).toEqual({ hold: false, release: 'abc', scan: null, broken: false });
  });

  it('a fast burst without Enter is released after the gap: never lost, never a scan', () => {
    const w = new WedgeDetector();
    type(w, [...'abcdef'], 0, 5);
    expect(w.deadline()).toBe(61);
    expect(w.tick(61)).toMatchObject({ release: 'abcdef', scan: null });
  });

  it('other named keys release what is held and pass through', () => {
    const w = new WedgeDetector();
    w.key('a', 0);
    expect(w.key('Backspace', 5)).toEqual({ hold: false, release: 'a', scan: null, broken: false });
  });

  it('a person typing then a scanner burst: the typed character goes to the input, the scan does not', () => {
    const w = new WedgeDetector();
    const typed = w.key('x', 0);
    const burst = type(w, [...'RXL1', 'Enter'], 500, 8);
    expect(typed.release + burst.map((o) => o.release).join('')).toBe('x');
    expect(burst.at(-1)!.scan).toBe('RXL1');
  });

  it('a burst over 4096 characters is broken, not a scan and not typing', () => {
    const w = new WedgeDetector();
    let last;
    for (let i = 0; i < 4100; i++) last = w.key('z', i);
    expect(last!.release).toBe('');
    expect(w.key('Enter', 4100)).toEqual({ hold: true, release: '', scan: null, broken: true });
  });
});
