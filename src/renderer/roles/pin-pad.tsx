import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import './roles.css';
import {
  PIN_MAX_DIGITS,
  ROLE_TITLES,
  answerSentence,
  enteredWords,
  lockedSentence,
  pinKey,
  tooShort,
  type PinAnswer,
  type PinRoleName,
} from './pin-words';

/** Props of {@link PinPad}. */
export interface PinPadProps {
  role: PinRoleName;
  /** The page's heading, e.g. "Enter the admin PIN to exit". */
  title: string;
  /** One sentence on why the PIN is asked for. */
  reason: string;
  /** Seconds the role is still locked for when the pad opens (the services' word), or 0. */
  lockedForSeconds?: number;
  /** Send the PIN to the services; the pad has already forgotten it when this is called. */
  onSubmit(pin: string): Promise<PinAnswer>;
  onUnlocked(): void;
  onCancel(): void;
  /**
   * Where the keyboard-wedge hook sends a person's typing while the pad is
   * up (App's `useWedge(…, { typedTo })`), so digits typed on a keyboard
   * reach the pad and never the badge-number box, while a scanner's burst
   * still scans.
   */
  typedTo?: React.RefObject<((text: string) => void) | null>;
}

type MessageBody = { kind: 'error'; text: string } | { kind: 'locked'; until: number } | { kind: 'info'; text: string };
/** `n` counts messages, so the same sentence twice is announced twice. */
type Message = MessageBody & { n: number };

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The PIN pad (operations.md "Roles and PINs"): by touch, mouse or
 * keyboard alone. Digits show as dots only. The digits live in a ref, not
 * in React state (state holds only how many there are), and are dropped
 * the moment they are sent. A wrong PIN says how many tries are left; a
 * lockout counts down the time left without taking the focus. The pad
 * itself has no time limit.
 */
export function PinPad({ role, title, reason, lockedForSeconds = 0, onSubmit, onUnlocked, onCancel, typedTo }: PinPadProps) {
  const pin = useRef('');
  const [count, setCount] = useState(0);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [message, setMessage] = useState<Message | null>(() =>
    lockedForSeconds > 0 ? { kind: 'locked', until: Date.now() + lockedForSeconds * 1000, n: 0 } : null,
  );
  const [now, setNow] = useState(() => Date.now());
  const heading = useRef<HTMLHeadingElement>(null);
  const mounted = useRef(true);

  useLayoutEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      pin.current = '';
    };
  }, []);

  const say = (m: MessageBody) => setMessage((old) => ({ ...m, n: (old?.n ?? 0) + 1 }));

  const submit = useCallback(() => {
    if (busyRef.current) return;
    const problem = tooShort(pin.current.length);
    if (problem) return say({ kind: 'error', text: problem });
    const entered = pin.current;
    // Forget it before it is even sent: whatever the answer, it must be typed again.
    pin.current = '';
    setCount(0);
    busyRef.current = true;
    setBusy(true);
    onSubmit(entered).then(
      (answer) => {
        busyRef.current = false;
        if (!mounted.current) return;
        setBusy(false);
        if (answer.ok) return onUnlocked();
        if (!answer.ok && answer.code === 'LOCKED' && 'retryAfterSeconds' in answer) {
          setNow(Date.now());
          return say({ kind: 'locked', until: Date.now() + answer.retryAfterSeconds * 1000 });
        }
        say({ kind: 'error', text: answerSentence(role, answer) ?? '' });
      },
      (e: Error) => {
        busyRef.current = false;
        if (!mounted.current) return;
        setBusy(false);
        say({ kind: 'error', text: `The PIN could not be checked: ${e.message}` });
      },
    );
  }, [onSubmit, onUnlocked, role]);

  const press = useCallback(
    (key: string) => {
      const effect = pinKey(pin.current, key);
      if (effect.kind === 'digits') {
        pin.current = effect.pin;
        setCount(effect.pin.length);
      } else if (effect.kind === 'submit') {
        submit();
      } else if (effect.kind === 'cancel') {
        onCancel();
      }
    },
    [submit, onCancel],
  );

  // A person's typing, handed over by the wedge hook (it holds each key a moment to tell it from a scanner).
  useEffect(() => {
    if (!typedTo) return;
    const ref = typedTo as React.MutableRefObject<((text: string) => void) | null>;
    ref.current = (text) => {
      for (const ch of text) if (/^[0-9]$/.test(ch)) press(ch);
    };
    return () => {
      ref.current = null;
    };
  }, [typedTo, press]);

  // Keys the wedge does not hold (Backspace, Delete, Enter, Escape), and digits when no wedge hook runs.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
      const onControl = e.target instanceof HTMLElement && e.target.closest('button, a, input, select, textarea') !== null;
      // Enter and Space on a focused button press that button.
      if (e.key === 'Enter' && onControl) return;
      if (!['Backspace', 'Delete', 'Enter', 'Escape'].includes(e.key) && !/^[0-9]$/.test(e.key)) return;
      e.preventDefault();
      press(e.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [press]);

  // The lockout counts down once a second; the focus stays where the person left it.
  const lockedUntil = message?.kind === 'locked' ? message.until : null;
  useEffect(() => {
    if (lockedUntil === null) return;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      if (t >= lockedUntil) say({ kind: 'info', text: 'You can try the PIN again now.' });
    };
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [lockedUntil]);

  const secondsLeft = lockedUntil === null ? 0 : Math.max(0, Math.ceil((lockedUntil - now) / 1000));
  const lockedNow = secondsLeft > 0;
  const [lockedWords, triesWords] = lockedNow ? splitLocked(lockedSentence(secondsLeft)) : ['', ''];

  return (
    <section className="kiosk-pin" aria-labelledby="pin-heading" data-testid="pin-pad" data-role={role}>
      <h1 id="pin-heading" className="nhsuk-heading-l kiosk-pin__heading" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      <p className="kiosk-pin__reason">{reason}</p>
      <p className="kiosk-pin__hint" id="pin-hint">
        Type the {ROLE_TITLES[role]} PIN on the keyboard or with the buttons, then choose Unlock. It has 6 to {PIN_MAX_DIGITS} digits and is
        never shown.
      </p>
      {message?.kind === 'error' && (
        <p key={message.n} className="kiosk-pin__message kiosk-pin__message--error" role="alert" data-testid="pin-message">
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {message.text}
        </p>
      )}
      {message?.kind === 'locked' && lockedNow && (
        <p className="kiosk-pin__message kiosk-pin__message--locked" data-testid="pin-message">
          <span key={message.n} role="alert">
            {lockedWords}
          </span>{' '}
          <span role="timer">{triesWords}</span>
        </p>
      )}
      {message?.kind === 'info' && (
        <p key={message.n} className="kiosk-pin__message kiosk-pin__message--info" role="status" data-testid="pin-message">
          {message.text}
        </p>
      )}
      <div className="kiosk-pin__entry" data-testid="pin-dots" data-count={count}>
        <span className="kiosk-pin__dots" aria-hidden="true">
          {count === 0 ? '' : '●'.repeat(count)}
        </span>
        <span className="kiosk-pin__count" aria-live="polite">
          {enteredWords(count)}
        </span>
      </div>
      <div className="kiosk-pin__keys" role="group" aria-label="PIN digits">
        {KEYS.map((k) => (
          <button key={k} type="button" className="kiosk-pin__key" onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="kiosk-pin__key kiosk-pin__key--word" onClick={() => press('Clear')}>
          Clear
        </button>
        <button type="button" className="kiosk-pin__key" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="kiosk-pin__key kiosk-pin__key--word" aria-label="Delete the last digit" onClick={() => press('Backspace')}>
          <span aria-hidden="true">⌫ </span>Delete
        </button>
      </div>
      <div className="kiosk-lead-actions kiosk-pin__actions">
        <button type="button" className="nhsuk-button kiosk-pin__unlock" aria-disabled={busy} onClick={submit}>
          {busy ? 'Checking…' : 'Unlock'}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** "Locked after too many wrong PINs." and "Try again in …": the first is announced once, the second counts down quietly. */
function splitLocked(sentence: string): [string, string] {
  const at = sentence.indexOf(' Try again');
  return at < 0 ? [sentence, ''] : [sentence.slice(0, at), sentence.slice(at + 1)];
}
