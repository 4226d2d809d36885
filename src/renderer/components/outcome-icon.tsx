import type { Outcome } from '../../core/codes';

/**
 * The icon for each outcome (verdict.md: tick, exclamation, cross,
 * question). Decorative: the outcome's word is always shown beside it, so
 * colour and shape are never the only signal.
 */
export function OutcomeIcon({ outcome }: { outcome: Outcome }) {
  return (
    <svg className="kiosk-outcome-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="22" fill="currentColor" opacity="0.18" />
      <circle cx="24" cy="24" r="22" fill="none" stroke="currentColor" strokeWidth="3" />
      {outcome === 'cleared' && (
        <path d="M13 25l7 7 15-16" fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round" />
      )}
      {outcome === 'refer' && (
        <>
          <path d="M24 11v17" stroke="currentColor" strokeWidth="5" strokeLinecap="round" />
          <circle cx="24" cy="36" r="3.2" fill="currentColor" />
        </>
      )}
      {outcome === 'not-cleared' && (
        <path d="M15 15l18 18M33 15L15 33" stroke="currentColor" strokeWidth="5" strokeLinecap="round" />
      )}
      {outcome === 'unknown' && (
        <>
          <path
            d="M17.5 18a6.5 6.5 0 1 1 9.5 5.8c-2 1-3 2.4-3 4.7V30"
            fill="none"
            stroke="currentColor"
            strokeWidth="4.5"
            strokeLinecap="round"
          />
          <circle cx="24" cy="36.5" r="3" fill="currentColor" />
        </>
      )}
    </svg>
  );
}
