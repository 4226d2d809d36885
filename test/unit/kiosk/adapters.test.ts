import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { folderPhotoSource } from '../../../src/main/kiosk/feed-photos';
import { toSyncOutcomeDto } from '../../../src/main/kiosk/open-kiosk';
import { readerSourceFrom } from '../../../src/main/kiosk/reader-source';
import type { ReaderEvent, ReaderStatus } from '../../../src/main/readers/device-manager';

describe('folderPhotoSource', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'photos-'));
  mkdirSync(path.join(dir, 'photos'));
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  writeFileSync(path.join(dir, 'photos', sha(jpeg)), jpeg);
  const swapped = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 9, 9, 9]);
  const claimed = 'a'.repeat(64);
  writeFileSync(path.join(dir, 'photos', claimed), swapped);
  const text = Buffer.from('not an image at all');
  writeFileSync(path.join(dir, 'photos', sha(text)), text);
  const photos = folderPhotoSource(dir);

  test('gives a JPEG whose bytes match its content address', () => {
    expect(photos(`sha256:${sha(jpeg)}`)).toEqual({ bytes: jpeg, type: 'image/jpeg' });
  });
  test('refuses a file whose bytes do not match its name, a non-image, a missing file and a bad address', () => {
    expect(photos(`sha256:${claimed}`)).toBeNull();
    expect(photos(`sha256:${sha(text)}`)).toBeNull();
    expect(photos(`sha256:${'b'.repeat(64)}`)).toBeNull();
    expect(photos('sha256:../../etc/passwd')).toBeNull();
  });
});

describe('readerSourceFrom', () => {
  const status: ReaderStatus[] = [
    { id: 'reader-1', name: 'Desk scanner', state: 'connected', message: 'connected to HID 1', device: null, errors: 0 },
    { id: 'reader-2', name: 'NFC pad', state: 'disconnected', message: 'not plugged in', device: null, errors: 0 },
  ];
  let emit: (e: ReaderEvent) => void = () => undefined;
  const manager = {
    status: () => status,
    onEvent: (l: (e: ReaderEvent) => void) => {
      emit = l;
      return () => undefined;
    },
  };

  test('maps states, with the reason only when a reader is not connected', () => {
    expect(readerSourceFrom(manager).states()).toEqual([
      { id: 'reader-1', name: 'Desk scanner', state: 'connected' },
      { id: 'reader-2', name: 'NFC pad', state: 'disconnected', detail: 'not plugged in' },
    ]);
  });

  test('passes on scans and whole-list state changes, and ignores broken reads', () => {
    const source = readerSourceFrom(manager);
    const scans: unknown[] = [];
    const lists: unknown[] = [];
    source.onScan((s) => scans.push(s));
    emit({ type: 'scan', readerId: 'reader-1', t: 1, payload: 'RXL0012345', kind: 'badge' });
    emit({ type: 'broken', readerId: 'reader-1', t: 2, reason: 'TIMEOUT' });
    expect(scans).toEqual([{ payload: 'RXL0012345', readerId: 'reader-1' }]);
    source.onStates((s) => lists.push(s));
    emit({ type: 'state', reader: status[1]! });
    expect(lists).toHaveLength(1);
    expect((lists[0] as unknown[]).length).toBe(2);
  });
});

describe('toSyncOutcomeDto', () => {
  test('words a success and keeps a refusal’s code and message', () => {
    const base = { ok: true as const, feed: 'demo', seq: 3, skipped: {}, published: 'p', expires: 'e' };
    expect(toSyncOutcomeDto({ ...base, mode: 'delta', applied: 1 }, 'T')).toEqual({
      at: 'T',
      ok: true,
      message: 'Synced: 1 passport updated',
      applied: 1,
    });
    expect(toSyncOutcomeDto({ ...base, mode: 'none', applied: 0 }, 'T').message).toBe('Synced: already up to date');
    expect(toSyncOutcomeDto({ ok: false, code: 'FEED_ROLLBACK', message: 'The feed went backwards.' }, 'T')).toEqual({
      at: 'T',
      ok: false,
      code: 'FEED_ROLLBACK',
      message: 'The feed went backwards.',
    });
  });
});
