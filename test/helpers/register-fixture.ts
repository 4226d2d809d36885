/**
 * Registers built by hand for the export tests and the export bench: the
 * exports take a `Register` (built by the core rules elsewhere), so these
 * fixtures need no records file.
 *
 *   const r = mixedRegister();            // every status, walk-ins, marks, scripts
 *   const big = largeRegister(500);       // many pages of PDF
 *
 * Pure data: no jest, so the bench (compiled without test types) can use it.
 */
import {
  REGISTER_STATUSES,
  type Register,
  type RegisterCounts,
  type RegisterLine,
  type RosterRow,
  type Session,
} from '../../src/core/sessions/model';

export const FIXTURE_SESSION_ID = '3f2c8a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c';

/** A corporate induction on Tuesday 24 November 2026 (GMT), 09:00–12:30 London time. */
export function fixtureSession(over: Partial<Session> = {}): Session {
  return {
    id: FIXTURE_SESSION_ID,
    title: 'Corporate induction — November intake',
    kind: 'corporate',
    starts: '2026-11-24T09:00:00.000Z',
    ends: '2026-11-24T12:30:00.000Z',
    room: 'Education Centre, Room 2',
    lead: 'Priya Raman',
    capacity: 40,
    graceMinutes: 10,
    state: 'open',
    createdAt: '2026-11-20T10:15:00.000Z',
    closedAt: null,
    ...over,
  };
}

/** A register line with empty defaults. */
export function line(over: Partial<RegisterLine> & Pick<RegisterLine, 'name' | 'status'>): RegisterLine {
  return {
    row: null,
    passportId: null,
    issuer: null,
    staffGroup: null,
    onRoster: true,
    late: null,
    arrivedAt: null,
    markedBy: null,
    markReason: null,
    outcome: null,
    reasonCodes: [],
    priorInduction: null,
    ...over,
  };
}

/** Counts by status, as the core rules would give them. */
export function countStatuses(people: readonly RegisterLine[]): RegisterCounts {
  const counts = Object.fromEntries(REGISTER_STATUSES.map((s) => [s, 0])) as RegisterCounts;
  for (const p of people) counts[p.status] += 1;
  return counts;
}

/** A name with a CJK ideograph (not in DejaVu Sans): the PDF must say it could not print it. */
export const NAME_WITH_MISSING_GLYPH = 'Wang 王 Xiaoming';

/**
 * Every status, walk-ins late and not late, marks with reasons (one with a
 * comma and quotes), prior induction, names beginning with `=`, `-` and `@`,
 * Latin with accents, Vietnamese, Greek, Cyrillic, and a CJK ideograph.
 */
export function mixedRegister(sessionOver: Partial<Session> = {}): Register {
  const people: RegisterLine[] = [
    line({
      row: 1,
      name: 'Zoë Hughes',
      passportId: 'RXL-0001',
      issuer: 'RXL',
      staffGroup: 'Nursing',
      status: 'present',
      late: false,
      arrivedAt: '2026-11-24T08:58:12.345Z',
      outcome: 'cleared',
    }),
    line({
      row: 2,
      name: 'Łukasz Nowak',
      passportId: 'RXL-0002',
      issuer: 'RXL',
      staffGroup: 'Estates',
      status: 'present',
      late: true,
      arrivedAt: '2026-11-24T09:17:00.000Z',
      outcome: 'refer',
      reasonCodes: ['TRAINING_EXPIRED', 'CHECK_EXPIRING'],
      flagged: true,
    }),
    line({
      row: 3,
      name: 'Nguyễn Thị Minh Khai',
      staffGroup: 'Healthcare scientists',
      status: 'present-manual',
      markedBy: 'Priya Raman',
      markReason: 'Forgot badge, photo ID seen',
    }),
    line({
      row: 4,
      name: 'Siobhán O’Connell',
      passportId: 'RJ1-0042',
      issuer: 'RJ1',
      staffGroup: 'Medical',
      status: 'exempt-prior',
      outcome: 'cleared',
      reasonCodes: ['INDUCTION_RECORDED'],
      priorInduction: { by: 'RJ1', byName: 'Guy’s and St Thomas’', completed: '2025-03-14' },
    }),
    line({
      row: 5,
      name: 'Γιώργος Παπαδόπουλος',
      passportId: 'RXL-0005',
      issuer: 'RXL',
      staffGroup: 'Pharmacy',
      status: 'exempt-manual',
      outcome: 'cleared',
      markedBy: 'Priya Raman',
      markReason: '-Completed at previous trust last month',
    }),
    line({
      row: 6,
      name: 'Олена Коваленко',
      staffGroup: 'Admin',
      status: 'absent',
      outcome: 'unknown',
      reasonCodes: ['PASSPORT_NOT_IN_CACHE'],
      markedBy: 'Priya Raman',
      markReason: 'Said "on leave", back Monday',
    }),
    line({ row: 7, name: '=HYPERLINK("http://example.invalid","x")', staffGroup: '@ops', status: 'expected', note: 'lead only' }),
    line({ row: 8, name: '-Dash Smith', staffGroup: '+Bank', status: 'expected', note: '=secret' }),
    line({
      row: 9,
      name: NAME_WITH_MISSING_GLYPH,
      passportId: 'RXL-0009',
      issuer: 'RXL',
      staffGroup: 'Nursing',
      status: 'present',
      late: false,
      arrivedAt: '2026-11-24T09:10:00.000Z',
      outcome: 'cleared',
    }),
    line({
      name: 'Tomás Ó Briain',
      passportId: 'RYJ-0100',
      issuer: 'RYJ',
      staffGroup: 'medical-dental',
      onRoster: false,
      status: 'present',
      late: true,
      arrivedAt: '2026-11-24T09:25:30.000Z',
      outcome: 'not-cleared',
      reasonCodes: ['PASSPORT_SUSPENDED'],
      flagged: true,
    }),
    line({
      name: '@Alex Smith',
      passportId: 'RXL-0200',
      issuer: 'RXL',
      staffGroup: 'admin-clerical',
      onRoster: false,
      status: 'present',
      late: false,
      arrivedAt: '2026-11-24T09:01:00.000Z',
      outcome: 'cleared',
      priorInduction: { by: 'RXL', completed: '2024-06-01' },
    }),
  ];
  return { session: fixtureSession(sessionOver), people, counts: countStatuses(people) };
}

const GIVEN = ['Zoë', 'Łukasz', 'Siobhán', 'Amira', 'Γιώργος', 'Олена', 'Nguyễn Thị', 'Tomás', 'Chidi', 'Małgorzata', 'Björn', 'Aoife'];
const FAMILY = ['Hughes', 'Nowak', 'O’Connell', 'Patel', 'Παπαδόπουλος', 'Коваленко', 'Minh Khai', 'Ó Briain', 'Okafor', 'Wiśniewska', 'Ångström', 'Ní Bhriain'];
const GROUPS = ['Nursing', 'Estates', 'Medical', 'Admin and clerical', 'Allied health professionals', null];
const ISSUERS = ['RXL', 'RJ1', 'RYJ'];

/**
 * A register of `n` people (n/10 of them walk-ins) cycling through every
 * status, with an occasional very long name that must wrap or be cut short.
 */
export function largeRegister(n: number, sessionOver: Partial<Session> = {}): Register {
  const people: RegisterLine[] = [];
  const walkIns = Math.floor(n / 10);
  const start = Date.parse('2026-11-24T08:45:00.000Z');
  for (let i = 0; i < n; i++) {
    const walkIn = i >= n - walkIns;
    const status = walkIn ? 'present' : REGISTER_STATUSES[i % REGISTER_STATUSES.length]!;
    const arrived = status === 'present';
    const name =
      i % 37 === 5
        ? `${GIVEN[i % GIVEN.length]} Alexandra Wilhelmina Fitzgerald-Montgomery-Worthington-Smythe of Little Snoring`
        : `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}`;
    const issuer = ISSUERS[i % ISSUERS.length]!;
    const marked = status === 'present-manual' || status === 'exempt-manual';
    people.push(
      line({
        row: walkIn ? null : i + 1,
        name,
        passportId: i % 11 === 3 ? null : `${issuer}-${String(i).padStart(5, '0')}`,
        issuer: i % 11 === 3 ? null : issuer,
        staffGroup: GROUPS[i % GROUPS.length] ?? null,
        onRoster: !walkIn,
        status,
        late: arrived ? i % 4 === 0 : null,
        arrivedAt: arrived ? new Date(start + i * 7_000).toISOString() : null,
        markedBy: marked ? 'Priya Raman' : null,
        markReason: marked ? 'Seen by the lead' : null,
        outcome: arrived ? 'cleared' : null,
        priorInduction: status === 'exempt-prior' ? { by: 'RJ1', completed: '2025-01-10' } : null,
      }),
    );
  }
  return { session: fixtureSession(sessionOver), people, counts: countStatuses(people) };
}

/** Roster rows for the session-file tests. */
export function fixtureRoster(): RosterRow[] {
  return [
    { row: 1, name: 'Zoë Hughes', passport: 'RXL-0001', badge: null, staffGroup: 'Nursing', note: null },
    { row: 2, name: 'Łukasz Nowak', passport: null, badge: 'RXL0000002', staffGroup: null, note: 'Needs a hearing loop' },
    { row: 3, name: 'Олена Коваленко', passport: null, badge: null, staffGroup: 'Admin', note: null },
  ];
}

/**
 * The mixed register without the formula-injection test names, closed: what
 * docs/screenshots/register-pdf.png shows (page 1 at 80 dpi).
 */
export function showcaseRegister(): Register {
  const base = mixedRegister({ state: 'closed', closedAt: '2026-11-24T12:41:00.000Z' });
  let row = 0;
  const people = base.people
    .filter((p) => !/^[=@-]/.test(p.name))
    .map((p) => (p.row === null ? p : { ...p, row: ++row }))
    .map((p) => (p.status === 'expected' ? { ...p, status: 'absent' as const } : p));
  return { session: base.session, people, counts: countStatuses(people) };
}
