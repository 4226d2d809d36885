/**
 * Dates and times as a lead types and reads them: Europe/London wall-clock
 * time. The form builds RFC 3339 with London's offset on that day (GMT in
 * winter, BST in summer), so "09:00 on 1 July" is `…T09:00:00+01:00`, and
 * times read back are shown in London time whatever the machine's zone.
 */

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** London's wall-clock fields at an instant. */
export function londonParts(ms: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const get = (parts: Intl.DateTimeFormatPart[], t: string) => Number(parts.find((p) => p.type === t)?.value ?? NaN);
  const parts = PARTS.formatToParts(ms);
  return {
    year: get(parts, 'year'),
    month: get(parts, 'month'),
    day: get(parts, 'day'),
    hour: get(parts, 'hour'),
    minute: get(parts, 'minute'),
  };
}

/** London's offset from UTC at an instant, in minutes (0 or 60). */
function offsetMinutes(ms: number): number {
  const p = londonParts(ms);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** A local date and time the lead typed, as numbers. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Why a typed time cannot be a London time. */
export type LondonTimeError = 'not-a-date' | 'clocks-change';

/**
 * RFC 3339 for a London wall-clock time: `2026-07-01T09:05:00+01:00`.
 * A time skipped when the clocks go forward (01:30 on the last Sunday of
 * March) is refused; an hour that happens twice (October) takes the first.
 */
export function londonRfc3339(t: LocalDateTime): { ok: true; value: string; ms: number } | { ok: false; error: LondonTimeError } {
  const { year, month, day, hour, minute } = t;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (
    !Number.isInteger(year) ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute
  ) {
    return { ok: false, error: 'not-a-date' };
  }
  // The earlier of the candidate offsets whose instant shows this wall time.
  for (const off of [60, 0]) {
    const ms = asUtc - off * 60_000;
    if (offsetMinutes(ms) === off) {
      const sign = off >= 0 ? '+' : '-';
      const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
      const mm = String(Math.abs(off) % 60).padStart(2, '0');
      const pad = (n: number, w = 2) => String(n).padStart(w, '0');
      return { ok: true, value: `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00${sign}${hh}:${mm}`, ms };
    }
  }
  return { ok: false, error: 'clocks-change' };
}

/** "09:05" → {hour: 9, minute: 5}; also "9:05", "0905", "9.05"; null when it is not a time of day. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const m = /^\s*(\d{1,2})[:.]?(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** "09:05" in London time. */
export function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : TIME.format(ms);
}

/** "Tue 24 Nov 2026" in London time. */
export function formatDay(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : DAY.format(ms).replace(/,/g, '');
}

/** "Tue 24 Nov 2026, 09:00 to 12:00": a session's when, in one line. */
export function formatSpan(starts: string, ends: string): string {
  const sameDay = londonDateOf(starts) === londonDateOf(ends);
  return sameDay
    ? `${formatDay(starts)}, ${formatTime(starts)} to ${formatTime(ends)}`
    : `${formatDay(starts)} ${formatTime(starts)} to ${formatDay(ends)} ${formatTime(ends)}`;
}

/** YYYY-MM-DD in London at an ISO instant. */
export function londonDateOf(iso: string): string {
  const p = londonParts(Date.parse(iso));
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
