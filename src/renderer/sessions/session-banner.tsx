import type { SessionSummaryDto } from '../../shared/sessions-api';
import { formatTime } from './london-time';
import { arrivedLine } from './session-words';

/**
 * Session mode's banner on the scan screen: which session scans sign into,
 * its time and room, and how many have arrived; and the way out.
 */
export function SessionBanner({ summary, onLeave }: { summary: SessionSummaryDto; onLeave(): void }) {
  const s = summary.session;
  return (
    <section className="kiosk-session-banner" aria-labelledby="session-banner-title" data-testid="session-banner">
      <div>
        <p className="kiosk-session-banner__label">Signing in to</p>
        <h2 id="session-banner-title" className="kiosk-session-banner__title">
          {s.title}
        </h2>
        <p className="kiosk-session-banner__when">
          {formatTime(s.starts)} to {formatTime(s.ends)}
          {s.room ? ` · ${s.room}` : ''}
        </p>
      </div>
      <p className="kiosk-session-banner__count" data-testid="session-banner-count" aria-live="polite">
        {arrivedLine(summary.arrived, summary.expected)}
        {s.state === 'closed' && <span className="kiosk-block">Session closed</span>}
      </p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary kiosk-session-banner__leave" onClick={onLeave}>
        Leave session mode
      </button>
    </section>
  );
}
