import { useState, type FormEvent, type ReactNode } from 'react';
import { SESSION_KINDS } from '../../core/sessions/model';
import type { KioskApi } from '../../shared/kiosk-api';
import type { SessionDto } from '../../shared/sessions-api';
import { ErrorSummary, FieldError, type Problem } from './error-summary';
import { londonParts } from './london-time';
import { FIELD_IDS, checkSessionForm, type FieldName, type SessionFormFields } from './session-form-rules';
import { SESSION_KIND_HINTS, SESSION_KIND_WORDS } from './session-words';

/**
 * Create a session: title, kind, date, start and end time (London time),
 * room, lead, capacity and grace. Every problem is shown twice, as the NHS
 * pattern asks: in the error summary at the top (which takes focus) and
 * beside its field.
 */
export function CreateSessionForm({ api, nowIso, onCreated, onCancel }: {
  api: KioskApi;
  nowIso: string;
  onCreated(session: SessionDto): void;
  onCancel(): void;
}) {
  const today = londonParts(Date.parse(nowIso));
  const [f, setF] = useState<SessionFormFields>({
    title: '',
    kind: '',
    day: String(today.day),
    month: String(today.month),
    year: String(today.year),
    startTime: '',
    endTime: '',
    room: '',
    lead: '',
    capacity: '',
    grace: '10',
  });
  const [problems, setProblems] = useState<(Problem & { name?: FieldName })[]>([]);
  const [busy, setBusy] = useState(false);
  const errorOf = (name: FieldName) => problems.find((p) => p.name === name)?.message;
  const set = (k: keyof SessionFormFields) => (e: { target: { value: string } }) => setF((old) => ({ ...old, [k]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkSessionForm(f);
    if (!checked.ok) return setProblems(checked.problems);
    setBusy(true);
    api.createSession(checked.request).then(
      (r) => {
        setBusy(false);
        if (r.ok) onCreated(r.session);
        else setProblems([{ field: FIELD_IDS.title, message: r.message }]);
      },
      (err: Error) => {
        setBusy(false);
        setProblems([{ field: FIELD_IDS.title, message: `The session could not be saved: ${err.message}` }]);
      },
    );
  };

  const text = (name: FieldName, key: keyof SessionFormFields, label: string, opts: { hint?: string; width?: string; inputMode?: 'numeric'; optional?: boolean } = {}) => (
    <Group name={name} error={errorOf(name)}>
      <label className="nhsuk-label" htmlFor={FIELD_IDS[name]}>
        {label}
        {opts.optional && <span className="kiosk-optional"> (optional)</span>}
      </label>
      {opts.hint && (
        <div className="nhsuk-hint" id={`${FIELD_IDS[name]}-hint`}>
          {opts.hint}
        </div>
      )}
      <FieldError id={`${FIELD_IDS[name]}-error`} message={errorOf(name)} />
      <input
        className={`nhsuk-input ${opts.width ?? ''} ${errorOf(name) ? 'nhsuk-input--error' : ''}`}
        id={FIELD_IDS[name]}
        name={key}
        type="text"
        inputMode={opts.inputMode}
        spellCheck={false}
        autoComplete="off"
        value={f[key]}
        onChange={set(key)}
        aria-describedby={describedBy(FIELD_IDS[name], !!opts.hint, !!errorOf(name))}
      />
    </Group>
  );

  return (
    <form className="kiosk-lead-form" onSubmit={submit} noValidate autoComplete="off">
      <ErrorSummary problems={problems} />
      {text('title', 'title', 'Title', { hint: 'For example, Corporate induction – November starters' })}

      <Group name="kind" error={errorOf('kind')}>
        <fieldset className="nhsuk-fieldset" aria-describedby={errorOf('kind') ? 'session-kind-error' : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Kind of induction</legend>
          <FieldError id="session-kind-error" message={errorOf('kind')} />
          <div className="nhsuk-radios">
            {SESSION_KINDS.map((k) => (
              <div className="nhsuk-radios__item" key={k}>
                <input
                  className="nhsuk-radios__input"
                  id={`session-kind-${k}`}
                  name="kind"
                  type="radio"
                  value={k}
                  checked={f.kind === k}
                  onChange={set('kind')}
                  aria-describedby={`session-kind-${k}-hint`}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`session-kind-${k}`}>
                  {SESSION_KIND_WORDS[k]}
                </label>
                <div className="nhsuk-hint nhsuk-radios__hint" id={`session-kind-${k}-hint`}>
                  {SESSION_KIND_HINTS[k]}
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      </Group>

      <Group name="date" error={errorOf('date')}>
        <fieldset className="nhsuk-fieldset" role="group" aria-describedby={`session-date-hint${errorOf('date') ? ' session-date-error' : ''}`}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Date</legend>
          <div className="nhsuk-hint" id="session-date-hint">
            For example, 24 11 2026
          </div>
          <FieldError id="session-date-error" message={errorOf('date')} />
          <div className="nhsuk-date-input">
            {(['day', 'month', 'year'] as const).map((part) => (
              <div className="nhsuk-date-input__item" key={part}>
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`session-date-${part}`}>
                    {part[0]!.toUpperCase() + part.slice(1)}
                  </label>
                  <input
                    className={`nhsuk-input nhsuk-date-input__input ${part === 'year' ? 'nhsuk-input--width-4' : 'nhsuk-input--width-2'} ${errorOf('date') ? 'nhsuk-input--error' : ''}`}
                    id={`session-date-${part}`}
                    name={part}
                    type="text"
                    inputMode="numeric"
                    value={f[part]}
                    onChange={set(part)}
                  />
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      </Group>

      <div className="kiosk-lead-form__pair">
        {text('startTime', 'startTime', 'Start time', { hint: 'UK time, 24-hour clock, for example 09:00', width: 'nhsuk-input--width-5' })}
        {text('endTime', 'endTime', 'End time', { hint: 'For example, 12:30', width: 'nhsuk-input--width-5' })}
      </div>
      {text('room', 'room', 'Room', { optional: true, width: 'nhsuk-u-width-two-thirds' })}
      {text('lead', 'lead', 'Lead’s name', { optional: true, width: 'nhsuk-u-width-two-thirds' })}
      <div className="kiosk-lead-form__pair">
        {text('capacity', 'capacity', 'Capacity', { optional: true, hint: 'Most people who can attend. Leave empty for no limit.', width: 'nhsuk-input--width-4', inputMode: 'numeric' })}
        {text('grace', 'grace', 'Minutes before someone counts as late', { hint: 'From 0 to 120. Usually 10.', width: 'nhsuk-input--width-3', inputMode: 'numeric' })}
      </div>

      <div className="kiosk-lead-actions">
        <button type="submit" className="nhsuk-button" disabled={busy}>
          Create session
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Group({ name, error, children }: { name: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className={`nhsuk-form-group ${error ? 'nhsuk-form-group--error' : ''}`} data-field={name}>
      {children}
    </div>
  );
}
