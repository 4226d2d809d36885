import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../../src/cli/passport-kiosk';
import { SPEC_EXAMPLE_POLICY } from '../../../src/publisher/demo/policy';
import { captureIo } from '../../helpers/capture-io';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { sync, tempDir } from '../sync/helpers';

/**
 * `passport-kiosk session …` as cli.md "Sessions" gives it, run in-process
 * on a real cache and records file: output shapes, codes and exit codes.
 */

let fx: FeedFixture;
let dir: string;
let db: string;
let records: string;
let policyFile: string;

const NOW = Date.parse('2026-11-24T08:00:00Z');
const barcode = (i: number) => fx.record(i).badges[0]!.value;
const idOf = (i: number) => fx.record(i).id;

async function kiosk(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureIo({ cwd: dir, now: () => NOW });
  const code = await main(args, io);
  return { code, out: out(), err: err() };
}
const lines = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  fx = await buildFeedFixture({ records: 6 });
  dir = await tempDir('session-cli-');
  db = path.join(dir, 'cache.db');
  records = path.join(dir, 'records.sqlite');
  policyFile = path.join(dir, 'policy.json');
  await writeFile(policyFile, JSON.stringify({ ...SPEC_EXAMPLE_POLICY, induction: { recognisedYears: 3 } }));
  expect(await sync(db, fx)).toMatchObject({ ok: true });
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

async function create(extra: string[] = []): Promise<string> {
  const r = await kiosk([
    'session', 'create', '--records', records, '--title', 'Corporate induction', '--kind', 'corporate',
    '--starts', '2026-11-24T09:00:00Z', '--ends', '2026-11-24T12:30:00Z', '--room', 'Seminar Room 2', '--json', ...extra,
  ]);
  expect(r).toMatchObject({ code: 0, err: '' });
  const j = JSON.parse(r.out) as { ok: boolean; session: { id: string } };
  expect(j.ok).toBe(true);
  return j.session.id;
}

test('create prints the id (or cli.md\'s JSON); a wrong kind is misuse, ends before starts is refused', async () => {
  const id = await create(['--capacity', '40', '--grace', '5']);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const plain = await kiosk(['session', 'create', '--records', records, '--title', 'Ward 7', '--kind', 'local', '--starts', '2026-11-24T13:30:00Z', '--ends', '2026-11-24T15:00:00Z']);
  expect(plain.code).toBe(0);
  expect(plain.out.trim()).toMatch(/^[0-9a-f-]{36}$/);
  expect((await kiosk(['session', 'create', '--records', records, '--title', 'X', '--kind', 'weekly', '--starts', '2026-11-24T09:00:00Z', '--ends', '2026-11-24T10:00:00Z'])).code).toBe(2);
  const bad = await kiosk(['session', 'create', '--records', records, '--title', 'X', '--kind', 'local', '--starts', '2026-11-24T09:00:00Z', '--ends', '2026-11-24T08:00:00Z', '--json']);
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.out)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
  expect(JSON.parse(bad.out).message).toMatch(/ends/);
});

test('import: all or nothing, every bad row by line; list, precheck, checkin, mark, close and export end to end', async () => {
  const id = await create();
  const roster = path.join(dir, 'roster.csv');
  await writeFile(roster, `Name,Passport,Badge,Shoe size\nAlpha One,${idOf(0)},\n,${idOf(1)},\nGamma Three,${idOf(0)},\n`);
  const refused = await kiosk(['session', 'import', '--records', records, '--session', id, '--roster', roster, '--json']);
  expect(refused.code).toBe(1);
  const r = JSON.parse(refused.out) as { ok: boolean; code: string; errors: { line: number; message: string }[] };
  expect(r).toMatchObject({ ok: false, code: 'ROSTER_INVALID' });
  expect(r.errors.map((e) => e.line)).toEqual([3, 4]);
  const human = await kiosk(['session', 'import', '--records', records, '--session', id, '--roster', roster]);
  expect(human.code).toBe(1);
  expect(human.err).toMatch(/line 3: /);

  await writeFile(roster, `Name,Passport,Badge,Shoe size\nAlpha One,${idOf(0)},\nBeta Two,${idOf(1)},\nGamma Three,,${barcode(2)}\nDelta Four,,\n`);
  const ok = await kiosk(['session', 'import', '--records', records, '--session', id, '--roster', roster, '--json']);
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.out)).toMatchObject({ ok: true, rows: 4 });
  expect(JSON.parse(ok.out).warnings.join(' ')).toMatch(/Shoe size/);

  const listed = lines((await kiosk(['session', 'list', '--records', records, '--json'])).out).find((s) => s.id === id);
  expect(listed).toMatchObject({ id, title: 'Corporate induction', kind: 'corporate', state: 'open', arrived: 0, expected: 4 });

  const pre = lines((await kiosk(['session', 'precheck', '--db', db, '--records', records, '--session', id, '--policy', policyFile, '--json'])).out);
  expect(pre).toHaveLength(4);
  expect(pre[0]).toEqual({ row: 1, name: 'Alpha One', passportId: idOf(0), outcome: 'cleared', reasons: ['INDUCTION_RECORDED'], priorInduction: { by: fx.record(0).iss, completed: '2024-03-04' } });
  expect(pre[2]).toMatchObject({ row: 3, passportId: idOf(2) });
  expect(pre[3]).toEqual({ row: 4, name: 'Delta Four', passportId: null, outcome: 'unknown', reasons: [], priorInduction: null });

  const checkin = (at: string, ...payloads: string[]) =>
    kiosk(['session', 'checkin', '--db', db, '--records', records, '--session', id, '--policy', policyFile, '--at', at, '--json', ...payloads]);
  const first = await checkin('2026-11-24T08:55:00Z', barcode(0), barcode(0), 'RZZ0000000', barcode(4));
  expect(first.code).toBe(0);
  const answers = lines(first.out);
  expect(answers.map((a) => a.result)).toEqual(['ARRIVED', 'ALREADY_ARRIVED', 'NOT_IDENTIFIED', 'ARRIVED']);
  expect(answers[0]!.arrival).toEqual({ at: '2026-11-24T08:55:00.000Z', late: false, onRoster: true, row: 1 });
  expect(answers[1]!.arrival).toEqual(answers[0]!.arrival);
  expect(answers[2]!.arrival).toBeNull();
  expect(answers[3]!.arrival).toEqual({ at: '2026-11-24T08:55:00.000Z', late: false, onRoster: false, row: null });
  expect((answers[0]!.verdict as { passport: { id: string } }).passport.id).toBe(idOf(0));
  const late = lines((await checkin('2026-11-24T09:10:01Z', barcode(2))).out);
  expect(late[0]!.arrival).toMatchObject({ late: true, row: 3 });

  const mark = (...extra: string[]) => kiosk(['session', 'mark', '--records', records, '--session', id, '--status', 'present', '--reason', 'Forgot badge; ID seen', '--by', 'Priya Sharma', '--at', '2026-11-24T09:30:00Z', '--json', ...extra]);
  expect((await mark('--row', '4')).code).toBe(0);
  const unknownRow = await mark('--row', '9');
  expect(unknownRow.code).toBe(1);
  expect(JSON.parse(unknownRow.out)).toMatchObject({ ok: false, code: 'ROW_UNKNOWN' });
  expect((await mark('--row', '1', '--passport', idOf(0))).code).toBe(2);

  const closed = await kiosk(['session', 'close', '--records', records, '--session', id, '--db', db, '--policy', policyFile, '--at', '2026-11-24T12:31:00Z', '--json']);
  expect(closed.code).toBe(0);
  expect(JSON.parse(closed.out).counts).toEqual({ present: 3, 'present-manual': 1, 'exempt-prior': 1, 'exempt-manual': 0, expected: 0, absent: 0 });
  const after = await checkin('2026-11-24T12:40:00Z', barcode(1));
  expect(after.code).toBe(0);
  expect(lines(after.out)[0]!.result).toBe('SESSION_CLOSED');
  const reclose = await kiosk(['session', 'close', '--records', records, '--session', id, '--json']);
  expect(reclose.code).toBe(1);
  expect(JSON.parse(reclose.out).code).toBe('SESSION_CLOSED');

  for (const format of ['csv', 'pdf', 'json', 'session']) {
    const out = path.join(dir, `register.${format}`);
    const done = await kiosk(['session', 'export', '--records', records, '--session', id, '--format', format, '--out', out]);
    expect(done).toMatchObject({ code: 0, err: '' });
  }
  const csv = await readFile(path.join(dir, 'register.csv'), 'utf8');
  expect(csv.startsWith('\uFEFFsession_id,session_title,session_kind,session_starts,row,name,')).toBe(true);
  expect(csv.split('\r\n')).toHaveLength(1 + 5 + 1); // header, 4 roster rows + 1 walk-in, final CRLF
  expect(csv).toContain(',Delta Four,,,,true,present-manual,,,Priya Sharma,Forgot badge; ID seen,');
  const json = JSON.parse(await readFile(path.join(dir, 'register.json'), 'utf8')) as { people: { status: string }[]; counts: Record<string, number> };
  expect(json.people.map((p) => p.status)).toEqual(['present', 'exempt-prior', 'present', 'present-manual', 'present']);
  const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'register.pdf'), '-'], { encoding: 'utf8' });
  expect(text).toContain('Corporate induction');
  expect(text).toContain('Delta Four');

  // The session file moves the session (same id, its roster) to a second desk.
  const second = path.join(dir, 'second-desk.sqlite');
  const moved = await kiosk(['session', 'create', '--records', second, '--from', path.join(dir, 'register.session'), '--json']);
  expect(moved.code).toBe(0);
  expect(JSON.parse(moved.out).session).toMatchObject({ id, title: 'Corporate induction', state: 'open' });
  expect(lines((await kiosk(['session', 'list', '--records', second, '--json'])).out)[0]).toMatchObject({ id, arrived: 0, expected: 4 });
  const again = await kiosk(['session', 'create', '--records', second, '--from', path.join(dir, 'register.session'), '--json']);
  expect(again.code).toBe(1);
});

test('unknown sessions, missing records and misuse: codes and exit codes as cli.md says', async () => {
  const missing = path.join(dir, 'nowhere.sqlite');
  const r1 = await kiosk(['session', 'close', '--records', missing, '--session', '6f1d2c3b-8a4e-4c5d-9e7f-0a1b2c3d4e5f']);
  expect(r1.code).toBe(1);
  expect(r1.err).toMatch(/does not exist/);
  expect(existsSync(missing)).toBe(false);
  expect((await kiosk(['session', 'list', '--records', missing, '--json']))).toMatchObject({ code: 0, out: '' });
  await create();
  const r2 = await kiosk(['session', 'mark', '--records', records, '--session', '6f1d2c3b-8a4e-4c5d-9e7f-0a1b2c3d4e5f', '--row', '1', '--status', 'absent', '--reason', 'x', '--by', 'y', '--json']);
  expect(r2.code).toBe(1);
  expect(JSON.parse(r2.out)).toMatchObject({ ok: false, code: 'SESSION_UNKNOWN' });
  expect((await kiosk(['session', 'frobnicate'])).code).toBe(2);
  expect((await kiosk(['session', 'import', '--records', records, '--session', 'x', '--roster', path.join(dir, 'no-such.csv')])).code).toBe(2);
  expect((await kiosk(['session', 'checkin', '--records', records, '--session', 'x', 'RXL0000001'])).code).toBe(2); // no --db
  expect((await kiosk(['session', 'precheck', '--db', db, '--records', records, '--session', 'x', '--at', 'tomorrow'])).code).toBe(2);
  const help = await kiosk(['session', '--help']);
  expect(help.code).toBe(0);
  expect(help.out).toMatch(/session checkin --db FILE --records FILE --session ID/);
});
