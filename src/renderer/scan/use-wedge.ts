import { useEffect, useRef } from 'react';
import { markWedgeEnter } from '../latency';
import { WedgeDetector, type WedgeOptions } from './wedge-detector';

/**
 * Keyboard-wedge scanning anywhere on the screen: one window keydown
 * listener (capture phase, so it sees keys before any focused control)
 * runs every key through the wedge detector. Scans go to `onScan`; typing
 * is delivered to the focused text box, or to `fallbackInput` (the badge
 * number box) when nothing editable has focus, so a person can just start
 * typing a number.
 */
export function useWedge(
  onScan: (payload: string) => void,
  fallbackInput: React.RefObject<HTMLInputElement | null>,
  options: WedgeOptions = {},
): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const { minChars, gapMs } = options;

  useEffect(() => {
    const detector = new WedgeDetector({ minChars, gapMs });
    let timer: ReturnType<typeof setTimeout> | undefined;

    const deliver = (text: string) => {
      if (text === '') return;
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
      const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
      const decision = plain ? detector.key(e.key, e.timeStamp) : detector.other();
      deliver(decision.typed);
      if (decision.scan !== undefined) markWedgeEnter(e.timeStamp);
      if (decision.consume) {
        e.preventDefault();
        e.stopPropagation();
      }
      clearTimeout(timer);
      if (detector.pending !== '') {
        // Scan or typing is decided from the keys' own timestamps; this timer
        // only hands a person's held keys over. It waits well past the gap so
        // that keys already queued behind a busy frame are seen first.
        timer = setTimeout(() => deliver(detector.idle(performance.now())), Math.max(detector.gapMs * 3, 100));
      }
      if (decision.scan !== undefined) onScanRef.current(decision.scan);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, [fallbackInput, minChars, gapMs]);
}

function isTextInput(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && ['text', 'search', ''].includes(el.type);
}
