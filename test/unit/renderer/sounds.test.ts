import { OUTCOMES } from '../../../src/core/codes';
import { PATTERNS, playOutcome } from '../../../src/renderer/sounds';

test('each outcome has its own tone pattern', () => {
  const shapes = OUTCOMES.map((o) => JSON.stringify(PATTERNS[o]));
  expect(new Set(shapes).size).toBe(OUTCOMES.length);
  for (const o of OUTCOMES) expect(PATTERNS[o].length).toBeGreaterThan(0);
});

test('with no audio at all (no AudioContext), playing is a quiet no-op', () => {
  expect(typeof (globalThis as { AudioContext?: unknown }).AudioContext).toBe('undefined');
  expect(() => playOutcome('cleared')).not.toThrow();
});
