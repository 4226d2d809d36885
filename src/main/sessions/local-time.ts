/**
 * Europe/London wall-clock time for the register exports (sessions.md
 * "Exports"): instants are stored in UTC; a register is read by people in
 * the UK, so exports show local time and say its offset, which makes the
 * value unambiguous across the October change (01:30 happens twice).
 */

const LONDON = 'Europe/London';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'long',
  hourCycle: 'h23',
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The wall-clock fields of an instant in Europe/London. */
export interface LondonTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** "Monday". */
  weekday: string;
  /** Minutes east of UTC: 0 (GMT) or 60 (BST). */
  offsetMinutes: number;
}

function toMs(instant: string | number): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not a date and time: ${String(instant)}`);
  // Whole seconds: exports carry no milliseconds, and the offset sum below must be exact.
  return Math.floor(ms / 1000) * 1000;
}

/** Split an instant (ISO string or ms since the epoch) into London wall-clock fields. */
export function londonTime(instant: string | number): LondonTime {
  const ms = toMs(instant);
  const parts = partsFormat.formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const year = Number(get('year'));
  const month = Number(get('month'));
  const day = Number(get('day'));
  const hour = Number(get('hour'));
  const minute = Number(get('minute'));
  const second = Number(get('second'));
  // The offset is whatever makes the wall clock, read as UTC, equal the instant.
  const offsetMinutes = Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - ms) / 60_000);
  return { year, month, day, hour, minute, second, weekday: get('weekday'), offsetMinutes };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `2026-07-01T09:05:00+01:00`: ISO 8601 London local time with its offset, whole seconds. */
export function londonIso(instant: string | number): string {
  const t = londonTime(instant);
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(t.offsetMinutes);
  return (
    `${String(t.year).padStart(4, '0')}-${two(t.month)}-${two(t.day)}` +
    `T${two(t.hour)}:${two(t.minute)}:${two(t.second)}${sign}${two(Math.floor(off / 60))}:${two(off % 60)}`
  );
}

/** `09:05` in London. */
export function londonHourMinute(instant: string | number): string {
  const t = londonTime(instant);
  return `${two(t.hour)}:${two(t.minute)}`;
}

/** `Monday 24 November 2026` in London. */
export function londonLongDate(instant: string | number): string {
  const t = londonTime(instant);
  return `${t.weekday} ${t.day} ${MONTHS[t.month - 1]} ${t.year}`;
}

/** `24 Nov 2026, 13:02` in London, for "generated at" and "closed at" lines. */
export function londonShortDateTime(instant: string | number): string {
  const t = londonTime(instant);
  return `${t.day} ${MONTHS[t.month - 1]!.slice(0, 3)} ${t.year}, ${two(t.hour)}:${two(t.minute)}`;
}

/** Whether two instants fall on the same London calendar day. */
export function sameLondonDay(a: string | number, b: string | number): boolean {
  const x = londonTime(a);
  const y = londonTime(b);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}
