/** parseRosterCsv (sessions.md "Roster"): real bytes in, rows or every problem with its line out. */
import { parseRosterCsv } from '../../../src/main/sessions/roster-csv';
import type { RosterValidation } from '../../../src/core/sessions';

const utf8 = (text: string) => new TextEncoder().encode(text);
const parseText = (text: string) => parseRosterCsv(utf8(text));

function rows(r: RosterValidation) {
  if (!r.ok) throw new Error(`expected a valid roster, got ${JSON.stringify(r.errors)}`);
  return r.rows;
}
function errors(r: RosterValidation) {
  if (r.ok) throw new Error('expected the roster to be refused');
  return r.errors;
}

describe('parseRosterCsv: reading the file', () => {
  const expected = [
    { row: 1, name: 'Amira Patel', passport: 'RXL-7f3a9c21', badge: 'RXL0012345', staffGroup: 'Nursing', note: null },
    { row: 2, name: 'Sam Okafor', passport: null, badge: null, staffGroup: null, note: 'no passport yet' },
  ];

  it('reads LF', () => {
    const r = parseText('name,passport,badge,staffGroup,note\nAmira Patel,RXL-7f3a9c21,RXL0012345,Nursing,\nSam Okafor,,,,no passport yet\n');
    expect(r).toEqual({ ok: true, rows: expected, warnings: [] });
  });

  it('reads CRLF, with or without a final line end', () => {
    expect(rows(parseText('name,passport,badge,staffGroup,note\r\nAmira Patel,RXL-7f3a9c21,RXL0012345,Nursing,\r\nSam Okafor,,,,no passport yet\r\n'))).toEqual(expected);
    expect(rows(parseText('name,passport,badge,staffGroup,note\r\nAmira Patel,RXL-7f3a9c21,RXL0012345,Nursing,\r\nSam Okafor,,,,no passport yet'))).toEqual(expected);
  });

  it('reads a file whose line ends are mixed (CRLF, LF, CR), with true line numbers', () => {
    expect(errors(parseText('name,passport\r\nA,P1\nB,P2\rC,P1\r\n'))).toEqual([{ line: 4, message: 'passport "P1" is also on line 2: each person once' }]);
  });

  it('drops a UTF-8 byte-order mark (as spreadsheet software writes "CSV UTF-8")', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('name,passport\r\nZoë Łukasz,RXL-1\r\n')]);
    expect(rows(parseRosterCsv(bom))).toEqual([{ row: 1, name: 'Zoë Łukasz', passport: 'RXL-1', badge: null, staffGroup: null, note: null }]);
  });

  it('reads quoted commas and doubled quotes', () => {
    const r = rows(parseText('name,note\n"Patel, Amira","says ""call me Ami"""\n'));
    expect(r[0]).toMatchObject({ name: 'Patel, Amira', note: 'says "call me Ami"' });
  });

  it('a quoted cell spanning lines: later rows keep their true line numbers', () => {
    const text = [
      'name,passport,note', //                      line 1
      'Amira,RXL-1,"first line', //                 line 2
      'second line', //                             line 3
      'third line"', //                             line 4
      'Sam,RXL-1,', //                              line 5: repeat of line 2's passport
      '', //                                        line 6
      ',RXL-2,"a note', //                          line 7: no name
      'over two lines"', //                         line 8
      'Zoë,bad id!,', //                            line 9
    ].join('\r\n');
    expect(errors(parseText(text))).toEqual([
      { line: 5, message: 'passport "RXL-1" is also on line 2: each person once' },
      { line: 7, message: 'the name is empty: every row needs the person’s name' },
      { line: 9, message: 'passport "bad id!" is not a passport id: must be 1–64 characters of A–Z a–z 0–9 . _ -' },
    ]);
  });

  it('keeps a line break inside a cell and counts lines in a file with a line break inside a CRLF cell', () => {
    const r = parseText('name,note\r\nAmira,"a\nb"\r\n,x\r\n');
    expect(errors(r)).toEqual([{ line: 4, message: 'the name is empty: every row needs the person’s name' }]);
    expect(rows(parseText('name,note\r\nAmira,"a\r\nb"\r\n'))[0]!.note).toBe('a\r\nb');
  });

  it('skips empty lines and lines of empty cells, and numbers rows in file order', () => {
    const r = rows(parseText('\nname,passport\n\nAmira,RXL-1\n,\n  ,  \n\nSam,RXL-2\n\n'));
    expect(r.map((x) => [x.row, x.name])).toEqual([
      [1, 'Amira'],
      [2, 'Sam'],
    ]);
  });

  it('matches the header without regard to case, order or surrounding spaces', () => {
    const r = rows(parseText(' NOTE , Badge,STAFFGROUP ,Passport,  Name \nbring lanyard,  RXL0012345 ,Estates,RXL-9,  Jo Bloggs  \n'));
    expect(r).toEqual([{ row: 1, name: 'Jo Bloggs', passport: 'RXL-9', badge: 'RXL0012345', staffGroup: 'Estates', note: 'bring lanyard' }]);
  });

  it('needs only the name column', () => {
    expect(rows(parseText('name\nAmira\nSam\n')).map((r) => r.name)).toEqual(['Amira', 'Sam']);
  });

  it('normalises the badge as a scan would: edges of spaces and control characters stripped', () => {
    const r = rows(parseText('name,badge\nAmira,"\t RXL0012345\u0007 "\nSam,04:a2:3b:9c:5d:6e:80\n'));
    expect(r.map((x) => x.badge)).toEqual(['RXL0012345', '04:a2:3b:9c:5d:6e:80']);
  });

  it('ignores unknown columns and names them in one warning', () => {
    const r = parseText('name,Email,passport,Dept\nAmira,a@nhs.net,RXL-1,Ward 4\n');
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(['these columns are not used and were ignored: "Email", "Dept" (the columns read are name, passport, badge, staffGroup, note)']);
    expect(rows(r)[0]).toEqual({ row: 1, name: 'Amira', passport: 'RXL-1', badge: null, staffGroup: null, note: null });
  });

  it('warns of a column with no heading only when something is in it', () => {
    expect(parseText('name,passport,\nAmira,RXL-1,\n').warnings).toEqual([]);
    expect(parseText('name,passport,\nAmira,RXL-1,x\n').warnings).toEqual([
      'this column is not used and was ignored: column 3 (no heading) (the columns read are name, passport, badge, staffGroup, note)',
    ]);
  });

  it('accepts a row with fewer cells than the header (the rest are empty)', () => {
    expect(rows(parseText('name,passport,badge,note\nAmira\n'))[0]).toMatchObject({ name: 'Amira', passport: null, badge: null, note: null });
  });

  it('reads a 5,000-row roster, rows numbered 1 to 5,000', () => {
    const lines = ['name,passport,badge,staffGroup,note'];
    for (let i = 1; i <= 5000; i++) lines.push(`"Person ${i}, Jr",RXL-${i},BADGE${i},Nursing,note ${i}`);
    const r = rows(parseText(lines.join('\r\n')));
    expect(r).toHaveLength(5000);
    expect(r[0]).toEqual({ row: 1, name: 'Person 1, Jr', passport: 'RXL-1', badge: 'BADGE1', staffGroup: 'Nursing', note: 'note 1' });
    expect(r[4999]).toEqual({ row: 5000, name: 'Person 5000, Jr', passport: 'RXL-5000', badge: 'BADGE5000', staffGroup: 'Nursing', note: 'note 5000' });
    expect(r.every((x, i) => x.row === i + 1)).toBe(true);
  });
});

describe('parseRosterCsv: every bad row, with its line', () => {
  it('reports each kind of invalid row on its own line, and imports nothing', () => {
    const text = [
      'name,passport,badge,staffGroup,note', //                   1
      'Amira Patel,RXL-1,B-1,Nursing,', //                        2 fine
      ',RXL-2,,,', //                                             3 name missing
      `${'N'.repeat(121)},RXL-3,,,`, //                           4 name too long
      'Sam,RXL 4,,,', //                                          5 malformed passport id
      `Jo,${'x'.repeat(65)},,,`, //                               6 passport id too long
      'Kim,RXL-1,,,', //                                          7 repeated passport
      'Lee,RXL-8, B-1 ,,', //                                     8 repeated normalised badge
      'Patel, Amira,RXL-9,,,', //                                 9 more cells than the header
      `Max,RXL-10,,,${'n'.repeat(201)}`, //                       10 note too long
      'Ana,RXL-11,,,', //                                         11 fine
    ].join('\n');
    const r = parseText(text);
    expect(errors(r)).toEqual([
      { line: 3, message: 'the name is empty: every row needs the person’s name' },
      { line: 4, message: 'the name is 121 characters long: at most 120' },
      { line: 5, message: 'passport "RXL 4" is not a passport id: must be 1–64 characters of A–Z a–z 0–9 . _ -' },
      { line: 6, message: `passport "${'x'.repeat(40)}…" is not a passport id: must be 1–64 characters of A–Z a–z 0–9 . _ -` },
      { line: 7, message: 'passport "RXL-1" is also on line 2: each person once' },
      { line: 8, message: 'badge "B-1" is also on line 2: each badge once' },
      { line: 9, message: 'this row has 6 cells but the header has 5 columns: put a cell that contains a comma in double quotes' },
      { line: 10, message: 'the note is 201 characters long: at most 200' },
    ]);
  });

  it('accepts names and notes exactly at their limits, counted in characters', () => {
    const name = 'É'.repeat(119) + '😀'; // 120 characters, 121 UTF-16 code units
    const r = rows(parseText(`name,note\n"${name}",${'n'.repeat(200)}\n`));
    expect(r[0]).toMatchObject({ name, note: 'n'.repeat(200) });
  });

  it('a repeated value is reported on every repeat, each pointing at the first', () => {
    expect(errors(parseText('name,passport\nA,P1\nB,P1\nC,P1\n'))).toEqual([
      { line: 3, message: 'passport "P1" is also on line 2: each person once' },
      { line: 4, message: 'passport "P1" is also on line 2: each person once' },
    ]);
  });

  it('two problems in one row are both reported', () => {
    expect(errors(parseText('name,passport,badge\nA,P1,B1\n,P1,B1\n'))).toEqual([
      { line: 3, message: 'the name is empty: every row needs the person’s name' },
      { line: 3, message: 'passport "P1" is also on line 2: each person once' },
      { line: 3, message: 'badge "B1" is also on line 2: each badge once' },
    ]);
  });

  it('a header without a name column is a file-level error on line 1', () => {
    expect(parseText('Full name,passport\nAmira,RXL-1\n')).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'the header has no "name" column: the first row must name the columns, e.g. name,passport,badge,staffGroup,note' }],
      warnings: [],
    });
  });

  it('a header naming a column twice is refused', () => {
    expect(errors(parseText('name,Name\nA,B\n'))).toEqual([{ line: 1, message: 'the header names the "name" column twice: keep one' }]);
  });
});

describe('parseRosterCsv: files that are not a roster', () => {
  it('a file that is not UTF-8 (Latin-1 "Zoë")', () => {
    const latin1 = new Uint8Array([...utf8('name\nZo'), 0xeb, 0x0a]);
    expect(parseRosterCsv(latin1)).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'the file is not UTF-8 text: save it as CSV UTF-8' }],
      warnings: [],
    });
  });

  it('an empty file', () => {
    for (const text of ['', '\r\n\r\n', ' , \n']) {
      expect(errors(parseText(text))).toEqual([
        { line: 1, message: 'the file is empty: it needs a header row (name,passport,badge,staffGroup,note) and one row per person' },
      ]);
    }
    expect(errors(parseRosterCsv(new Uint8Array([0xef, 0xbb, 0xbf])))).toHaveLength(1);
  });

  it('a header-only file', () => {
    expect(errors(parseText('name,passport,badge\r\n'))).toEqual([{ line: 1, message: 'the file has a header but no rows of people under it' }]);
  });

  it('an unclosed quote: reported on the line where its row starts, after the problems of the rows before', () => {
    expect(errors(parseText('name,passport\nA,P1\nB,P1\n"C,P3\nD,P4\n'))).toEqual([
      { line: 3, message: 'passport "P1" is also on line 2: each person once' },
      {
        line: 4,
        message: 'a cell opens with a double quote that is never closed: close it, or save the file again from the spreadsheet as CSV',
      },
    ]);
  });

  it('a stray quote inside a cell, and text after a closing quote', () => {
    expect(errors(parseText('name,passport\nA,P1\nJo "JJ" Smith,P2\n'))).toEqual([
      { line: 3, message: 'a double quote in the middle of a cell: put the whole cell in double quotes and write the quote twice ("")' },
    ]);
    expect(errors(parseText('name,passport\r\n"Jo" Smith,P2\r\n'))).toEqual([
      { line: 2, message: 'text follows a closing double quote in a cell: put the whole cell in double quotes and write any quote inside it twice ("")' },
    ]);
  });

  it('a file over 8 MB is refused before it is read', () => {
    const big = new Uint8Array(8 * 1024 * 1024 + 1).fill(0x41);
    expect(errors(parseRosterCsv(big))).toEqual([{ line: 1, message: 'the file is 8.0 MB: a roster file may be at most 8 MB' }]);
  });

  it('a file of more than 20,000 rows is refused, on the line of row 20,001', () => {
    const lines = ['name'];
    for (let i = 1; i <= 20_005; i++) lines.push(`P${i}`);
    expect(errors(parseText(lines.join('\n')))).toEqual([
      { line: 20_002, message: 'the roster has more than 20,000 rows: split it into smaller sessions' },
    ]);
    lines.length = 20_001;
    expect(rows(parseText(lines.join('\n')))).toHaveLength(20_000);
  });
});
