import type { Outcome } from '../../core/codes';
import type { CheckinDto } from '../../shared/sessions-api';
import { checkinLine } from './session-words';

/**
 * The check-in half of a scan in session mode, under the verdict banner:
 * the result in words with its own icon (a tick, a repeat arrow or a
 * stop), never colour alone; and "Lead to check" when the verdict was refer
 * or not cleared — the person is still signed in, the lead decides.
 */
export function CheckinResult({ checkin, outcome }: { checkin: CheckinDto; outcome: Outcome }) {
  const { headline, advice, tone } = checkinLine(checkin);
  const flagged = checkin.flagged || (checkin.result === 'ARRIVED' && (outcome === 'refer' || outcome === 'not-cleared'));
  return (
    <div className={`kiosk-checkin kiosk-checkin--${tone}`} data-testid="checkin" data-result={checkin.result} role="status">
      <span className="kiosk-checkin__icon" aria-hidden="true">
        {tone === 'in' ? '✓' : tone === 'repeat' ? '↺' : '✗'}
      </span>
      <div>
        <p className="kiosk-checkin__headline">{headline}</p>
        <p className="kiosk-checkin__advice">{advice}</p>
        {flagged && (
          <p className="kiosk-checkin__flag" data-testid="checkin-flag">
            <span aria-hidden="true">⚑ </span>Lead to check: the passport check says {outcome === 'refer' ? '“Refer”' : '“Not cleared”'}.
          </p>
        )}
      </div>
    </div>
  );
}
