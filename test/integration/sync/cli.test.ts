import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { tempDir } from './helpers';

/** `passport-kiosk sync` and `verify` as a person or script runs them: the built CLI in a child process. */

const BIN = path.resolve(__dirname, '../../../bin/passport-kiosk.js');
const POLICY_FILE = path.resolve(__dirname, '../../../resources/policy/default-policy.json');

function run(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.PASSPORT_KIOSK_CONFIG; // no machine config: the shipped default policy applies
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

let fx: FeedFixture;
let dir: string;
let db: string;
let keyFile: string;
let setFile: string;

beforeAll(async () => {
  fx = await buildFeedFixture({ records: 4 });
  dir = await tempDir();
  db = path.join(dir, 'cache.db');
  keyFile = path.join(dir, 'hub.jwk');
  setFile = path.join(dir, 'hubs.jwks');
  await writeFile(keyFile, JSON.stringify(fx.hubPublic));
  await writeFile(setFile, JSON.stringify({ keys: [fx.hubPublic] }));
});

const badge = (i: number) => (fx.records[i] as { badges: { value: string }[] }).badges[0]!.value;
const AT = ['--at', '2026-11-24T10:00:00Z', '--policy', POLICY_FILE];

test('sync --json prints cli.md\'s object and exits 0; a second sync is mode none', async () => {
  const first = await run(['sync', '--db', db, '--feed', fx.dir, '--hub-key', keyFile, '--json']);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  expect(JSON.parse(first.out)).toEqual({
    ok: true, feed: 'test-feed', seq: 1, mode: 'snapshot', applied: 4, skipped: {},
    published: fx.manifest.published, expires: fx.manifest.expires,
  });
  const again = await run(['sync', '--db', db, '--feed', fx.dir, '--hub-key', setFile]);
  expect(again.code).toBe(0);
  expect(again.out).toMatch(/^Synced feed test-feed to seq 1 \(already current\)/);
});

test('verify: one payload is one JSON object; several, or --batch, are JSON Lines in order', async () => {
  const one = await run(['verify', '--db', db, ...AT, '--json', badge(0)]);
  expect(one.code).toBe(0);
  const v = JSON.parse(one.out);
  expect(v).toMatchObject({ passport: { id: fx.records[0]!.id }, localDate: '2026-11-24', dataPublished: fx.manifest.published });
  const several = await run(['verify', '--db', db, ...AT, '--json', badge(1), 'NOPE123', badge(2)]);
  const lines = several.out.trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.map((l) => l.passport?.id ?? l.reasons[0].code)).toEqual([fx.records[1]!.id, 'BADGE_UNKNOWN', fx.records[2]!.id]);
  const batchFile = path.join(dir, 'batch.txt');
  await writeFile(batchFile, `${badge(3)}\nNOPE\n${badge(0)}\n`);
  const batch = await run(['verify', '--db', db, ...AT, '--json', '--batch', batchFile]);
  expect(batch.out.trim().split('\n').map((l) => JSON.parse(l).passport?.id ?? null)).toEqual([fx.records[3]!.id, null, fx.records[0]!.id]);
  const stdin = await run(['verify', '--db', db, ...AT, '--json', '--batch', '-'], `${badge(2)}\n`);
  expect(JSON.parse(stdin.out).passport.id).toBe(fx.records[2]!.id);
  const human = await run(['verify', '--db', db, ...AT, badge(0)]);
  expect(human.out).toContain('Test Person 0');
});

test('verify on a --db that does not exist gives NO_DATA and never creates it', async () => {
  const missing = path.join(dir, 'nothing-here.db');
  const r = await run(['verify', '--db', missing, ...AT, '--json', badge(0)]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out).reasons).toEqual([{ code: 'NO_DATA', severity: 'unknown' }]);
  expect(existsSync(missing)).toBe(false);
});

test('misuse exits 2 with one line naming what is wrong', async () => {
  const cases: [string[], RegExp][] = [
    [['sync', '--db', db, '--feed', fx.dir, '--hub-key', keyFile, '--bogus'], /bogus/],
    [['sync', '--db', db, '--feed', fx.dir], /--hub-key FILE is required/],
    [['sync', '--db', db, '--feed', fx.dir, '--hub-key', path.join(dir, 'absent.jwk')], /absent\.jwk cannot be read/],
    [['sync', '--db', db, '--feed', fx.dir, '--hub-key', db], /is not JSON/],
    [['verify', '--db', db, '--json'], /at least one PAYLOAD/],
    [['verify', '--db', db, '--at', 'yesterday', 'X'], /--at "yesterday"/],
    [['verify', '--db', db, '--batch', path.join(dir, 'absent.txt')], /absent\.txt does not exist/],
    [['verify', '--db', db, '--policy', path.join(dir, 'absent.json'), 'X'], /absent\.json cannot be read/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args);
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  }
});

test('a refused sync exits 1 with {ok:false,code,message}; an unreadable cache exits 1', async () => {
  const other = await buildFeedFixture({ feedId: 'elsewhere' });
  const otherKey = path.join(dir, 'other.jwk');
  await writeFile(otherKey, JSON.stringify(other.hubPublic));
  const r = await run(['sync', '--db', db, '--feed', other.dir, '--hub-key', otherKey, '--json']);
  expect(r.code).toBe(1);
  const out = JSON.parse(r.out);
  expect(out).toMatchObject({ ok: false, code: 'FEED_MISMATCH' });
  expect(Object.keys(out).sort()).toEqual(['code', 'message', 'ok']);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  const junk = path.join(dir, 'junk.db');
  await writeFile(junk, 'this is not a database, just some text that is long enough to look like a header'.repeat(20));
  const bad = await run(['verify', '--db', junk, ...AT, 'X']);
  expect(bad.code).toBe(1);
  expect(bad.err).toMatch(/is damaged \(file is not a database\): run `passport-kiosk sync`/);
  expect(bad.err.trim().split('\n')).toHaveLength(1);
});
