import type { ArrivalEvent, CloseEvent, EventSession, MarkEvent } from '../core/upstream/events';

/**
 * One session's register merged across kiosks (upstream.md, `GET
 * /v1/sessions/{id}/register`): one entry per person — per passport, or
 * for someone without one (a hand-marked roster row) per name and row.
 * Status, as on the kiosk (sessions.md "Register"): the latest mark; else
 * `present` if any kiosk recorded an arrival (the earliest counts); else
 * what the latest `close` register says (`absent`, `exempt-*`, …).
 */

export interface MergedPerson {
  passportId: string | null;
  name: string;
  status: string;
  arrivedAt: string | null;
  late: boolean | null;
  kiosks: string[];
  duplicateArrival: boolean;
}

export interface MergedRegister {
  session: EventSession;
  people: MergedPerson[];
}

export type SessionEvent = { kiosk: string } & (ArrivalEvent | MarkEvent | CloseEvent);

const MARK_STATUS = { present: 'present-manual', exempt: 'exempt-manual', absent: 'absent' } as const;

interface Acc {
  passportId: string | null;
  name: string;
  row: number | null;
  arrival: { at: string; late: boolean; kiosk: string } | null;
  arrivalKiosks: Set<string>;
  otherKiosks: Set<string>;
  mark: { at: string; status: string } | null;
  closed: { at: string; status: string; arrivedAt: string | null; late: boolean | null } | null;
}

/** Merge `events` (all of one session, any order) into the register. */
export function mergeRegister(events: readonly SessionEvent[]): MergedRegister | null {
  if (events.length === 0) return null;
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at) || a.kiosk.localeCompare(b.kiosk) || a.seq - b.seq);
  const people = new Map<string, Acc>();
  // Roster rows are the same on every desk (a session moves with its roster): a row names one person.
  const keyOfRow = new Map<number, string>();
  const person = (passportId: string | null, row: number | null, name: string): Acc => {
    const key = passportId ? `p:${passportId}` : ((row !== null && keyOfRow.get(row)) || `r:${row ?? ''}:${name}`);
    let acc = people.get(key);
    if (!acc) {
      acc = { passportId, name, row, arrival: null, arrivalKiosks: new Set(), otherKiosks: new Set(), mark: null, closed: null };
      people.set(key, acc);
    }
    if (row !== null && !keyOfRow.has(row)) keyOfRow.set(row, key);
    if (acc.row === null && row !== null) acc.row = row;
    return acc;
  };
  // Rows first: arrivals and close lines tie rows to passports before marks by row are placed.
  for (const e of sorted) {
    if (e.type === 'arrival' && e.row !== null) person(e.person.passportId, e.row, e.person.name);
    if (e.type === 'close') for (const p of e.people) if (p.passportId && p.row !== null) person(p.passportId, p.row, p.name);
  }
  let session = sorted[0]!.session;
  for (const e of sorted) {
    session = e.session;
    if (e.type === 'arrival') {
      const acc = person(e.person.passportId, e.row, e.person.name);
      acc.arrivalKiosks.add(e.kiosk);
      if (!acc.arrival || e.at < acc.arrival.at) acc.arrival = { at: e.at, late: e.late, kiosk: e.kiosk };
      if (e.row === null && acc.row === null) acc.name = e.person.name;
    } else if (e.type === 'mark') {
      const acc = person(e.person.passportId, e.person.row, e.person.name);
      acc.otherKiosks.add(e.kiosk);
      if (!acc.mark || e.at >= acc.mark.at) acc.mark = { at: e.at, status: MARK_STATUS[e.status] };
    } else {
      for (const p of e.people) {
        const acc = person(p.passportId, p.row, p.name);
        acc.otherKiosks.add(e.kiosk);
        if (p.row !== null) acc.name = p.name;
        if (!acc.closed || e.at >= acc.closed.at) acc.closed = { at: e.at, status: p.status, arrivedAt: p.arrivedAt, late: p.late };
      }
    }
  }
  const out = [...people.values()].map((acc): MergedPerson & { row: number | null } => {
    const status = acc.mark?.status ?? (acc.arrival ? 'present' : (acc.closed?.status ?? 'expected'));
    const kiosks = acc.arrivalKiosks.size ? acc.arrivalKiosks : acc.otherKiosks;
    return {
      row: acc.row,
      passportId: acc.passportId,
      name: acc.name,
      status,
      arrivedAt: acc.arrival?.at ?? acc.closed?.arrivedAt ?? null,
      late: acc.arrival?.late ?? acc.closed?.late ?? null,
      kiosks: [...kiosks].sort(),
      duplicateArrival: acc.arrivalKiosks.size > 1,
    };
  });
  // Roster rows in row order, then walk-ins in arrival order (as the kiosk's register).
  out.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity) || (a.arrivedAt ?? '').localeCompare(b.arrivedAt ?? '') || a.name.localeCompare(b.name));
  return { session, people: out.map(({ row: _row, ...p }) => p) };
}
