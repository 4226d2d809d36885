/**
 * Noticing the wall clock jump backwards while the app runs (operations.md
 * "The clock"): between two looks, the wall clock should advance as much
 * as the monotonic clock does; when it advanced less by more than the
 * tolerance, it was set back. Each jump is reported once.
 */

export interface ClockJump {
  /** How far back, ms. */
  backMs: number;
  /** The wall clock before and after, RFC 3339. */
  from: string;
  to: string;
}

/** Slack for timer jitter and NTP slewing: only a step back of more than this is a jump. */
export const CLOCK_JUMP_TOLERANCE_MS = 2_000;

export class ClockWatch {
  private lastWall: number;
  private lastMono: number;

  constructor(
    private readonly wall: () => number,
    private readonly monotonic: () => number,
    private readonly toleranceMs = CLOCK_JUMP_TOLERANCE_MS,
  ) {
    this.lastWall = wall();
    this.lastMono = monotonic();
  }

  /** Look now: the jump since the last look, or null. */
  check(): ClockJump | null {
    const wall = this.wall();
    const mono = this.monotonic();
    const expected = this.lastWall + (mono - this.lastMono);
    const behind = expected - wall;
    this.lastWall = wall;
    this.lastMono = mono;
    if (behind <= this.toleranceMs) return null;
    return { backMs: behind, from: new Date(expected).toISOString(), to: new Date(wall).toISOString() };
  }
}
