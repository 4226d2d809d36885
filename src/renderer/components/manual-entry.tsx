import { forwardRef, useState, type FormEvent } from 'react';

/**
 * The box for typing a badge number by hand. Slow typing lands here (the
 * wedge hook sends a person's keystrokes to it when nothing else has focus);
 * Enter submits.
 */
export const ManualEntry = forwardRef<HTMLInputElement, { onSubmit(value: string): void }>(function ManualEntry(
  { onSubmit },
  ref,
) {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // Read the element, not state: text the wedge hook inserted a moment ago
    // may not have been through a React render yet.
    const input = e.currentTarget.elements.namedItem('badge-number') as HTMLInputElement;
    const text = input.value.trim();
    if (text === '') return;
    onSubmit(text);
    setValue('');
  };
  return (
    <form className="kiosk-manual" onSubmit={submit} autoComplete="off">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-label--m" htmlFor="badge-number">
          Or type a badge number
        </label>
        <div className="kiosk-manual__row">
          <input
            ref={ref}
            className="nhsuk-input kiosk-manual__input"
            id="badge-number"
            name="badge-number"
            type="text"
            spellCheck={false}
            autoCapitalize="characters"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" className="nhsuk-button kiosk-manual__submit">
            Check
          </button>
        </div>
      </div>
    </form>
  );
});
