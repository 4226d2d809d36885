import { stringify } from 'csv-stringify/sync';
import type { AuditEntry, AuditReads } from '../records/audit-repo';

/**
 * `audit export` for the Data Protection Officer: the chain's entries as
 * CSV (UTF-8 with a byte-order mark, CRLF, the same formula-injection guard
 * as the register's CSV) or JSON, optionally between two dates. Entries
 * hold no payloads and no PINs (audit-details.ts), so the export adds
 * nothing the records do not already hold.
 */

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'type', 'actor', 'detail', 'hash'] as const;

export interface AuditRange {
  /** Inclusive lower bound, RFC 3339 (or a date, meaning its start, UTC). */
  from?: string;
  /** Exclusive upper bound; a date means the end of that day, UTC. */
  to?: string;
}

/** A `--from`/`--to` value as an instant: YYYY-MM-DD or RFC 3339; null when it is neither. */
export function rangeBound(text: string, end: boolean): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(ms)) return null;
    return new Date(end ? ms + 86_400_000 : ms).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function auditCsv(entries: Iterable<AuditEntry>): Buffer {
  const rows: Record<(typeof AUDIT_CSV_COLUMNS)[number], string>[] = [];
  for (const e of entries) {
    rows.push({ seq: String(e.seq), at: e.at, type: e.type, actor: e.actor, detail: JSON.stringify(e.detail), hash: e.hash });
  }
  const text = stringify(rows, {
    bom: true,
    header: true,
    columns: [...AUDIT_CSV_COLUMNS],
    record_delimiter: '\r\n',
    quote_record_delimiter: true,
    escape_formulas: true,
  });
  return Buffer.from(text, 'utf8');
}

export function auditJson(entries: Iterable<AuditEntry>, range: AuditRange): Buffer {
  const list = [...entries];
  return Buffer.from(`${JSON.stringify({ v: 1, from: range.from ?? null, to: range.to ?? null, entries: list }, null, 2)}\n`, 'utf8');
}

export function exportAudit(audit: AuditReads, format: 'csv' | 'json', range: AuditRange = {}): Buffer {
  const entries = audit.entries(range);
  return format === 'csv' ? auditCsv(entries) : auditJson(entries, range);
}
