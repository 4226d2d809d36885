import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSessionFile, sessionFileBytes, SESSION_FILE_FORMAT } from '../../../src/main/sessions/session-file';
import { fixtureRoster, fixtureSession, FIXTURE_SESSION_ID } from '../../helpers/register-fixture';

type Json = Record<string, unknown> & { session: Record<string, unknown>; roster: Record<string, unknown>[] };

function validFile(): Json {
  return JSON.parse(sessionFileBytes(fixtureSession({ state: 'closed', closedAt: '2026-11-24T12:41:00.000Z' }), fixtureRoster()).toString('utf8')) as Json;
}

function refusal(body: unknown): string {
  const parsed = parseSessionFile(typeof body === 'string' ? body : JSON.stringify(body));
  if (parsed.ok) throw new Error('expected the file to be refused');
  expect(parsed.code).toBe('SESSION_INVALID');
  expect(parsed.message).not.toContain('\n');
  return parsed.message;
}

describe('session file', () => {
  it('round-trips the session (keeping its id) and its roster through a real file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'session-file-'));
    const file = path.join(dir, 'induction.session.json');
    const session = fixtureSession({ state: 'closed', closedAt: '2026-11-24T12:41:00.000Z' });
    await writeFile(file, sessionFileBytes(session, fixtureRoster()));
    const parsed = parseSessionFile(await readFile(file, 'utf8'));
    await rm(dir, { recursive: true, force: true });
    expect(parsed).toEqual({
      ok: true,
      session: {
        id: FIXTURE_SESSION_ID,
        title: session.title,
        kind: 'corporate',
        starts: '2026-11-24T09:00:00.000Z',
        ends: '2026-11-24T12:30:00.000Z',
        room: 'Education Centre, Room 2',
        lead: 'Priya Raman',
        capacity: 40,
        graceMinutes: 10,
      },
      roster: fixtureRoster(),
    });
  });

  it('carries no attendance or desk state', () => {
    const body = validFile();
    expect(Object.keys(body)).toEqual(['format', 'v', 'session', 'roster']);
    expect(body.format).toBe(SESSION_FILE_FORMAT);
    expect(body.session).not.toHaveProperty('state');
    expect(body.session).not.toHaveProperty('closedAt');
  });

  it('accepts nulls for optional session fields, other offsets, and a byte-order mark', () => {
    const body = validFile();
    body.session = { ...body.session, room: null, lead: null, capacity: null, starts: '2026-07-01T09:00:00+01:00', ends: '2026-07-01T12:00:00+01:00' };
    delete body.session.graceMinutes;
    const parsed = parseSessionFile(`\ufeff${JSON.stringify(body)}`);
    expect(parsed).toMatchObject({
      ok: true,
      session: { room: null, lead: null, capacity: null, graceMinutes: 10, starts: '2026-07-01T08:00:00.000Z', ends: '2026-07-01T11:00:00.000Z' },
    });
  });

  it('refuses malformed files with one line naming the field', () => {
    expect(refusal('{"format":')).toMatch(/^session file: not valid JSON/);
    expect(refusal({ ...validFile(), format: 'something-else' })).toMatch(/^session file: format: must be "staff-passport-kiosk\/session"/);
    expect(refusal({ ...validFile(), v: 2 })).toMatch(/^session file: v: must be 1/);
    const noId = validFile();
    noId.session.id = 'not-a-uuid';
    expect(refusal(noId)).toMatch(/^session file: session\.id: must be a lower-case UUID/);
    const backwards = validFile();
    backwards.session.ends = '2026-11-24T08:00:00Z';
    expect(refusal(backwards)).toMatch(/^session file: session\.ends: must be after starts/);
    const badKind = validFile();
    badKind.session.kind = 'weekly';
    expect(refusal(badKind)).toMatch(/^session file: session\.kind: /);
    const badPassport = validFile();
    badPassport.roster[1]!.passport = 'has spaces in it';
    expect(refusal(badPassport)).toMatch(/^session file: roster\.1\.passport: must be a passport id/);
    const noName = validFile();
    noName.roster[2]!.name = '   ';
    expect(refusal(noName)).toMatch(/^session file: roster\.2\.name: must be 1–120 characters/);
    const repeat = validFile();
    repeat.roster[2]!.passport = 'RXL-0001';
    expect(refusal(repeat)).toMatch(/^session file: roster\.2\.passport: repeats row 1's passport "RXL-0001"/);
    const gap = validFile();
    gap.roster[1]!.row = 5;
    expect(refusal(gap)).toMatch(/^session file: roster\.1\.row: must be 2/);
    const noRoster = validFile() as Record<string, unknown>;
    delete noRoster.roster;
    expect(refusal(noRoster)).toMatch(/^session file: roster: /);
  });
});
