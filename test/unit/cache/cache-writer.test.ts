import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CacheWriter, type RecordMeta, type StateUpdate } from '../../../src/main/cache/cache-writer';
import { openReadable, openWritable } from '../../../src/main/cache/db';
import { PassportCache } from '../../../src/main/cache/passport-cache';

/** The cache's write rules, and what a reader sees while a rebuild runs. */

const TRUST = JSON.stringify({ v: 1, issuers: [{ iss: 'RXL', name: 'Blackpool', keys: [] }] });
const update = (seq: number, trust = TRUST): StateUpdate => ({
  feed: 'f', seq, published: '2026-11-24T09:00:00Z', expires: '2026-11-25T09:00:00Z',
  trustSha256: createHash('sha256').update(trust).digest('hex'), trustJson: trust, etag: null,
});
/** A compact-JWS-shaped string whose payload names the record (the cache holds each row's columns to its JWS). */
const jws = (id: string, rev: number, iss = 'RXL') => `e30.${Buffer.from(JSON.stringify({ id, iss, rev })).toString('base64url')}.c2ln`;
const meta = (id: string, rev: number, over: Partial<RecordMeta> = {}): RecordMeta => ({
  id, iss: 'RXL', rev, status: 'active', badges: [['barcode', `B-${id}`], ['nfc', '04AABBCCDDEEFF']], ...over,
});

function setup() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cache-w-')), 'cache.db');
  const writer = new CacheWriter(openWritable(file));
  const reader = () => new PassportCache(openReadable(file)!);
  return { file, writer, reader };
}

test('delta: rev order, issuer ownership, erasure, and one transaction', () => {
  const { writer, reader } = setup();
  const d = writer.startDelta();
  expect(d.apply(meta('A', 2), jws('A', 2))).toBe('applied');
  expect(d.apply(meta('A', 1), jws('A', 1))).toBe('ignored');
  expect(d.apply(meta('A', 2), jws('A', 2))).toBe('ignored');
  expect(d.apply(meta('A', 3, { iss: 'RJ1' }), 'x')).toBe('ISSUER_MISMATCH');
  expect(d.apply(meta('B', 1), jws('B', 1))).toBe('applied');
  d.commit(update(1));
  const r = reader();
  expect(r.findById('A')).toEqual({ id: 'A', iss: 'RXL', rev: 2, erased: false, jws: jws('A', 2) });
  // Both passports carry the NFC UID: a lookup returns each once.
  expect(r.findByBadges([{ type: 'nfc', value: '04AABBCCDDEEFF' }]).map((p) => p.id).sort()).toEqual(['A', 'B']);
  // An NFC scan's two keys (one statement): every passport either finds, each once.
  const both = (value: string) => r.findByBadges([{ type: 'nfc', value: '04AABBCCDDEEFF' }, { type: 'barcode', value }]);
  expect(both('B-A').map((p) => p.id).sort()).toEqual(['A', 'B']);
  expect(r.findByBadges([{ type: 'nfc', value: '04FFFFFFFFFFFF' }, { type: 'barcode', value: 'B-B' }]).map((p) => p.id)).toEqual(['B']);
  expect(r.findByBadges([{ type: 'nfc', value: '04FFFFFFFFFFFF' }, { type: 'barcode', value: 'none' }])).toEqual([]);
  const e = writer.startDelta();
  expect(e.apply(meta('B', 2, { status: 'erased', badges: [] }), jws('B', 2))).toBe('applied');
  e.commit(update(2));
  expect(r.findById('B')).toEqual({ id: 'B', iss: 'RXL', rev: 2, erased: true, jws: null });
  expect(r.findByBadges([{ type: 'barcode', value: 'B-B' }])).toEqual([]);
  const moved = writer.startDelta();
  expect(moved.apply(meta('A', 3, { badges: [['barcode', 'NEW-A']] }), jws('A', 3))).toBe('applied');
  moved.commit(update(3));
  expect(r.findByBadges([{ type: 'barcode', value: 'B-A' }])).toEqual([]);
  expect(r.findByBadges([{ type: 'barcode', value: 'NEW-A' }]).map((p) => p.jws)).toEqual([jws('A', 3)]);
  const aborted = writer.startDelta();
  aborted.apply(meta('C', 1), jws('C', 1));
  aborted.abort();
  expect(r.findById('C')).toBeNull();
  expect(writer.state().seq).toBe(3);
});

test('snapshot() is null before the first sync; the TrustIndex is reused until the trust list changes', () => {
  const { writer, reader } = setup();
  const r = reader();
  expect(r.snapshot()).toBeNull();
  writer.startDelta().commit(update(1));
  const a = r.snapshot()!;
  expect(a.trust.issuerName('RXL')).toBe('Blackpool');
  expect(r.snapshot()!.trust).toBe(a.trust);
  const other = JSON.stringify({ v: 1, issuers: [{ iss: 'RXL', name: 'Blackpool Teaching', keys: [] }] });
  writer.startDelta().commit(update(2, other));
  expect(r.snapshot()!.trust).not.toBe(a.trust);
  expect(r.snapshot()!.trust.issuerName('RXL')).toBe('Blackpool Teaching');
});

test('rebuild: readers see the old state until the swap, then exactly the new state', () => {
  const { writer, reader } = setup();
  const d = writer.startDelta();
  d.apply(meta('OLD', 1), jws('OLD', 1));
  d.apply(meta('KEEP', 1), jws('KEEP', 1));
  d.commit(update(1));
  const r = reader();
  const b = writer.startRebuild();
  for (let i = 0; i < 25_000; i++) b.apply(meta(`N${i}`, 1, { badges: [['barcode', `NB${i}`]] }), jws(`N${i}`, 1));
  expect(b.apply(meta('KEEP', 2), jws('KEEP', 2))).toBe('applied');
  expect(b.apply(meta('KEEP', 1), jws('KEEP', 1))).toBe('ignored');
  expect(b.apply(meta('OLD', 5, { iss: 'RJ1' }), 'x')).toBe('ISSUER_MISMATCH');
  // Batches of 10,000 have been committed to the *_next tables: still invisible.
  expect(r.findById('N1')).toBeNull();
  expect(r.findById('OLD')?.rev).toBe(1);
  expect(r.snapshot()).not.toBeNull();
  b.commit(update(2));
  expect(r.findById('OLD')).toBeNull();
  expect(r.findById('KEEP')?.jws).toBe(jws('KEEP', 2));
  expect(r.findByBadges([{ type: 'barcode', value: 'NB24999' }]).map((p) => p.id)).toEqual(['N24999']);
  expect(r.findByBadges([{ type: 'barcode', value: 'B-KEEP' }]).map((p) => p.id)).toEqual(['KEEP']);
  expect(writer.state()).toMatchObject({ seq: 2, generation: 1 });
  const leftovers = writer.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%_next' OR name LIKE '%_old'").all();
  expect(leftovers).toEqual([]);
});

test('an aborted rebuild (or one a kill interrupted) leaves the live state and no debris', () => {
  const { writer, reader } = setup();
  const d = writer.startDelta();
  d.apply(meta('A', 1), jws('A', 1));
  d.commit(update(1));
  const b = writer.startRebuild();
  b.apply(meta('Z', 1), jws('Z', 1));
  b.abort();
  expect(reader().findById('A')?.jws).toBe(jws('A', 1));
  // A killed rebuild leaves *_next tables behind; the next one starts clean.
  writer.db.exec('CREATE TABLE passports_next (x); CREATE TABLE badges_next (y)');
  const again = writer.startRebuild();
  again.apply(meta('Y', 1), jws('Y', 1));
  again.commit(update(2));
  expect(reader().findById('Y')?.jws).toBe(jws('Y', 1));
  expect(reader().findById('A')).toBeNull();
});
