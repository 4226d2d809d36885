import { MAX_PAYLOAD_CHARS, normalizePayload } from '../scan';
import { passportIdSchema } from '../schemas/passport';
import type { RosterRow } from './model';

/**
 * Roster validation (sessions.md "Roster"): the CSV's records, already split
 * into cells by the caller, become roster rows, or every problem with its
 * file line. Import is all or nothing, so nothing here stops at the first bad
 * row.
 */

/** One CSV record: the file line where it starts (1-based) and its cells. */
export interface CsvRecord {
  line: number;
  cells: readonly string[];
}

/** A problem with the file or with one row: the file line where that row starts. */
export interface RosterError {
  line: number;
  message: string;
}

export type RosterValidation =
  | { ok: true; rows: RosterRow[]; warnings: string[] }
  | { ok: false; errors: RosterError[]; warnings: string[] };

/** The largest roster file accepted, in bytes (a roster of 20,000 people is well under 2 MB). */
export const ROSTER_MAX_BYTES = 8 * 1024 * 1024;
/** The most rows (people) a roster may have. */
export const ROSTER_MAX_ROWS = 20_000;

const COLUMNS = ['name', 'passport', 'badge', 'staffGroup', 'note'] as const;
type Column = (typeof COLUMNS)[number];
const NAME_MAX = 120;
const NOTE_MAX = 200;
const EXAMPLE_HEADER = COLUMNS.join(',');

/** `line 3: …`: how an error is shown to people. */
export function formatRosterError(e: RosterError): string {
  return `line ${e.line}: ${e.message}`;
}

/** Length in characters as people count them (a character outside the BMP is one, not two). */
function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** A value quoted for a message, cut short so one bad cell cannot flood the error list. */
function quote(value: string): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value);
}

function isBlank(record: CsvRecord): boolean {
  return record.cells.every((c) => c.trim() === '');
}

interface HeaderMap {
  index: Partial<Record<Column, number>>;
  unknown: { at: number; name: string }[];
}

function readHeader(header: CsvRecord): HeaderMap | RosterError {
  const byKey = new Map<string, Column>(COLUMNS.map((c) => [c.toLowerCase(), c]));
  const map: HeaderMap = { index: {}, unknown: [] };
  for (const [at, raw] of header.cells.entries()) {
    const name = raw.trim();
    const column = byKey.get(name.toLowerCase());
    if (column === undefined) {
      map.unknown.push({ at, name });
      continue;
    }
    if (map.index[column] !== undefined) {
      return { line: header.line, message: `the header names the "${column}" column twice: keep one` };
    }
    map.index[column] = at;
  }
  if (map.index.name === undefined) {
    return {
      line: header.line,
      message: `the header has no "name" column: the first row must name the columns, e.g. ${EXAMPLE_HEADER}`,
    };
  }
  return map;
}

/** One warning naming the columns that are ignored (a column with no heading only if it holds something). */
function unknownColumnsWarning(header: HeaderMap, rows: readonly CsvRecord[]): string | null {
  const names: string[] = [];
  for (const u of header.unknown) {
    if (u.name !== '') names.push(JSON.stringify(u.name));
    else if (rows.some((r) => (r.cells[u.at] ?? '').trim() !== '')) names.push(`column ${u.at + 1} (no heading)`);
  }
  if (names.length === 0) return null;
  const what = names.length === 1 ? 'this column is not used and was ignored' : 'these columns are not used and were ignored';
  return `${what}: ${names.join(', ')} (the columns read are ${COLUMNS.join(', ')})`;
}

/**
 * Validate a roster's records (the header first). Blank records (every cell
 * empty or spaces) are skipped wherever they are. Rows are numbered from 1
 * in file order. Cells are trimmed; an empty optional cell is null.
 */
export function validateRoster(records: readonly CsvRecord[]): RosterValidation {
  const nonBlank = records.filter((r) => !isBlank(r));
  const header = nonBlank[0];
  if (header === undefined) {
    return {
      ok: false,
      errors: [{ line: 1, message: `the file is empty: it needs a header row (${EXAMPLE_HEADER}) and one row per person` }],
      warnings: [],
    };
  }
  const map = readHeader(header);
  if ('message' in map) return { ok: false, errors: [map], warnings: [] };
  const data = nonBlank.slice(1);
  const warning = unknownColumnsWarning(map, data);
  const warnings = warning === null ? [] : [warning];
  if (data.length === 0) {
    return { ok: false, errors: [{ line: header.line, message: 'the file has a header but no rows of people under it' }], warnings };
  }
  const beyond = data[ROSTER_MAX_ROWS];
  if (beyond !== undefined) {
    return {
      ok: false,
      errors: [{ line: beyond.line, message: `the roster has more than ${String(ROSTER_MAX_ROWS).replace(/\B(?=(\d{3})+$)/g, ',')} rows: split it into smaller sessions` }],
      warnings,
    };
  }

  const errors: RosterError[] = [];
  const rows: RosterRow[] = [];
  const passportLines = new Map<string, number>();
  const badgeLines = new Map<string, number>();
  const cell = (record: CsvRecord, column: Column): string => {
    const at = map.index[column];
    return at === undefined ? '' : (record.cells[at] ?? '').trim();
  };

  for (const [i, record] of data.entries()) {
    const line = record.line;
    const fail = (message: string) => errors.push({ line, message });
    if (record.cells.length > header.cells.length) {
      // The cells are probably shifted (an unquoted comma), so nothing else in the row is read.
      fail(
        `this row has ${record.cells.length} cells but the header has ${header.cells.length} columns: put a cell that contains a comma in double quotes`,
      );
      continue;
    }
    const before = errors.length;

    const name = cell(record, 'name');
    if (name === '') fail('the name is empty: every row needs the person’s name');
    else if (charLength(name) > NAME_MAX) fail(`the name is ${charLength(name)} characters long: at most ${NAME_MAX}`);

    const passport = cell(record, 'passport');
    if (passport !== '') {
      const parsed = passportIdSchema.safeParse(passport);
      if (!parsed.success) fail(`passport ${quote(passport)} is not a passport id: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const first = passportLines.get(passport);
      if (first !== undefined) fail(`passport ${quote(passport)} is also on line ${first}: each person once`);
      else passportLines.set(passport, line);
    }

    // Normalised as a scan would be (scan.md step 1), so the roster's value is what a reader sends.
    const badge = normalizePayload(cell(record, 'badge'));
    if (badge !== '') {
      if (charLength(badge) > MAX_PAYLOAD_CHARS) fail(`the badge is longer than ${MAX_PAYLOAD_CHARS} characters: no badge can carry it`);
      const first = badgeLines.get(badge);
      if (first !== undefined) fail(`badge ${quote(badge)} is also on line ${first}: each badge once`);
      else badgeLines.set(badge, line);
    }

    const note = cell(record, 'note');
    if (charLength(note) > NOTE_MAX) fail(`the note is ${charLength(note)} characters long: at most ${NOTE_MAX}`);

    const staffGroup = cell(record, 'staffGroup');
    if (errors.length === before) {
      rows.push({
        row: i + 1,
        name,
        passport: passport === '' ? null : passport,
        badge: badge === '' ? null : badge,
        staffGroup: staffGroup === '' ? null : staffGroup,
        note: note === '' ? null : note,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, rows, warnings };
}
