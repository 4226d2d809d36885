/**
 * Performance marks for "Enter to verdict painted" (issue 5, done-when):
 * a mark when a wedge scan's Enter is pressed, a measure at the first
 * animation frame after that scan's verdict has rendered. The e2e run reads
 * the measures with performance.getEntriesByName(LATENCY_MEASURE).
 */

export const ENTER_MARK = 'kiosk:wedge-enter';
export const LATENCY_MEASURE = 'kiosk:enter-to-verdict';

let pending = false;

/** On the Enter keydown that completed a wedge scan. */
export function markWedgeEnter(): void {
  performance.clearMarks(ENTER_MARK);
  performance.mark(ENTER_MARK);
  pending = true;
}

/** After a verdict has been committed to the DOM: measure at the next frame. */
export function measureVerdictPainted(): void {
  if (!pending) return;
  pending = false;
  requestAnimationFrame(() => {
    performance.measure(LATENCY_MEASURE, ENTER_MARK);
  });
}
