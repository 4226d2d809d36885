import { WedgeDetector } from '../../../src/renderer/scan/wedge-detector';

/** Feed keys at given times; collect what is scanned and what is typed. */
function run(keys: [key: string, at: number][], idleAt?: number) {
  const d = new WedgeDetector();
  const scans: string[] = [];
  let typed = '';
  const consumed: boolean[] = [];
  for (const [key, at] of keys) {
    const r = d.key(key, at);
    typed += r.typed;
    consumed.push(r.consume);
    if (r.scan !== undefined) scans.push(r.scan);
  }
  if (idleAt !== undefined) typed += d.idle(idleAt);
  return { scans, typed, consumed };
}

const burst = (s: string, start = 0, gap = 8) => [...s].map((c, i) => [c, start + i * gap] as [string, number]);

test('a fast run of 4+ characters ended by Enter is a scan, and none of it is typed', () => {
  const keys = burst('RXL0012345');
  const r = run([...keys, ['Enter', keys.at(-1)![1] + 8]]);
  expect(r.scans).toEqual(['RXL0012345']);
  expect(r.typed).toBe('');
  expect(r.consumed.every(Boolean)).toBe(true);
});

test('Tab ends a scan too', () => {
  expect(run([...burst('ABCD'), ['Tab', 30]]).scans).toEqual(['ABCD']);
});

test('gaps of exactly 35 ms still count; 36 ms splits the run', () => {
  expect(run([...burst('ABCD', 0, 35), ['Enter', 140]]).scans).toEqual(['ABCD']);
  const slow = run([...burst('ABCD', 0, 36), ['Enter', 144]]);
  expect(slow.scans).toEqual([]);
});

test('slow typing is delivered as typing and Enter passes through to submit the box', () => {
  const r = run([...burst('1234', 0, 200), ['Enter', 900]]);
  expect(r.scans).toEqual([]);
  expect(r.typed).toBe('1234');
  expect(r.consumed.at(-1)).toBe(false);
});

test('three fast characters and Enter are typing, not a scan (minimum 4)', () => {
  const r = run([...burst('ABC'), ['Enter', 24]]);
  expect(r.scans).toEqual([]);
  expect(r.typed).toBe('ABC');
});

test('held characters are released by the idle timer once the gap has passed, not before', () => {
  const d = new WedgeDetector();
  d.key('7', 0);
  expect(d.idle(30)).toBe('');
  expect(d.idle(36)).toBe('7');
  expect(d.pending).toBe('');
});

test('a scan right after slow typing: the typed part is typed, the burst is the scan', () => {
  const r = run([['x', 0], ...burst('RXL0012345', 500), ['Enter', 580]]);
  expect(r.typed).toBe('x');
  expect(r.scans).toEqual(['RXL0012345']);
});

test('a leading space is never held (it presses buttons), but a space inside a burst is part of the scan', () => {
  const d = new WedgeDetector();
  expect(d.key(' ', 0)).toEqual({ typed: '', consume: false });
  const r = run([...burst('04 A2 3B 9C'), ['Enter', 90]]);
  expect(r.scans).toEqual(['04 A2 3B 9C']);
});

test('other keys release what is held as typing', () => {
  const d = new WedgeDetector();
  d.key('a', 0);
  d.key('b', 5);
  expect(d.other()).toEqual({ typed: 'ab', consume: false });
});
