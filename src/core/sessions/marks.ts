import type { Arrival, Mark, MarkStatus, RegisterStatus, RosterRow } from './model';

/**
 * Whom a lead's mark is about (sessions.md "Marks by the lead"): a roster
 * row, or a walk-in (someone who arrived without matching a row).
 */
export type MarkTarget = { kind: 'row'; row: number } | { kind: 'walk-in'; passportId: string };

/** A register line's identity: `row:3` for a roster row, `passport:ID` for anyone else who arrived. */
export type LineKey = string;

export function lineKey(target: MarkTarget): LineKey {
  return target.kind === 'row' ? `row:${target.row}` : `passport:${target.passportId}`;
}

/**
 * Arrivals in arrival order (by time; the recorded order breaks ties), each
 * with the register line it belongs to and the roster row it matched. The
 * row is the one whose `passport` is the arrival's, else the row recorded at
 * check-in (a badge match). The first arrival on a row is that row's line;
 * anyone else — a walk-in, or a second person matching a row already taken —
 * has a line of their own.
 */
export function arrivalLines(
  roster: readonly RosterRow[],
  arrivals: readonly Arrival[],
): { arrival: Arrival; target: MarkTarget; row: number | null }[] {
  const rows = new Set(roster.map((r) => r.row));
  const rowOfPassport = new Map<string, number>();
  for (const r of roster) if (r.passport !== null && !rowOfPassport.has(r.passport)) rowOfPassport.set(r.passport, r.row);
  const taken = new Set<number>();
  return arrivals
    .map((arrival, i) => ({ arrival, i, t: Date.parse(arrival.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ arrival }) => {
      const row = rowOfPassport.get(arrival.passportId) ?? (arrival.row !== null && rows.has(arrival.row) ? arrival.row : null);
      if (row !== null && !taken.has(row)) {
        taken.add(row);
        return { arrival, target: { kind: 'row', row } as const, row };
      }
      return { arrival, target: { kind: 'walk-in', passportId: arrival.passportId } as const, row };
    });
}

/**
 * A function giving the line a mark applies to, or null when it names nobody
 * in this session (the session services refuse such a mark: ROW_UNKNOWN). A
 * row mark names its row. A passport mark applies to the roster row whose
 * `passport` is that id, else to the line that passport arrived on (its
 * roster row, or its own walk-in line). The lookups are built once: a
 * register can have 20,000 rows.
 */
export function markResolver(
  roster: readonly RosterRow[],
  arrivals: readonly Arrival[],
): (mark: Pick<Mark, 'row' | 'passportId'>) => MarkTarget | null {
  const rows = new Set(roster.map((r) => r.row));
  const rowOfPassport = new Map<string, number>();
  for (const r of roster) if (r.passport !== null && !rowOfPassport.has(r.passport)) rowOfPassport.set(r.passport, r.row);
  const arrivedOn = new Map<string, MarkTarget>();
  for (const { arrival, target } of arrivalLines(roster, arrivals)) {
    if (!arrivedOn.has(arrival.passportId)) arrivedOn.set(arrival.passportId, target);
  }
  return (mark) => {
    if (mark.row !== null) return rows.has(mark.row) ? { kind: 'row', row: mark.row } : null;
    if (mark.passportId === null) return null;
    const row = rowOfPassport.get(mark.passportId);
    if (row !== undefined) return { kind: 'row', row };
    return arrivedOn.get(mark.passportId) ?? null;
  };
}

/** The line one mark applies to (see markResolver), or null. */
export function markTarget(
  mark: Pick<Mark, 'row' | 'passportId'>,
  roster: readonly RosterRow[],
  arrivals: readonly Arrival[],
): MarkTarget | null {
  return markResolver(roster, arrivals)(mark);
}

/** The latest mark for each line: by `at`, and among marks made at the same time the one recorded last. */
export function latestMarks(marks: readonly Mark[], roster: readonly RosterRow[], arrivals: readonly Arrival[]): Map<LineKey, Mark> {
  const targetOf = markResolver(roster, arrivals);
  const latest = new Map<LineKey, Mark>();
  for (const m of marks) {
    const target = targetOf(m);
    if (target === null) continue;
    const key = lineKey(target);
    const seen = latest.get(key);
    if (seen === undefined || Date.parse(m.at) >= Date.parse(seen.at)) latest.set(key, m);
  }
  return latest;
}

/** The register status a mark gives. */
export function markedStatus(status: MarkStatus): RegisterStatus {
  switch (status) {
    case 'present':
      return 'present-manual';
    case 'exempt':
      return 'exempt-manual';
    case 'absent':
      return 'absent';
  }
}
