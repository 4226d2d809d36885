/**
 * Performance marks for "Enter to verdict painted" (issue 5, done-when):
 * a mark when a wedge scan's Enter is pressed, a measure at the first
 * animation frame after that scan's verdict has rendered. The e2e run reads
 * the measures with performance.getEntriesByName(LATENCY_MEASURE).
 */

export const ENTER_MARK = 'kiosk:wedge-enter';
export const LATENCY_MEASURE = 'kiosk:enter-to-verdict';

let pending = false;

/**
 * On the Enter keydown that completed a wedge scan; `at` is the event's
 * timeStamp, so the time the key waited for the page is counted too.
 */
export function markWedgeEnter(at: number): void {
  performance.clearMarks(ENTER_MARK);
  performance.mark(ENTER_MARK, { startTime: at });
  pending = true;
}

/**
 * After a verdict has been committed to the DOM: measure once that frame
 * is painted. requestAnimationFrame runs just before the frame's paint; a
 * message posted from it is handled just after, which is the moment the
 * verdict is on screen.
 */
export function measureVerdictPainted(): void {
  if (!pending) return;
  pending = false;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => performance.measure(LATENCY_MEASURE, ENTER_MARK);
    channel.port2.postMessage(null);
  });
}
