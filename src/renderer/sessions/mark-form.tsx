import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { MARK_STATUSES, type MarkStatus } from '../../core/sessions/model';
import type { KioskApi } from '../../shared/kiosk-api';
import type { RegisterDto, RegisterLineDto } from '../../shared/sessions-api';
import { ErrorSummary, FieldError, type Problem } from './error-summary';
import { MARK_HINTS, MARK_WORDS } from './session-words';

/**
 * Mark one person present, exempt or absent (sessions.md "Marks by the
 * lead"): always with a reason (1–200 characters) and the lead's name. The
 * form takes focus when it opens; Cancel or Escape close it.
 */
export function MarkForm({ api, sessionId, line, defaultBy, onDone, onCancel }: {
  api: KioskApi;
  sessionId: string;
  line: RegisterLineDto;
  defaultBy: string;
  onDone(register: RegisterDto, by: string): void;
  onCancel(): void;
}) {
  const [status, setStatus] = useState<MarkStatus | ''>('');
  const [reason, setReason] = useState('');
  const [by, setBy] = useState(defaultBy);
  const [problems, setProblems] = useState<(Problem & { name: string })[]>([]);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  const err = (name: string) => problems.find((p) => p.name === name)?.message;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: (Problem & { name: string })[] = [];
    if (status === '') found.push({ name: 'status', field: 'mark-status-present', message: `Select what to mark ${line.name} as` });
    const r = reason.trim();
    if (r === '') found.push({ name: 'reason', field: 'mark-reason', message: 'Enter a reason for the mark' });
    else if (r.length > 200) found.push({ name: 'reason', field: 'mark-reason', message: 'Reason must be 200 characters or fewer' });
    const b = by.trim();
    if (b === '') found.push({ name: 'by', field: 'mark-by', message: 'Enter your name' });
    else if (b.length > 120) found.push({ name: 'by', field: 'mark-by', message: 'Your name must be 120 characters or fewer' });
    setProblems(found);
    if (found.length > 0 || status === '') return;
    setBusy(true);
    const who = line.row !== null ? { row: line.row } : { passportId: line.passportId ?? '' };
    api.markPerson({ sessionId, ...who, status, reason: r, by: b }).then(
      (res) => {
        setBusy(false);
        if (res.ok) onDone(res.register, b);
        else setProblems([{ name: 'status', field: 'mark-status-present', message: res.message }]);
      },
      (x: Error) => {
        setBusy(false);
        setProblems([{ name: 'status', field: 'mark-status-present', message: `The mark could not be saved: ${x.message}` }]);
      },
    );
  };

  return (
    <form
      className="kiosk-mark"
      onSubmit={submit}
      noValidate
      autoComplete="off"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      aria-labelledby="mark-heading"
    >
      <h3 id="mark-heading" className="nhsuk-heading-s" tabIndex={-1} ref={heading}>
        Mark {line.name}
      </h3>
      <ErrorSummary id="mark-errors" problems={problems} />
      <div className={`nhsuk-form-group ${err('status') ? 'nhsuk-form-group--error' : ''}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={err('status') ? 'mark-status-error' : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Mark them as</legend>
          <FieldError id="mark-status-error" message={err('status')} />
          <div className="nhsuk-radios nhsuk-radios--inline">
            {MARK_STATUSES.map((s) => (
              <div className="nhsuk-radios__item" key={s}>
                <input
                  className="nhsuk-radios__input"
                  id={`mark-status-${s}`}
                  name="mark-status"
                  type="radio"
                  value={s}
                  checked={status === s}
                  onChange={() => setStatus(s)}
                  aria-describedby="mark-status-hint"
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`mark-status-${s}`}>
                  {MARK_WORDS[s]}
                </label>
              </div>
            ))}
          </div>
          <div className="nhsuk-hint" id="mark-status-hint">
            {status ? MARK_HINTS[status] : 'A mark overrides what scans and prior induction say. You can change it later.'}
          </div>
        </fieldset>
      </div>
      <div className={`nhsuk-form-group ${err('reason') ? 'nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor="mark-reason">
          Reason
        </label>
        <div className="nhsuk-hint" id="mark-reason-hint">
          Up to 200 characters. For example, forgot badge, checked photo ID.
        </div>
        <FieldError id="mark-reason-error" message={err('reason')} />
        <input
          className={`nhsuk-input ${err('reason') ? 'nhsuk-input--error' : ''}`}
          id="mark-reason"
          name="reason"
          type="text"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={`mark-reason-hint${err('reason') ? ' mark-reason-error' : ''}`}
        />
      </div>
      <div className={`nhsuk-form-group ${err('by') ? 'nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor="mark-by">
          Your name
        </label>
        <FieldError id="mark-by-error" message={err('by')} />
        <input
          className={`nhsuk-input nhsuk-u-width-one-half ${err('by') ? 'nhsuk-input--error' : ''}`}
          id="mark-by"
          name="by"
          type="text"
          value={by}
          onChange={(e) => setBy(e.target.value)}
          aria-describedby={err('by') ? 'mark-by-error' : undefined}
        />
      </div>
      <div className="kiosk-lead-actions">
        <button type="submit" className="nhsuk-button" disabled={busy}>
          Save mark
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
