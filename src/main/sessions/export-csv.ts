import { stringify } from 'csv-stringify/sync';
import type { Register, RegisterLine } from '../../core/sessions/model';
import { londonIso } from './local-time';

/**
 * The register as CSV (sessions.md "Exports"): UTF-8 with a byte-order mark
 * (so spreadsheet software reads accented names), CRLF line ends, the
 * spec's header and column order, and the formula-injection guard.
 */

/** The header, in the spec's column order. */
export const REGISTER_CSV_COLUMNS = [
  'session_id',
  'session_title',
  'session_kind',
  'session_starts',
  'row',
  'name',
  'passport_id',
  'issuer',
  'staff_group',
  'on_roster',
  'status',
  'late',
  'arrived_at',
  'marked_by',
  'mark_reason',
  'outcome',
  'reason_codes',
  'prior_induction',
] as const;

type CsvRecord = Record<(typeof REGISTER_CSV_COLUMNS)[number], string>;

function csvRecord(register: Register, line: RegisterLine): CsvRecord {
  const { session } = register;
  return {
    session_id: session.id,
    session_title: session.title,
    session_kind: session.kind,
    session_starts: londonIso(session.starts),
    row: line.row === null ? '' : String(line.row),
    name: line.name,
    passport_id: line.passportId ?? '',
    issuer: line.issuer ?? '',
    staff_group: line.staffGroup ?? '',
    on_roster: String(line.onRoster),
    status: line.status,
    late: line.late === null ? '' : String(line.late),
    arrived_at: line.arrivedAt === null ? '' : londonIso(line.arrivedAt),
    marked_by: line.markedBy ?? '',
    mark_reason: line.markReason ?? '',
    outcome: line.outcome ?? '',
    reason_codes: line.reasonCodes.join(' '),
    prior_induction: line.priorInduction ? `${line.priorInduction.by} ${line.priorInduction.completed}` : '',
  };
}

/**
 * Write the register as CSV bytes. Every cell goes through csv-stringify's
 * `escape_formulas` (a leading `'` before `=`, `+`, `-`, `@`, tab or CR —
 * exactly the spec's list); no cell here is ever a negative number, so the
 * guard needs no exception for numbers.
 */
export function registerCsv(register: Register): Buffer {
  const text = stringify(
    register.people.map((line) => csvRecord(register, line)),
    {
      bom: true,
      header: true,
      columns: [...REGISTER_CSV_COLUMNS],
      record_delimiter: '\r\n',
      // Setting record_delimiter turns this off by default; a cell holding a line break must still be quoted.
      quote_record_delimiter: true,
      escape_formulas: true,
    },
  );
  return Buffer.from(text, 'utf8');
}
