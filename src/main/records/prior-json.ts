import type { PriorInduction } from '../../core/sessions/model';

/** A recognised prior induction as stored in the records: JSON text, or NULL for none. */
export const stringifyPrior = (p: PriorInduction | null): string | null =>
  p ? JSON.stringify({ by: p.by, ...(p.byName !== undefined && { byName: p.byName }), completed: p.completed }) : null;

export const parsePrior = (s: string | null): PriorInduction | null => (s === null ? null : (JSON.parse(s) as PriorInduction));
