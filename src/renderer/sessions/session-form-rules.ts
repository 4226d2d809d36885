import { SESSION_KINDS, type SessionKind } from '../../core/sessions/model';
import { londonRfc3339, parseTimeOfDay } from './london-time';
import type { Problem } from './error-summary';

/**
 * The create-session form's fields as typed, and the rules that turn them
 * into a createSession request (sessions.md "Session"), with one problem
 * per field in the words the NHS error-message guidance uses. Pure, so it
 * is unit-tested without a browser.
 */

export interface SessionFormFields {
  title: string;
  kind: string;
  day: string;
  month: string;
  year: string;
  startTime: string;
  endTime: string;
  room: string;
  lead: string;
  capacity: string;
  grace: string;
}

/** The ids of the form's controls, which the error summary links to. */
export const FIELD_IDS = {
  title: 'session-title',
  kind: 'session-kind-corporate',
  date: 'session-date-day',
  startTime: 'session-start',
  endTime: 'session-end',
  room: 'session-room',
  lead: 'session-lead',
  capacity: 'session-capacity',
  grace: 'session-grace',
} as const;
export type FieldName = keyof typeof FIELD_IDS;

export interface SessionRequest {
  title: string;
  kind: SessionKind;
  starts: string;
  ends: string;
  room?: string;
  lead?: string;
  capacity?: number;
  graceMinutes: number;
}

const WHOLE = /^\s*\d+\s*$/;

/** Check the fields; either the request, or every problem (in the form's order). */
export function checkSessionForm(f: SessionFormFields): { ok: true; request: SessionRequest } | { ok: false; problems: (Problem & { name: FieldName })[] } {
  const problems: (Problem & { name: FieldName })[] = [];
  const add = (name: FieldName, message: string) => problems.push({ name, field: FIELD_IDS[name], message });

  const title = f.title.trim();
  if (title === '') add('title', 'Enter a title for the session');
  else if (title.length > 120) add('title', 'Title must be 120 characters or fewer');

  if (!(SESSION_KINDS as readonly string[]).includes(f.kind)) add('kind', 'Select the kind of induction');

  let dayOk = false;
  const [d, m, y] = [f.day, f.month, f.year].map((s) => s.trim());
  if (d === '' && m === '' && y === '') add('date', 'Enter the date of the session');
  else if (![d, m, y].every((s) => WHOLE.test(s!)) || y!.length !== 4) add('date', 'Date must be a real date, for example 24 11 2026');
  else dayOk = true;

  const start = parseTimeOfDay(f.startTime);
  const end = parseTimeOfDay(f.endTime);
  if (f.startTime.trim() === '') add('startTime', 'Enter the start time, for example 09:00');
  else if (!start) add('startTime', 'Start time must be a time of day from 00:00 to 23:59, for example 09:00');
  if (f.endTime.trim() === '') add('endTime', 'Enter the end time, for example 12:30');
  else if (!end) add('endTime', 'End time must be a time of day from 00:00 to 23:59, for example 12:30');

  let starts: string | undefined;
  let ends: string | undefined;
  if (dayOk && start && end) {
    const date = { year: Number(y), month: Number(m), day: Number(d) };
    const s = londonRfc3339({ ...date, ...start });
    const e = londonRfc3339({ ...date, ...end });
    if (!s.ok && s.error === 'not-a-date') add('date', 'Date must be a real date, for example 24 11 2026');
    else if (!s.ok) add('startTime', 'That start time does not happen on that day, because the clocks go forward');
    else if (!e.ok) add('endTime', 'That end time does not happen on that day, because the clocks go forward');
    else if (e.ms <= s.ms) add('endTime', 'End time must be after the start time');
    else {
      starts = s.value;
      ends = e.value;
    }
  } else if (dayOk) {
    // Report a date that cannot exist even when a time is missing.
    const probe = londonRfc3339({ year: Number(y), month: Number(m), day: Number(d), hour: 12, minute: 0 });
    if (!probe.ok) add('date', 'Date must be a real date, for example 24 11 2026');
  }

  const room = f.room.trim();
  if (room.length > 120) add('room', 'Room must be 120 characters or fewer');
  const lead = f.lead.trim();
  if (lead.length > 120) add('lead', 'Lead’s name must be 120 characters or fewer');

  let capacity: number | undefined;
  if (f.capacity.trim() !== '') {
    if (!WHOLE.test(f.capacity) || Number(f.capacity) < 1) add('capacity', 'Capacity must be a whole number, 1 or more, or left empty');
    else capacity = Number(f.capacity);
  }
  let grace = 10;
  if (f.grace.trim() !== '') {
    if (!WHOLE.test(f.grace) || Number(f.grace) > 120) add('grace', 'Minutes before someone counts as late must be a whole number from 0 to 120');
    else grace = Number(f.grace);
  }

  // Order problems as the fields appear on the form.
  const order = Object.keys(FIELD_IDS) as FieldName[];
  problems.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  if (problems.length > 0 || !starts || !ends) return { ok: false, problems };
  return {
    ok: true,
    request: {
      title,
      kind: f.kind as SessionKind,
      starts,
      ends,
      ...(room && { room }),
      ...(lead && { lead }),
      ...(capacity !== undefined && { capacity }),
      graceMinutes: grace,
    },
  };
}
