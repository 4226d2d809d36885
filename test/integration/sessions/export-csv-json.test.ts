import { parse } from 'csv-parse/sync';
import { registerCsv, REGISTER_CSV_COLUMNS } from '../../../src/main/sessions/export-csv';
import { registerJson } from '../../../src/main/sessions/export-json';
import { londonIso } from '../../../src/main/sessions/local-time';
import { line, countStatuses, fixtureSession, mixedRegister } from '../../helpers/register-fixture';

const HEADER =
  'session_id,session_title,session_kind,session_starts,row,name,passport_id,issuer,staff_group,on_roster,status,late,arrived_at,marked_by,mark_reason,outcome,reason_codes,prior_induction';

function readBack(bytes: Buffer): Record<string, string>[] {
  return parse(bytes, { bom: true, columns: true, skip_empty_lines: false }) as Record<string, string>[];
}

describe('local time for exports', () => {
  it('says GMT in winter and BST in summer, whole seconds, no milliseconds', () => {
    expect(londonIso('2026-11-24T09:05:07.999Z')).toBe('2026-11-24T09:05:07+00:00');
    expect(londonIso('2026-07-01T08:05:00.000Z')).toBe('2026-07-01T09:05:00+01:00');
    // The clocks go back at 01:00 UTC on 25 October 2026: 01:30 London happens twice.
    expect(londonIso('2026-10-25T00:30:00Z')).toBe('2026-10-25T01:30:00+01:00');
    expect(londonIso('2026-10-25T01:30:00Z')).toBe('2026-10-25T01:30:00+00:00');
    // And forward at 01:00 UTC on 29 March 2026.
    expect(londonIso('2026-03-29T00:59:59Z')).toBe('2026-03-29T00:59:59+00:00');
    expect(londonIso('2026-03-29T01:00:00Z')).toBe('2026-03-29T02:00:00+01:00');
    // Local midnight across the date line of UTC.
    expect(londonIso('2026-06-30T23:30:00Z')).toBe('2026-07-01T00:30:00+01:00');
  });
});

describe('register CSV', () => {
  const register = mixedRegister();
  const bytes = registerCsv(register);
  const text = bytes.toString('utf8');

  it('starts with a UTF-8 byte-order mark and the exact header', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1).split('\r\n')[0]).toBe(HEADER);
    expect(REGISTER_CSV_COLUMNS.join(',')).toBe(HEADER);
  });

  it('ends every line with CRLF and has no bare LF or CR', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.split('\r\n')).toHaveLength(register.people.length + 2); // header, lines, final empty
  });

  it('reads back field by field', () => {
    const rows = readBack(bytes);
    expect(rows).toHaveLength(register.people.length);
    expect(Object.keys(rows[0]!)).toEqual([...REGISTER_CSV_COLUMNS]);
    const at = (i: number) => rows[i]!;
    for (const r of rows) {
      expect(r.session_id).toBe(register.session.id);
      expect(r.session_title).toBe('Corporate induction — November intake');
      expect(r.session_kind).toBe('corporate');
      expect(r.session_starts).toBe('2026-11-24T09:00:00+00:00');
    }
    expect(at(0)).toEqual({
      ...at(0),
      row: '1',
      name: 'Zoë Hughes',
      passport_id: 'RXL-0001',
      issuer: 'RXL',
      staff_group: 'Nursing',
      on_roster: 'true',
      status: 'present',
      late: 'false',
      arrived_at: '2026-11-24T08:58:12+00:00',
      marked_by: '',
      mark_reason: '',
      outcome: 'cleared',
      reason_codes: '',
      prior_induction: '',
    });
    expect(at(1)).toMatchObject({ name: 'Łukasz Nowak', late: 'true', outcome: 'refer', reason_codes: 'TRAINING_EXPIRED CHECK_EXPIRING' });
    expect(at(2)).toMatchObject({
      row: '3',
      name: 'Nguyễn Thị Minh Khai',
      status: 'present-manual',
      late: '',
      arrived_at: '',
      passport_id: '',
      issuer: '',
      marked_by: 'Priya Raman',
      mark_reason: 'Forgot badge, photo ID seen',
      outcome: '',
    });
    expect(at(3)).toMatchObject({ status: 'exempt-prior', prior_induction: 'RJ1 2025-03-14', reason_codes: 'INDUCTION_RECORDED' });
    expect(at(4)).toMatchObject({ name: 'Γιώργος Παπαδόπουλος', status: 'exempt-manual', mark_reason: "'-Completed at previous trust last month" });
    expect(at(5)).toMatchObject({ name: 'Олена Коваленко', status: 'absent', mark_reason: 'Said "on leave", back Monday', late: '' });
    // Walk-ins: no row, not on the roster.
    expect(at(9)).toMatchObject({ row: '', on_roster: 'false', name: 'Tomás Ó Briain', late: 'true', arrived_at: '2026-11-24T09:25:30+00:00' });
    expect(at(10)).toMatchObject({ row: '', on_roster: 'false', prior_induction: 'RXL 2024-06-01' });
  });

  it('guards every cell that would begin with = + - @ tab or CR', () => {
    const rows = readBack(bytes);
    expect(rows[6]!.name).toBe(`'=HYPERLINK("http://example.invalid","x")`);
    expect(rows[6]!.staff_group).toBe("'@ops");
    expect(rows[7]!.name).toBe("'-Dash Smith");
    expect(rows[7]!.staff_group).toBe("'+Bank");
    expect(rows[10]!.name).toBe("'@Alex Smith");
    const odd = {
      session: fixtureSession({ title: '+Title' }),
      people: [
        line({ row: 1, name: '\tTabbed', status: 'absent', markedBy: '=by', markReason: '\rreason' }),
        line({ row: 2, name: 'Line\nbreak', status: 'expected' }),
      ],
      counts: countStatuses([]),
    };
    const back = readBack(registerCsv(odd));
    expect(back[0]).toMatchObject({ session_title: "'+Title", name: "'\tTabbed", marked_by: "'=by", mark_reason: "'\rreason" });
    // A line break inside a cell is quoted, so it stays one record.
    expect(back).toHaveLength(2);
    expect(back[1]!.name).toBe('Line\nbreak');
  });

  it('does not export the lead-only note', () => {
    expect(text).not.toContain('lead only');
    expect(text).not.toContain('secret');
  });

  it('writes summer times with +01:00', () => {
    const summer = mixedRegister({ starts: '2026-07-01T08:00:00.000Z', ends: '2026-07-01T11:30:00.000Z' });
    summer.people[0]!.arrivedAt = '2026-07-01T08:05:00.000Z';
    const rows = readBack(registerCsv(summer));
    expect(rows[0]!.session_starts).toBe('2026-07-01T09:00:00+01:00');
    expect(rows[0]!.arrived_at).toBe('2026-07-01T09:05:00+01:00');
  });

  it('writes just the header for an empty register', () => {
    const empty = { session: fixtureSession(), people: [], counts: countStatuses([]) };
    expect(registerCsv(empty).toString('utf8')).toBe(`\ufeff${HEADER}\r\n`);
  });
});

describe('register JSON', () => {
  const register = mixedRegister({ state: 'closed', closedAt: '2026-11-24T12:41:00.000Z' });
  const json = JSON.parse(registerJson(register).toString('utf8')) as Record<string, unknown> & {
    session: Record<string, unknown>;
    people: Record<string, unknown>[];
    counts: Record<string, number>;
  };

  it('has session, people and counts with the CSV information in camelCase', () => {
    expect(Object.keys(json)).toEqual(['session', 'people', 'counts']);
    expect(json.session).toEqual({
      id: register.session.id,
      title: 'Corporate induction — November intake',
      kind: 'corporate',
      starts: '2026-11-24T09:00:00+00:00',
      ends: '2026-11-24T12:30:00+00:00',
      room: 'Education Centre, Room 2',
      lead: 'Priya Raman',
      capacity: 40,
      graceMinutes: 10,
      state: 'closed',
      createdAt: '2026-11-20T10:15:00+00:00',
      closedAt: '2026-11-24T12:41:00+00:00',
    });
    expect(json.people).toHaveLength(register.people.length);
    expect(json.people[1]).toEqual({
      row: 2,
      name: 'Łukasz Nowak',
      passportId: 'RXL-0002',
      issuer: 'RXL',
      staffGroup: 'Estates',
      onRoster: true,
      status: 'present',
      late: true,
      arrivedAt: '2026-11-24T09:17:00+00:00',
      markedBy: null,
      markReason: null,
      outcome: 'refer',
      reasonCodes: ['TRAINING_EXPIRED', 'CHECK_EXPIRING'],
      priorInduction: null,
    });
    expect(json.people[3]!.priorInduction).toEqual({ by: 'RJ1', byName: 'Guy’s and St Thomas’', completed: '2025-03-14' });
    expect(json.people[9]).toMatchObject({ row: null, onRoster: false, name: 'Tomás Ó Briain' });
    expect(json.counts).toEqual({ present: 5, 'present-manual': 1, 'exempt-prior': 1, 'exempt-manual': 1, expected: 2, absent: 1 });
  });

  it('names are not formula-guarded in JSON, and lead-only fields are left out', () => {
    expect(json.people[6]!.name).toBe('=HYPERLINK("http://example.invalid","x")');
    for (const p of json.people) {
      expect(p).not.toHaveProperty('note');
      expect(p).not.toHaveProperty('flagged');
    }
  });
});
