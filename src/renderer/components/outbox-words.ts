import type { OutboxStatusDto } from '../../shared/outbox-api';
import { formatInstant } from '../words';

/** The status bar's words for the attendance outbox (outbox-status.tsx), apart so they can be tested without the styles. */

/** "09:14" when `iso` is the same London day as `nowIso`, else "24 Nov 2026, 09:14". */
function when(iso: string, nowIso: string): string {
  const [day, time] = formatInstant(iso).split(', ');
  return day === formatInstant(nowIso).split(', ')[0] ? time! : `${day}, ${time}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The sentence the status bar shows for `outbox` at `now`. */
export function outboxWords(outbox: OutboxStatusDto, now: string): { text: string; attention: boolean } {
  const parts: string[] = [];
  if (outbox.pending > 0) parts.push(`${plural(outbox.pending, 'record', 'records')} waiting to send`);
  if (outbox.rejected > 0) parts.push(`${plural(outbox.rejected, 'record', 'records')} refused by the trust — call IT`);
  const last = outbox.lastTry;
  if (parts.length === 0) return { text: last ? `all sent (last ${when(last.at, now)})` : 'all sent', attention: false };
  const tail = last && !last.ok && outbox.pending > 0 ? ` — last try ${when(last.at, now)} failed: ${last.reason ?? 'not sent'}` : '';
  return { text: `${parts.join('; ')}${tail}`, attention: true };
}
