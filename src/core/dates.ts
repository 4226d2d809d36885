/**
 * Calendar dates as the verdict rules use them (verdict.md, "Dates"): plain
 * `YYYY-MM-DD` strings, which compare correctly as strings, and the local
 * date in Europe/London at an instant.
 */

export type IsoDate = string;

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

let lastInstant = NaN;
let lastDate = '';

/** The calendar date in Europe/London at `instant` (ms since the epoch). */
export function londonDate(instant: number): IsoDate {
  if (instant === lastInstant) return lastDate;
  const parts = london.formatToParts(instant);
  let y = '';
  let m = '';
  let d = '';
  for (const p of parts) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  lastInstant = instant;
  lastDate = `${y}-${m}-${d}`;
  return lastDate;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** `date` + N years, keeping month and day; 29 February becomes 28 February. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  let md = date.slice(4);
  if (md === '-02-29' && !isLeap(y)) md = '-02-28';
  return `${String(y).padStart(4, '0')}${md}`;
}

/** `date` + N days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** A date written out for people: `2026-12-10` → `10 December 2026`. */
export function formatLongDate(date: IsoDate): string {
  const m = MONTHS[Number(date.slice(5, 7)) - 1] ?? '?';
  return `${Number(date.slice(8, 10))} ${m} ${Number(date.slice(0, 4))}`;
}
