import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MARK_STATUSES, SESSION_KINDS } from '../../core/sessions/model';
import { SessionService, type SessionServiceDeps } from './session-service';

/**
 * The demo's induction sessions (resources/demo/sessions/sessions.json):
 * two sessions on the demo's reference date, seeded into an empty records
 * file through the very services a lead uses — the roster imported from its
 * CSV, then each check-in scanned and each mark made at its own time — so
 * the lead's screens show every register status at once.
 */

const at = z.string().datetime({ offset: true });
const demoSessionsSchema = z.object({
  sessions: z.array(
    z.object({
      session: z.object({
        id: z.string().uuid(),
        title: z.string(),
        kind: z.enum(SESSION_KINDS),
        starts: at,
        ends: at,
        room: z.string().optional(),
        lead: z.string().optional(),
        capacity: z.number().int().optional(),
        graceMinutes: z.number().int().optional(),
      }),
      roster: z.string(),
      checkins: z.array(z.object({ at, payload: z.string() })),
      marks: z.array(
        z.object({ at, row: z.number().int(), status: z.enum(MARK_STATUSES), reason: z.string(), by: z.string() }),
      ),
    }),
  ),
});

/**
 * Seed the demo sessions when the records hold no session yet; returns how
 * many were made. Throws with the file named when the demo data is broken
 * (a shipped file: that is a bug, not a user error).
 */
export async function seedDemoSessions(deps: Omit<SessionServiceDeps, 'clock' | 'newId'>, dir: string): Promise<number> {
  let now = 0;
  const file = path.join(dir, 'sessions.json');
  const demo = demoSessionsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  let nextId = '';
  const service = new SessionService({ ...deps, clock: () => now, newId: () => nextId });
  if (service.list().length > 0) return 0;
  for (const d of demo.sessions) {
    nextId = d.session.id;
    now = Date.parse(d.session.starts) - 7 * 86_400_000; // Made a week before, as a lead would.
    const made = service.create(d.session);
    if (!made.ok) throw new Error(`${file}: session "${d.session.title}": ${made.message}`);
    const imported = service.importRoster(d.session.id, readFileSync(path.join(dir, d.roster)));
    if (!imported.ok) throw new Error(`${file}: roster ${d.roster}: ${imported.message} ${JSON.stringify(imported.errors ?? [])}`);
    for (const c of d.checkins) {
      now = Date.parse(c.at);
      const done = await service.checkinPayload(d.session.id, c.payload, 'reader');
      if (!done.ok) throw new Error(`${file}: check-in ${c.payload}: ${done.message}`);
    }
    for (const m of d.marks) {
      now = Date.parse(m.at);
      const done = service.mark(d.session.id, { row: m.row }, m.status, m.reason, m.by);
      if (!done.ok) throw new Error(`${file}: mark of row ${m.row}: ${done.message}`);
    }
  }
  return demo.sessions.length;
}
