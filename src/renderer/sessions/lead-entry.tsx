/**
 * The way from the scan screen into the induction lead's screens. One
 * component on purpose: the roles issue locks it behind the lead's PIN
 * here, and nowhere else needs to change.
 */
export function LeadEntry({ onEnter }: { onEnter(): void }) {
  return (
    <button type="button" className="nhsuk-button nhsuk-button--secondary kiosk-lead-entry" onClick={onEnter}>
      Induction lead
    </button>
  );
}
