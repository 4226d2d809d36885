import type { OutboxStatusDto } from '../../shared/outbox-api';
import { outboxWords } from './outbox-words';
import './outbox-status.css';

/**
 * The attendance outbox in the status bar (upstream.md): calm when all is
 * sent; a yellow mark that cannot be missed when events wait or the
 * receiver refused some — "Attendance: 12 waiting to send — last try 09:14
 * failed: no network". Nothing at all when no upstream is configured.
 */

export function OutboxStatus({ outbox, now }: { outbox: OutboxStatusDto | null | undefined; now: string }) {
  if (!outbox) return null;
  const { text, attention } = outboxWords(outbox, now);
  return (
    <p className={`kiosk-status__item kiosk-outbox${attention ? ' kiosk-outbox--attention' : ''}`} data-testid="outbox-status">
      <span className="kiosk-outbox__mark" aria-hidden="true">
        {attention ? '!' : ''}
      </span>
      <span className="kiosk-status__label">Attendance: </span>
      {text}
    </p>
  );
}
