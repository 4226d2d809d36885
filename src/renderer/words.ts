import type { Severity, StaffGroup } from '../core/codes';

/** Staff groups as people say them (NHS Electronic Staff Record groups). */
export const STAFF_GROUP_WORDS: Record<StaffGroup, string> = {
  'add-prof-scientific-technical': 'Additional professional scientific and technical',
  'additional-clinical-services': 'Additional clinical services',
  'admin-clerical': 'Administrative and clerical',
  'allied-health-professionals': 'Allied health professionals',
  'estates-ancillary': 'Estates and ancillary',
  'healthcare-scientists': 'Healthcare scientists',
  'medical-dental': 'Medical and dental',
  'nursing-midwifery-registered': 'Nursing and midwifery (registered)',
  students: 'Students',
};

/** Headings for the reason groups, most severe first (verdict.md lists reasons in this order). */
export const SEVERITY_HEADINGS: Record<Severity, string> = {
  unknown: 'Why nobody was identified',
  block: 'Stops them starting',
  refer: 'Needs someone to check',
  warn: 'Coming up soon',
  info: 'For information',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "24 Nov 2026, 06:00" in UK time, for freshness lines. */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${Number(get('day'))} ${MONTHS[Number(get('month')) - 1]} ${get('year')}, ${get('hour')}:${get('minute')}`;
}

/** "3 hours ago", "2 days ago": how old data is, relative to the services' clock. */
export function formatAge(fromIso: string, nowIso: string): string {
  const ms = Date.parse(nowIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms)) return '';
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} minute${min === 1 ? '' : 's'} ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} days ago`;
}
