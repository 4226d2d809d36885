import { arrivalLines, latestMarks, lineKey, markedStatus } from './marks';
import {
  REGISTER_STATUSES,
  type Arrival,
  type Mark,
  type PrecheckLine,
  type PriorInduction,
  type Register,
  type RegisterCounts,
  type RegisterLine,
  type RegisterStatus,
  type RosterRow,
  type Session,
} from './model';

/** Everything the register is made from; all of it read from the records (and, for `prior`, the cache). */
export interface RegisterInput {
  session: Session;
  /** In row order. */
  roster: readonly RosterRow[];
  /** In recorded order. */
  arrivals: readonly Arrival[];
  /** In recorded order. */
  marks: readonly Mark[];
  /**
   * Prior induction for a roster row that has not arrived, as the cache and
   * policy say now (sessions.md: decided at pre-check, at check-in, and at
   * close). Without it the pre-check line's is used. Someone who arrived
   * keeps what was decided at their check-in.
   */
  prior?: (row: RosterRow) => PriorInduction | null;
  /** Pre-check lines by roster row number: outcome and reasons for people who have not scanned in. */
  precheck?: ReadonlyMap<number, PrecheckLine>;
}

/** Zero for every status, so the counts always name all six. */
export function emptyCounts(): RegisterCounts {
  return Object.fromEntries(REGISTER_STATUSES.map((s) => [s, 0])) as RegisterCounts;
}

/**
 * The status, first that applies (sessions.md "Register"): the latest mark;
 * `present` if arrived; `exempt-prior` if prior induction is recognised;
 * `expected` while open, `absent` once closed.
 */
function statusOf(mark: Mark | undefined, arrival: Arrival | undefined, prior: PriorInduction | null, session: Session): RegisterStatus {
  if (mark) return markedStatus(mark.status);
  if (arrival) return 'present';
  if (prior) return 'exempt-prior';
  return session.state === 'open' ? 'expected' : 'absent';
}

/**
 * The register (sessions.md "Register"): one line per roster row in row
 * order, then everyone else who arrived (walk-ins) in arrival order, and the
 * count of every status. Pure: the same records give the same register, so
 * the screens, the exports and a closed session's fixed register agree.
 *
 * Facts stay facts under a mark: someone who arrived and was then marked
 * absent keeps their arrival time and `late`. `outcome`/`reasonCodes` come
 * from the arrival scan, else the pre-check, else none; `flagged` when the
 * arrival's outcome is refer or not-cleared. Prior induction is only ever
 * shown for a corporate session.
 */
export function buildRegister(input: RegisterInput): Register {
  const { session, roster, precheck } = input;
  const corporate = session.kind === 'corporate';
  const marks = latestMarks(input.marks, roster, input.arrivals);
  const lines = arrivalLines(roster, input.arrivals);
  const arrivalOfRow = new Map<number, Arrival>();
  for (const { arrival, target } of lines) if (target.kind === 'row') arrivalOfRow.set(target.row, arrival);

  const people: RegisterLine[] = [];
  const line = (args: {
    row: RosterRow | null;
    /** A second person on a row already taken: that row's number, shown with the person's own name. */
    sharedRow?: number | null;
    arrival: Arrival | undefined;
    mark: Mark | undefined;
    check: PrecheckLine | undefined;
  }): RegisterLine => {
    const { row, arrival, mark, check } = args;
    let prior: PriorInduction | null = null;
    if (corporate) {
      if (arrival) prior = arrival.priorInduction;
      else if (row && input.prior) prior = input.prior(row);
      else prior = check?.priorInduction ?? null;
    }
    return {
      row: row?.row ?? args.sharedRow ?? null,
      name: row?.name ?? arrival?.name ?? '',
      passportId: arrival?.passportId ?? row?.passport ?? check?.passportId ?? null,
      issuer: arrival?.issuer ?? check?.issuer ?? null,
      staffGroup: row?.staffGroup ?? arrival?.staffGroup ?? null,
      onRoster: row !== null || (args.sharedRow ?? null) !== null,
      status: statusOf(mark, arrival, prior, session),
      late: arrival ? arrival.late : null,
      arrivedAt: arrival?.at ?? null,
      markedBy: mark?.by ?? null,
      markReason: mark?.reason ?? null,
      outcome: arrival?.outcome ?? check?.outcome ?? null,
      reasonCodes: [...(arrival?.reasons ?? check?.reasons ?? [])],
      priorInduction: prior,
      note: row?.note ?? null,
      flagged: arrival !== undefined && (arrival.outcome === 'refer' || arrival.outcome === 'not-cleared'),
    };
  };

  for (const row of roster) {
    const target = { kind: 'row', row: row.row } as const;
    people.push(line({ row, arrival: arrivalOfRow.get(row.row), mark: marks.get(lineKey(target)), check: precheck?.get(row.row) }));
  }
  for (const { arrival, target, row } of lines) {
    if (target.kind === 'row') continue;
    people.push(line({ row: null, sharedRow: row, arrival, mark: marks.get(lineKey(target)), check: undefined }));
  }

  const counts = emptyCounts();
  for (const p of people) counts[p.status]++;
  return { session, people, counts };
}
