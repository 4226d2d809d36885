import type { Outcome } from '../core/codes';

/**
 * A short, distinct tone pattern per outcome, made with WebAudio (no sound
 * files to ship). Optional: off unless the machine config turns sounds on.
 * Rising for cleared, a double mid tone for refer, falling and longer for
 * not cleared, a single low tone for unknown — distinguishable without
 * looking, but never the only signal.
 */
export const PATTERNS: Record<Outcome, [freq: number, ms: number][]> = {
  cleared: [
    [660, 110],
    [880, 160],
  ],
  refer: [
    [520, 140],
    [0, 60],
    [520, 140],
  ],
  'not-cleared': [
    [440, 180],
    [294, 180],
    [220, 320],
  ],
  unknown: [[392, 220]],
};

let ctx: AudioContext | null = null;

/** Play the outcome's tone; silently does nothing where audio is unavailable. */
export function playOutcome(outcome: Outcome): void {
  try {
    ctx ??= new AudioContext();
    let t = ctx.currentTime + 0.01;
    for (const [freq, ms] of PATTERNS[outcome]) {
      const dur = ms / 1000;
      if (freq > 0) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = freq;
        // A quick fade in and out: no clicks.
        gain.gain.setValueAtTime(0, t);
        gain.gain.linearRampToValueAtTime(0.25, t + 0.01);
        gain.gain.linearRampToValueAtTime(0, t + dur);
        osc.connect(gain).connect(ctx.destination);
        osc.start(t);
        osc.stop(t + dur + 0.02);
      }
      t += dur;
    }
  } catch {
    // No audio device: the screen still shows everything.
  }
}
