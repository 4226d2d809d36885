import { useEffect, useRef } from 'react';
import { markWedgeEnter } from '../latency';
import { WedgeDetector, type WedgeOptions } from '../../core/readers/wedge';

/**
 * Keyboard-wedge scanning anywhere on the screen: one window keydown
 * listener (capture phase, so it sees keys before any focused control)
 * runs every key through the readers' wedge detector (src/core/readers,
 * readers.md "Keyboard wedge timing"). Scans go to `onScan`; typing
 * is delivered to the focused text box, or to `fallbackInput` (the badge
 * number box) when nothing editable has focus, so a person can just start
 * typing a number — unless `typedTo` holds a receiver (the PIN pad): then a
 * person's typing goes there, never into a box that would show it, while a
 * scanner's burst is still a scan.
 */
export function useWedge(
  onScan: (payload: string) => void,
  fallbackInput: React.RefObject<HTMLInputElement | null>,
  options: WedgeOptions & { typedTo?: React.RefObject<((text: string) => void) | null> } = {},
): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const { minChars, gapMs, typedTo } = options;

  useEffect(() => {
    const detector = new WedgeDetector({ minChars, gapMs });
    let timer: ReturnType<typeof setTimeout> | undefined;

    const deliver = (text: string) => {
      if (text === '') return;
      const receiver = typedTo?.current;
      if (receiver) return receiver(text);
      let target = document.activeElement;
      if (!isTextInput(target)) {
        target = fallbackInput.current;
        if (!target) return;
        (target as HTMLInputElement).focus();
      }
      // insertText goes through the browser's own editing: caret, selection,
      // undo and React's onChange all behave as if the person typed it.
      document.execCommand('insertText', false, text);
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      let out;
      if (e.ctrlKey || e.altKey || e.metaKey) {
        // A shortcut, not a character: whatever is held was a person typing.
        out = detector.tick(Number.POSITIVE_INFINITY);
      } else if (e.key === ' ' && detector.held === '' && !isTextInput(document.activeElement)) {
        // A space can start no scan (payloads are trimmed); holding it would
        // stop Space pressing the focused button.
        return;
      } else {
        out = detector.key(e.key, e.timeStamp);
      }
      deliver(out.release);
      if (out.scan !== null) markWedgeEnter(e.timeStamp);
      if (out.hold) {
        e.preventDefault();
        e.stopPropagation();
      }
      clearTimeout(timer);
      if (detector.held !== '') {
        // Scan or typing is decided from the keys' own timestamps; this timer
        // only hands a person's held keys over. It waits well past the gap so
        // that keys already queued behind a busy frame are seen first.
        timer = setTimeout(() => deliver(detector.tick(performance.now()).release), Math.max(detector.gapMs * 3, 100));
      }
      if (out.scan !== null) onScanRef.current(out.scan);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, [fallbackInput, minChars, gapMs, typedTo]);
}

function isTextInput(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && ['text', 'search', ''].includes(el.type);
}
