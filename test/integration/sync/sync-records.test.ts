import { createHash } from 'node:crypto';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildFeedFixture, type FeedFixture } from '../../helpers/feed-fixture';
import { signManifest } from '../../../src/publisher';
import { FolderTransport } from '../../../src/main/sync/folder-transport';
import { HttpTransport } from '../../../src/main/sync/http-transport';
import { openPassportStore } from '../../../src/main/cache/passport-cache';
import { scan, sync, tempDir } from './helpers';

/** Record-level rules (erasure, line limits, counts) and paths that try to leave the feed. */

let fx: FeedFixture;
let db: string;
const NAME = 'Zebedee Quillfeather-Marchbanks';

beforeEach(async () => {
  fx = await buildFeedFixture({ records: 4, edit: (r, i) => (i === 2 ? { ...r, person: { ...r.person, name: NAME } } : r) });
  db = path.join(await tempDir(), 'cache.db');
});

const manifestOf = async () =>
  JSON.parse(Buffer.from((await readFile(path.join(fx.dir, 'manifest.jws'), 'utf8')).split('.')[1]!, 'base64url').toString());

/** The name as it appears inside a base64url JWS payload, at each of the three byte alignments. */
function encodedForms(text: string): string[] {
  const forms = [text];
  for (const k of [0, 1, 2]) {
    const enc = Buffer.concat([Buffer.alloc(k, 0x22), Buffer.from(text)]).toString('base64url');
    forms.push(enc.slice(k === 0 ? 0 : 4, -4));
  }
  return forms;
}

/** What the cache may hold of a line: the line itself, or its payload's and signature's bytes (stored-jws.ts). */
function storedForms(line: string): string[] {
  const [, payload, signature] = line.split('.') as [string, string, string];
  return [line, Buffer.from(payload, 'base64url').toString('latin1'), Buffer.from(signature, 'base64url').toString('latin1')];
}

async function fileBytes(): Promise<string> {
  const parts = await Promise.all([db, `${db}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0))));
  return Buffer.concat(parts).toString('latin1');
}

test('erasure wipes the person: the name is gone from the database file\'s bytes, and an older rev cannot bring it back', async () => {
  await sync(db, fx);
  const id = fx.records[2]!.id;
  const before = await fileBytes();
  expect(encodedForms(NAME).some((f) => before.includes(f))).toBe(true);
  expect(before).toContain(storedForms(fx.lines[2]!)[1]);

  await fx.publish([{ v: 1, id, rev: 2, iss: fx.records[2]!.iss, issuedAt: '2026-11-20T09:00:00Z', status: 'erased' }]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, mode: 'delta', applied: 1 });
  const after = await fileBytes();
  for (const form of encodedForms(NAME)) expect(after).not.toContain(form);
  for (const form of storedForms(fx.lines[2]!)) expect(after).not.toContain(form);
  const badge = (fx.records[2] as { badges: { value: string }[] }).badges[0]!.value;
  expect((await scan(db, badge)).reasons[0]!.code).toBe('BADGE_UNKNOWN');
  const { store, close } = openPassportStore(db);
  expect(store.findById(id)).toEqual({ id, iss: fx.records[2]!.iss, rev: 2, erased: true, jws: null });
  close();

  await fx.publish([fx.lines[2]!]);
  expect(await sync(db, fx)).toMatchObject({ ok: true, applied: 0 });
  for (const form of encodedForms(NAME)) expect(await fileBytes()).not.toContain(form);
});

test('erasure by a snapshot rebuild also leaves no trace in the file', async () => {
  await sync(db, fx);
  const id = fx.records[2]!.id;
  await fx.publish([{ v: 1, id, rev: 2, iss: fx.records[2]!.iss, issuedAt: '2026-11-20T09:00:00Z', status: 'erased' }]);
  await fx.publish([]);
  await fx.publish([], { snapshot: true, logKeep: 1 });
  expect(await sync(db, fx)).toMatchObject({ ok: true, mode: 'snapshot' });
  const after = await fileBytes();
  for (const form of encodedForms(NAME)) expect(after).not.toContain(form);
});

test('a line over 64 KiB and a signed non-record are RECORD_INVALID; the rest applies', async () => {
  await sync(db, fx);
  const huge = `${fx.lines[0]!.split('.')[0]}.${'A'.repeat(70 * 1024)}.sig`;
  const notRecord = await fx.sign({ v: 2, id: 'RXL-9999', iss: 'RXL' }, 'RXL');
  expect(await fx.publish([huge, notRecord, fx.record(40)]).then(() => sync(db, fx))).toMatchObject({
    ok: true,
    applied: 1,
    skipped: { RECORD_INVALID: 2 },
  });
});

test('a segment whose line count differs from the manifest is FEED_INVALID', async () => {
  await fx.publish([fx.record(50), fx.record(51)]);
  const m = await manifestOf();
  m.log.at(-1).count = 3;
  await writeFile(path.join(fx.dir, 'manifest.jws'), await signManifest(m, fx.hubKey));
  const out = await sync(db, fx);
  expect(out).toMatchObject({ ok: false, code: 'FEED_INVALID' });
  expect(out.ok === false && out.message).toMatch(/has 2 records, but the manifest says 3/);
  expect((await scan(db, 'RXL0000000')).reasons[0]!.code).toBe('NO_DATA');
});

test('manifest paths that leave the feed are refused, whatever the transport', async () => {
  const m = await manifestOf();
  for (const bad of ['../outside.json', '/etc/passwd', 'trust\\..\\x.json', 'file:///etc/passwd', 'https://evil.example/t.json']) {
    await writeFile(path.join(fx.dir, 'manifest.jws'), await signManifest({ ...m, trust: { ...m.trust, path: bad } }, fx.hubKey));
    const out = await sync(db, fx);
    expect(out).toMatchObject({ ok: false, code: 'FEED_INVALID' });
  }
  const folder = new FolderTransport(fx.dir);
  const sha = '0'.repeat(64);
  await expect(folder.fetchFile('../secret', sha)).rejects.toMatchObject({ code: 'FEED_INVALID' });
  const outside = path.join(await tempDir(), 'secret.json');
  await writeFile(outside, 'secret');
  await symlink(outside, path.join(fx.dir, 'trust', 'link.json'));
  await expect(folder.fetchFile('trust/link.json', createHash('sha256').update('secret').digest('hex'))).rejects.toMatchObject({
    code: 'FEED_INVALID',
  });
  const http = new HttpTransport('http://127.0.0.1:9/feed/', { retries: 0 });
  for (const bad of ['../x', '//evil.example/x', 'http://evil.example/x', '%2e%2e/x']) {
    await expect(http.fetchFile(bad, sha, await tempDir())).rejects.toMatchObject({ code: 'FEED_INVALID' });
  }
});
