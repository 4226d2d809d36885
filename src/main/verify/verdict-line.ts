import { describeReason, OUTCOME_WORDS } from '../../core/sentences';
import type { Verdict } from '../../core/verdict';

/**
 * One verdict as `passport-kiosk verify` prints it: the verdict object as
 * JSON (`--json`), or one human-readable line. Shared by the command and
 * the `--batch` worker threads, so both print exactly the same.
 */
export function verdictLine(payload: string, v: Verdict, json: boolean): string {
  if (json) return `${JSON.stringify(v)}\n`;
  const who = v.passport ? `${v.passport.name} (${v.passport.issuerName ?? v.passport.iss}, ${v.passport.id})` : 'nobody identified';
  const why = v.reasons.map((r) => `${r.code}: ${describeReason(r)}`).join(' | ');
  return `${payload}\t${OUTCOME_WORDS[v.outcome]} — ${who}${why ? ` — ${why}` : ''}\n`;
}
