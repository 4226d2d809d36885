import type { RegisterLineDto, RegisterDto } from '../../shared/sessions-api';

/**
 * The lead's view's filters (docs/screens.md "The lead's view"):
 *
 * - **expected**: everyone on the roster (the list the lead was given), whatever their status;
 * - **arrived**: everyone here: scanned in (`present`, walk-ins included) or marked present;
 * - **exempt**: exempt by prior induction or marked exempt;
 * - **missing**: roster people not here and not exempt — `absent` always, and
 *   `expected` once the session's start has passed (before it they are
 *   simply not here yet, not missing).
 */
export const REGISTER_FILTERS = ['expected', 'arrived', 'exempt', 'missing'] as const;
export type RegisterFilter = (typeof REGISTER_FILTERS)[number];

export const REGISTER_FILTER_WORDS: Record<RegisterFilter, string> = {
  expected: 'Expected',
  arrived: 'Arrived',
  exempt: 'Exempt',
  missing: 'Missing',
};

/** Whether a line belongs under a filter, at the services' time `nowMs`. */
export function inFilter(line: RegisterLineDto, filter: RegisterFilter, startsMs: number, nowMs: number): boolean {
  switch (filter) {
    case 'expected':
      return line.onRoster;
    case 'arrived':
      return line.status === 'present' || line.status === 'present-manual';
    case 'exempt':
      return line.status === 'exempt-prior' || line.status === 'exempt-manual';
    case 'missing':
      return line.onRoster && (line.status === 'absent' || (line.status === 'expected' && nowMs >= startsMs));
  }
}

/** The lines under each filter, in register order, with counts. */
export function filterRegister(register: RegisterDto, nowMs: number): Record<RegisterFilter, RegisterLineDto[]> {
  const starts = Date.parse(register.session.starts);
  const out = { expected: [], arrived: [], exempt: [], missing: [] } as Record<RegisterFilter, RegisterLineDto[]>;
  for (const line of register.people) for (const f of REGISTER_FILTERS) if (inFilter(line, f, starts, nowMs)) out[f].push(line);
  return out;
}

/** How many on the roster would become absent if the session closed now (close confirmation). */
export function wouldBecomeAbsent(register: RegisterDto): number {
  return register.people.filter((l) => l.onRoster && l.status === 'expected').length;
}
