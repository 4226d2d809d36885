import { useLayoutEffect, useRef } from 'react';

/** One problem: what is wrong, and the id of the control to fix it in. */
export interface Problem {
  /** The control's id: the summary's link moves focus there. */
  field: string;
  message: string;
}

/**
 * The NHS error summary (design system pattern): a titled box at the top of
 * the form listing every problem as a link to its field. It takes focus
 * when it appears, so a screen reader reads it and the next Tab starts in
 * it. Links move focus themselves rather than navigate, since the page's
 * address carries nothing but the kiosk link.
 */
export function ErrorSummary({ title = 'There is a problem', problems, intro, id = 'error-summary' }: {
  title?: string;
  problems: readonly Problem[];
  intro?: string;
  id?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const key = problems.map((p) => `${p.field}:${p.message}`).join('|');
  useLayoutEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [key, problems.length]);
  if (problems.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby={`${id}-title`} role="alert" tabIndex={-1} ref={ref} data-testid={id}>
      <h2 className="nhsuk-error-summary__title" id={`${id}-title`}>
        {title}
      </h2>
      <div className="nhsuk-error-summary__body">
        {intro && <p>{intro}</p>}
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {problems.map((p, i) => (
            <li key={i}>
              <a
                href={`#${p.field}`}
                onClick={(e) => {
                  e.preventDefault();
                  const el = document.getElementById(p.field);
                  el?.focus();
                  el?.scrollIntoView({ block: 'center' });
                }}
              >
                {p.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The error line under a field (NHS pattern: "Error:" for screen readers, then the message). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  );
}
