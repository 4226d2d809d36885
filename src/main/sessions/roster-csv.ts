import { CsvError, parse } from 'csv-parse/sync';
import {
  ROSTER_MAX_BYTES,
  ROSTER_MAX_ROWS,
  validateRoster,
  type CsvRecord,
  type RosterError,
  type RosterValidation,
} from '../../core/sessions';

/**
 * A roster file (sessions.md "Roster": UTF-8, RFC 4180) read into roster rows
 * or every problem with its line. The bytes are decoded strictly, split into
 * records with csv-parse, each record given the file line where it starts,
 * and validated by the core (src/core/sessions/roster.ts).
 */

const MAX_MB = ROSTER_MAX_BYTES / (1024 * 1024);

/** Line breaks inside a cell, as a text editor counts lines: CRLF, LF or CR. */
function lineBreaks(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) n += c.match(/\r\n|\r|\n/g)?.length ?? 0;
  return n;
}

/** What csv-parse's refusals mean for someone holding a spreadsheet. */
function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a cell opens with a double quote that is never closed: close it, or save the file again from the spreadsheet as CSV';
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote in the middle of a cell: put the whole cell in double quotes and write the quote twice ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text follows a closing double quote in a cell: put the whole cell in double quotes and write any quote inside it twice ("")';
    default:
      return `the file is not valid CSV (${error.message}): save it again from the spreadsheet as CSV UTF-8`;
  }
}

/** Thrown from on_record to stop reading once the row limit is passed; not an error of the file's. */
class TooManyRows extends Error {}

/**
 * Parse a roster file's bytes. Refuses, with one error on line 1, a file
 * over 8 MB or not UTF-8; a byte-order mark is dropped; CRLF, LF (and CR)
 * line ends are all read, even mixed. Empty lines are skipped. A CSV syntax
 * error stops the reading: it is reported on the line where its record
 * starts, together with any problems of the rows before it.
 */
export function parseRosterCsv(bytes: Uint8Array): RosterValidation {
  if (bytes.byteLength > ROSTER_MAX_BYTES) {
    return {
      ok: false,
      errors: [{ line: 1, message: `the file is ${(bytes.byteLength / (1024 * 1024)).toFixed(1)} MB: a roster file may be at most ${MAX_MB} MB` }],
      warnings: [],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { ok: false, errors: [{ line: 1, message: 'the file is not UTF-8 text: save it as CSV UTF-8' }], warnings: [] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // the byte-order mark spreadsheet software writes for "CSV UTF-8"

  const records: CsvRecord[] = [];
  let nonBlank = 0;
  // The start line of the next record: the previous start, the breaks inside
  // the previous record's cells, its own line end, and the empty lines skipped
  // since. (csv-parse's own `info.lines` is where a record ends, and counts
  // CRLF oddly.)
  let prevLine = 0;
  let prevBreaks = 0;
  let prevEmpty = 0;
  const startOf = (emptyLines: number) => prevLine + prevBreaks + 1 + (emptyLines - prevEmpty);
  let syntax: RosterError | null = null;
  try {
    parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (cells: string[], info) => {
        const line = startOf(info.empty_lines);
        prevLine = line;
        prevBreaks = lineBreaks(cells);
        prevEmpty = info.empty_lines;
        records.push({ line, cells });
        if (cells.some((c) => c.trim() !== '')) nonBlank++;
        // Header + the limit + one more is enough for the core to say where the limit was passed.
        if (nonBlank > ROSTER_MAX_ROWS + 1) throw new TooManyRows();
        return null;
      },
    });
  } catch (e) {
    if (e instanceof CsvError) {
      const empty = typeof e.empty_lines === 'number' ? e.empty_lines : prevEmpty;
      syntax = { line: startOf(empty), message: csvProblem(e) };
    } else if (!(e instanceof TooManyRows)) {
      throw e;
    }
  }
  if (syntax === null) return validateRoster(records);
  // The rows before the syntax error are still checked (when there are any),
  // so one pass shows every problem found.
  const before = nonBlank >= 2 ? validateRoster(records) : null;
  const earlier = before && !before.ok ? before.errors : [];
  return { ok: false, errors: [...earlier, syntax], warnings: before?.warnings ?? [] };
}
