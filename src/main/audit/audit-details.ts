import type { AuditDetail } from '../../core/audit/chain';
import type { Verdict } from '../../core/verdict';
import type { AuditReads } from '../records/audit-repo';

/**
 * What audit entries say, in one place, so that nothing personal slips in
 * by accident: a scan is recorded by its scan-log id, source, the passport
 * id when a trusted person was identified, the outcome and the reason
 * codes — never the payload (a badge the kiosk does not know could be
 * anything a visitor scanned), never a name, never a PIN.
 */

export interface ScanForAudit {
  source: string;
  readerId: string | null;
  verdict: Verdict;
}

/** A scan's audit detail; `checkin` when it was scanned into a session. */
export function scanAuditDetail(scanId: number, scan: ScanForAudit, checkin?: { session: string; result: string }): AuditDetail {
  return {
    scan: scanId,
    source: scan.source,
    ...(scan.readerId !== null && { reader: scan.readerId }),
    passport: scan.verdict.passport?.id ?? null,
    outcome: scan.verdict.outcome,
    reasons: scan.verdict.reasons.map((r) => r.code),
    ...(checkin && { session: checkin.session, result: checkin.result }),
  };
}

/** The latest `at` in the chain as ms, for the clock's trusted floor; null when the chain is empty. */
export function auditFloorOf(audit: Pick<AuditReads, 'latestAt'>): number | null {
  const at = audit.latestAt();
  return at === null ? null : Date.parse(at);
}
