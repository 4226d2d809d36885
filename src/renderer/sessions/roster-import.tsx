import { useRef, useState, type FormEvent } from 'react';
import type { KioskApi } from '../../shared/kiosk-api';
import { fileToBase64 } from './downloads';
import { ErrorSummary, FieldError, type Problem } from './error-summary';

const MAX_BYTES = 8 * 1024 * 1024;
const FILE_ID = 'roster-file';

/**
 * Load a roster CSV into a session. A plain file input: in browser mode it
 * uploads, in Electron it opens the system's file dialog. Import is all or
 * nothing (sessions.md "Roster"): a refused file lists every bad row in the
 * NHS error summary ("Line 7: …"), and the roster already loaded stays.
 * Unknown columns are a calm note, not an error.
 */
export function RosterImport({ api, sessionId, closed, onImported }: {
  api: KioskApi;
  sessionId: string;
  closed: boolean;
  onImported(rows: number): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [intro, setIntro] = useState<string | undefined>();
  const [done, setDone] = useState<{ rows: number; warnings: string[]; fileName: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = (messages: string[], lead?: string) => {
    setDone(null);
    setIntro(lead);
    setProblems(messages.map((message) => ({ field: FILE_ID, message })));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return fail(['Select a roster file (CSV)']);
    if (file.size > MAX_BYTES) return fail([`${file.name} is larger than 8 MB: split the roster or remove unused columns`]);
    setBusy(true);
    try {
      const r = await api.importRoster({ sessionId, fileName: file.name, contentBase64: await fileToBase64(file) });
      if (r.ok) {
        setProblems([]);
        setDone({ rows: r.rows, warnings: r.warnings, fileName: file.name });
        if (input.current) input.current.value = '';
        onImported(r.rows);
      } else if (r.errors && r.errors.length > 0) {
        fail(
          r.errors.map((x) => `Line ${x.line}: ${x.message}`),
          `Nothing was loaded from ${file.name}: fix these rows and load the file again. The roster already loaded has not changed.`,
        );
      } else {
        fail([r.message]);
      }
    } catch (err) {
      fail([`The roster could not be loaded: ${(err as Error).message}`]);
    } finally {
      setBusy(false);
    }
  };

  const error = problems.length > 0 ? (problems.length === 1 ? problems[0]!.message : `${problems.length} problems in this file, listed above`) : undefined;
  return (
    <section className="kiosk-lead-panel" aria-labelledby="roster-heading">
      <h2 id="roster-heading" className="nhsuk-heading-m">
        Load the roster
      </h2>
      <ErrorSummary id="roster-errors" title="The roster was not loaded" intro={intro} problems={problems} />
      {done && (
        <div className="nhsuk-inset-text kiosk-done-note" role="status">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            <strong>
              Roster loaded: {done.rows} {done.rows === 1 ? 'person' : 'people'}
            </strong>{' '}
            from {done.fileName}.
          </p>
          {done.warnings.map((w, i) => (
            <p key={i} className="kiosk-warning-note">
              Note: {w.charAt(0).toUpperCase() + w.slice(1)}
            </p>
          ))}
        </div>
      )}
      {closed ? (
        <p>This session is closed: its roster can no longer change.</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className={`nhsuk-form-group ${error ? 'nhsuk-form-group--error' : ''}`}>
            <label className="nhsuk-label nhsuk-label--s" htmlFor={FILE_ID}>
              Roster file (CSV)
            </label>
            <div className="nhsuk-hint" id={`${FILE_ID}-hint`}>
              A header row, then one person a row. Columns: name (required), passport, badge, staffGroup, note. Loading a
              file replaces the roster; people already signed in stay signed in.
            </div>
            <FieldError id={`${FILE_ID}-error`} message={error} />
            <input
              ref={input}
              className={`nhsuk-file-upload kiosk-file ${error ? 'nhsuk-file-upload--error' : ''}`}
              id={FILE_ID}
              name="roster"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={`${FILE_ID}-hint${error ? ` ${FILE_ID}-error` : ''}`}
            />
          </div>
          <button type="submit" className="nhsuk-button" disabled={busy}>
            {busy ? 'Loading…' : 'Load roster'}
          </button>
        </form>
      )}
    </section>
  );
}
