import type { StatusDto, SyncProgressDto } from '../../shared/kiosk-api';
import { formatAge, formatInstant } from '../words';
import { OutboxStatus } from './outbox-status';

export interface StatusBarProps {
  status: StatusDto | null;
  progress: SyncProgressDto | null;
  onSyncNow(): void;
  /** Leave the app (the services refuse it without the admin role; the screen then asks for the admin PIN). */
  onExit?(): void;
}

/**
 * Why there is no data. "Never synced" only when no sync has ever run: a
 * failed sync, or a damaged cache being rebuilt (its outcome says so), is
 * "unavailable", with the reason.
 */
function noDataWords(lastSync: StatusDto['lastSync'], syncing: boolean): string {
  if (syncing) return ' A sync is running. Every scan will show "Not recognised" until it completes.';
  if (lastSync && !lastSync.ok) return ` ${lastSync.message.replace(/\.$/, '')}. Every scan will show "Not recognised" until a sync completes.`;
  if (lastSync) return ' Every scan will show "Not recognised" until a sync brings data: sync now or call IT.';
  return ' This kiosk has never synced. Every scan will show "Not recognised".';
}

const READER_WORDS = { connected: 'Connected', disconnected: 'Not connected', error: 'Not working' } as const;

/**
 * The status bar: how fresh the data is (a full-width warning when stale,
 * so nobody can miss it), a warning when the clock cannot be trusted, each
 * reader's state, the last sync, and the admin's sync-now and exit buttons.
 */
export function StatusBar({ status, progress, onSyncNow, onExit }: StatusBarProps) {
  if (!status) return <footer className="kiosk-status" aria-label="Kiosk status" />;
  const { data, lastSync } = status;
  const syncing = status.syncing || progress?.phase === 'started' || progress?.phase === 'progress';
  return (
    <footer className="kiosk-status" aria-label="Kiosk status">
      {(data === null || data.stale) && (
        <div className="kiosk-stale" role="alert" data-testid="stale-banner">
          <strong>
            <span className="kiosk-stale__icon" aria-hidden="true">
              !
            </span>{' '}
            {data === null ? (lastSync || syncing ? 'Passport data unavailable' : 'No passport data') : 'Passport data is out of date'}
          </strong>
          <span>
            {data === null
              ? noDataWords(lastSync, syncing)
              : ` It expired ${formatInstant(data.expires)}. Verdicts may be wrong: sync now or call IT.`}
          </span>
        </div>
      )}
      {status.clockWarning && (
        <div className="kiosk-clock-warning" role="status" data-testid="clock-warning">
          <strong>
            <span className="kiosk-clock-warning__icon" aria-hidden="true">
              !
            </span>{' '}
            Clock warning:
          </strong>{' '}
          <span>{status.clockWarning.message}</span>
        </div>
      )}
      <div className="kiosk-status__row">
        <p className="kiosk-status__item" data-testid="freshness">
          <span className="kiosk-status__label">Data: </span>
          {data ? `published ${formatAge(data.published, status.now)} (${formatInstant(data.published)})` : 'none'}
        </p>
        <ul className="kiosk-status__item kiosk-readers" aria-label="Badge readers">
          {status.readers.length === 0 && <li>No badge readers configured</li>}
          {status.readers.map((r) => (
            <li key={r.id} className={`kiosk-reader kiosk-reader--${r.state}`} title={r.detail}>
              <span className="kiosk-reader__dot" aria-hidden="true" />
              {r.name}: {READER_WORDS[r.state]}
              {r.detail && r.state !== 'connected' ? ` (${r.detail})` : ''}
            </li>
          ))}
        </ul>
        <p className="kiosk-status__item" data-testid="last-sync" aria-live="polite">
          <span className="kiosk-status__label">Last sync: </span>
          {syncing
            ? (progress?.message ?? 'Syncing…')
            : lastSync
              ? `${lastSync.ok ? 'succeeded' : 'failed'} ${formatInstant(lastSync.at)}${lastSync.ok ? '' : ` — ${lastSync.message}`}`
              : 'not yet'}
        </p>
        <OutboxStatus outbox={status.outbox} now={status.now} />
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary kiosk-status__sync"
          onClick={onSyncNow}
          disabled={syncing || !status.canSync}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
        {onExit && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary kiosk-status__exit" onClick={onExit}>
            Exit
          </button>
        )}
      </div>
    </footer>
  );
}
