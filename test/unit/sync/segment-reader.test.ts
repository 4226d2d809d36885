import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readSegment } from '../../../src/main/sync/segment-reader';

const dir = mkdtempSync(path.join(tmpdir(), 'segment-'));
let n = 0;
function file(bytes: Buffer | string): string {
  const f = path.join(dir, `s${n++}`);
  writeFileSync(f, bytes);
  return f;
}

async function read(f: string, gzip = false) {
  const lines: (string | null)[] = [];
  const scan = await readSegment(f, gzip, (l) => {
    lines.push(l);
  });
  return { lines, count: scan.lines, sha256: scan.sha256 };
}

test('blank lines are ignored, CRLF is tolerated, a last line without a newline counts', async () => {
  const text = 'aaa\n\n  \r\nbbb\r\nccc';
  const r = await read(file(text));
  expect(r.lines).toEqual(['aaa', 'bbb', 'ccc']);
  expect(r.count).toBe(3);
  expect(r.sha256).toBe(createHash('sha256').update(text).digest('hex'));
});

test('a line over 64 KiB is reported as null (counted), without stopping the rest', async () => {
  const max = 'x'.repeat(64 * 1024);
  const r = await read(file(`a\n${'y'.repeat(64 * 1024 + 1)}\n${max}\nb\n${'z'.repeat(200_000)}`));
  expect(r.lines.map((l) => (l === null ? null : l.length))).toEqual([1, null, 64 * 1024, 1, null]);
  expect(r.count).toBe(5);
});

test('.gz segments are decompressed on the fly; the hash is of the compressed bytes', async () => {
  const gz = gzipSync(Buffer.from('one\ntwo\n'));
  const r = await read(file(gz), true);
  expect(r.lines).toEqual(['one', 'two']);
  expect(r.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
  await expect(read(file('not gzip at all'), true)).rejects.toMatchObject({ code: expect.stringMatching(/^Z_/) });
});

test('lines split across read chunks come out whole', async () => {
  const lines = Array.from({ length: 3000 }, (_, i) => `line-${i}-${'q'.repeat(i % 700)}`);
  const r = await read(file(`${lines.join('\n')}\n`));
  expect(r.lines).toEqual(lines);
});
