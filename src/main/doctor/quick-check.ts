import type Database from 'better-sqlite3';

/** The first line of an error's message; SqliteError comes from the native module's realm, so no `instanceof`. */
const firstLine = (e: unknown): string => {
  const m = (e as { message?: unknown } | null)?.message;
  return (typeof m === 'string' ? m : String(e)).split('\n')[0]!.trim();
};

/** Run `PRAGMA quick_check`; null when sound, else SQLite's first complaint (and how many more). */
export function quickCheck(db: Database.Database): { first: string; more: number } | null {
  let rows: { quick_check: string }[];
  try {
    rows = db.pragma('quick_check') as { quick_check: string }[];
  } catch (e) {
    return { first: firstLine(e), more: 0 };
  }
  const problems = rows
    .flatMap((r) => String(r.quick_check).split('\n'))
    .map((l) => l.trim())
    .filter((l) => l && !/^\*\*\* in database/.test(l));
  if (problems.length === 1 && problems[0] === 'ok') return null;
  return { first: (problems[0] ?? 'no answer').slice(0, 160), more: Math.max(0, problems.length - 1) };
}
