import { useLayoutEffect, useRef } from 'react';

/**
 * What closing a session means, said before it happens (sessions.md
 * "Close"): it is final, later scans are refused, marks are no longer
 * possible, and everyone on the list not arrived, exempt or marked becomes
 * absent — with how many that is now.
 */
export function CloseConfirm({ title, becomeAbsent, busy, onConfirm, onCancel }: {
  title: string;
  becomeAbsent: number;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <section
      className="nhsuk-warning-callout kiosk-close-confirm"
      aria-labelledby="close-heading"
      data-testid="close-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h2 className="nhsuk-warning-callout__label" id="close-heading" tabIndex={-1} ref={heading}>
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>Close “{title}”?
        </span>
      </h2>
      <p>
        <strong>Closing is final. It cannot be undone.</strong> Once the session is closed:
      </p>
      <ul>
        <li>the register is fixed as it is now;</li>
        <li>anyone who scans in for this session is refused (“Session closed”);</li>
        <li>you can no longer mark anyone present, exempt or absent;</li>
        <li>
          everyone on the list who has not arrived, is not exempt and has not been marked becomes <strong>absent</strong>
          {becomeAbsent > 0 ? ` — ${becomeAbsent} ${becomeAbsent === 1 ? 'person' : 'people'} now` : ' — nobody now'}.
        </li>
      </ul>
      <p>You can still download the register as CSV and PDF after closing.</p>
      <div className="kiosk-lead-actions">
        <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={onConfirm} disabled={busy}>
          Yes, close the session
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
          No, keep it open
        </button>
      </div>
    </section>
  );
}
