/** validateRoster, the core half of a roster import: records with their lines in, rows or errors out. */
import { formatRosterError, validateRoster, type CsvRecord } from '../../../../src/core/sessions';

const rec = (line: number, ...cells: string[]): CsvRecord => ({ line, cells });

describe('validateRoster', () => {
  it('takes the header from the first record that is not blank, and keeps its line', () => {
    expect(validateRoster([rec(1, ''), rec(2, ' ', ''), rec(3, 'Surname'), rec(4, 'Patel')])).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'the header has no "name" column: the first row must name the columns, e.g. name,passport,badge,staffGroup,note' }],
      warnings: [],
    });
  });

  it('trims cells and turns empty optional cells into null', () => {
    expect(validateRoster([rec(1, 'name', 'passport', 'badge', 'staffGroup', 'note'), rec(2, '  Amira  ', ' RXL-1 ', '   ', ' ', '  ')])).toEqual({
      ok: true,
      rows: [{ row: 1, name: 'Amira', passport: 'RXL-1', badge: null, staffGroup: null, note: null }],
      warnings: [],
    });
  });

  it('refuses a badge longer than a scan payload may be (scan.md step 2)', () => {
    const r = validateRoster([rec(1, 'name', 'badge'), rec(2, 'A', 'b'.repeat(4097)), rec(3, 'B', 'b'.repeat(4096))]);
    expect(r).toMatchObject({ ok: false, errors: [{ line: 2, message: 'the badge is longer than 4096 characters: no badge can carry it' }] });
  });

  it('a row with too many cells is not read further (its cells are probably shifted), nor counted for repeats', () => {
    const r = validateRoster([rec(1, 'name', 'passport'), rec(2, 'Patel', ' Amira', 'P1'), rec(3, 'Sam', 'P1')]);
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'this row has 3 cells but the header has 2 columns: put a cell that contains a comma in double quotes' }],
      warnings: [],
    });
  });

  it('badges repeat by their normalised value; an NFC UID and its separated form are different values', () => {
    const r = validateRoster([rec(1, 'name', 'badge'), rec(2, 'A', '04A23B9C'), rec(3, 'B', '04:A2:3B:9C'), rec(4, 'C', '\u000204A23B9C\r')]);
    expect(r).toMatchObject({ ok: false, errors: [{ line: 4, message: 'badge "04A23B9C" is also on line 2: each badge once' }] });
  });

  it('formats an error for people', () => {
    expect(formatRosterError({ line: 7, message: 'the name is empty' })).toBe('line 7: the name is empty');
  });
});
