import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { main } from '../../../src/cli/passport-kiosk';
import { decodeImageFile } from '../../../src/main/barcode/decode';
import { decodeRgba } from '../../../src/shared/barcode/decode';
import { captureIo } from '../../helpers/capture-io';

// CI clones the repo with shared/ beside it: /work/main and /work/shared.
const TESTDATA = path.resolve(__dirname, '../../../../shared/testdata');
const BARCODES = path.join(TESTDATA, 'barcodes');

interface Row {
  image: string;
  expected: string;
  format: string;
}

function manifest(): Row[] {
  const lines = readFileSync(path.join(BARCODES, 'manifest.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  expect(header.slice(0, 3)).toEqual(['image', 'expected_text', 'format']);
  return lines.slice(1).map((line) => {
    const [image, expected, format] = line.split(',');
    return { image: image!, expected: expected!, format: format! };
  });
}



describe('barcode decoding over the zxing blackbox images (testdata/barcodes)', () => {
  const rows = manifest();

  it('lists 78 images with an expected-text file each', () => {
    expect(rows).toHaveLength(78);
  });

  it('decodes at least 73 of 78 byte-for-byte, and reports the count per folder', async () => {
    const perFolder = new Map<string, { ok: number; total: number }>();
    const failures: string[] = [];
    for (const row of rows) {
      const folder = row.image.split('/')[0]!;
      const tally = perFolder.get(folder) ?? { ok: 0, total: 0 };
      perFolder.set(folder, tally);
      tally.total++;
      const expected = readFileSync(path.join(BARCODES, row.expected)); // bytes, never trimmed
      const found = await decodeImageFile(path.join(BARCODES, row.image));
      if (found && Buffer.from(found.text, 'utf8').equals(expected) && found.format === row.format) tally.ok++;
      else failures.push(`${row.image} → ${found ? `${found.format} ${JSON.stringify(found.text.slice(0, 40))}` : 'nothing'}`);
    }
    const total = [...perFolder.values()].reduce((n, t) => n + t.ok, 0);
    const report = [...perFolder].map(([folder, t]) => `  ${folder.padEnd(10)} ${t.ok}/${t.total}`).join('\n');
    console.log(`decode-image over testdata/barcodes: ${total}/78\n${report}\nnot decoded: ${failures.join('; ') || 'none'}`);
    expect(total).toBeGreaterThanOrEqual(73);
  }, 180_000); // zxing throws an exception per miss; under Jest's stack capture that is slow.

  it('needs the global-histogram binarizer for the images the hybrid one misses', async () => {
    const hard = path.join(BARCODES, 'qrcode-3/04.png');
    const png = PNG.sync.read(readFileSync(hard));
    const image = { data: png.data, width: png.width, height: png.height };
    expect(decodeRgba(image, { strategies: ['hybrid'] })).toBeNull();
    const found = decodeRgba(image);
    expect(found?.strategy).toBe('global-histogram');
    expect(Buffer.from(found!.text, 'utf8').equals(readFileSync(path.join(BARCODES, 'qrcode-3/04.txt')))).toBe(true);
  });
});

describe('passport-kiosk decode-image (cli.md)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'decode-image-'));
  const qr = path.join(BARCODES, 'qrcode-5/16.png');
  const qrText = readFileSync(path.join(BARCODES, 'qrcode-5/16.txt'), 'utf8');
  const code39 = path.join(BARCODES, 'code39-1/2.png');
  const code39Text = readFileSync(path.join(BARCODES, 'code39-1/2.txt'), 'utf8');

  // A blank white PNG (no barcode), a JPEG re-encoding of a QR image, a text file.
  const blank = path.join(work, 'blank.png');
  const blankPng = new PNG({ width: 64, height: 64 });
  blankPng.data.fill(255);
  writeFileSync(blank, PNG.sync.write(blankPng));
  const asJpeg = path.join(work, 'qr.jpg');
  const src = PNG.sync.read(readFileSync(path.join(BARCODES, 'code128-1/1.png')));
  writeFileSync(asJpeg, jpeg.encode({ data: src.data, width: src.width, height: src.height }, 95).data);
  const notImage = path.join(work, 'notes.txt');
  writeFileSync(notImage, 'not an image');

  it('prints each decoded text as a payload, exactly, in order', async () => {
    const { io, out, err } = captureIo({ cwd: work });
    expect(await main(['decode-image', qr, code39], io)).toBe(0);
    expect(out()).toBe(`${qrText}\n${code39Text}\n`);
    expect(err()).toBe('');
  });

  it('--json gives one JSON line per file, NOT_FOUND for an image with no barcode (exit 0)', async () => {
    const { io, out } = captureIo({ cwd: work });
    expect(await main(['decode-image', '--json', code39, 'blank.png', asJpeg], io)).toBe(0);
    const lines = out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines).toEqual([
      { file: code39, text: code39Text, format: 'CODE_39' },
      { file: 'blank.png', error: 'NOT_FOUND' },
      { file: asJpeg, text: readFileSync(path.join(BARCODES, 'code128-1/1.txt'), 'utf8'), format: 'CODE_128' },
    ]);
  });

  it('names a file with no barcode on stderr without --json', async () => {
    const { io, out, err } = captureIo({ cwd: work });
    expect(await main(['decode-image', blank], io)).toBe(0);
    expect(out()).toBe('');
    expect(err()).toMatch(/blank\.png: no barcode found/);
  });

  it('exits 1 for a file that is not a readable image, still reporting the others', async () => {
    const { io, out, err } = captureIo({ cwd: work });
    expect(await main(['decode-image', '--json', notImage, code39], io)).toBe(1);
    const lines = out().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines[0]).toMatchObject({ file: notImage, error: 'UNREADABLE' });
    expect(lines[1]).toMatchObject({ file: code39, format: 'CODE_39' });
    expect(err()).toBe('');
  });

  it('exits 2 for a missing FILE, before decoding anything', async () => {
    const { io, out, err } = captureIo({ cwd: work });
    expect(await main(['decode-image', code39, 'missing.png'], io)).toBe(2);
    expect(out()).toBe('');
    expect(err()).toMatch(/missing\.png: no such file/);
  });

  it('exits 2 with no FILE or an unknown flag', async () => {
    const a = captureIo({ cwd: work });
    expect(await main(['decode-image'], a.io)).toBe(2);
    expect(a.err()).toMatch(/at least one image FILE/);
    const b = captureIo({ cwd: work });
    expect(await main(['decode-image', '--nope', code39], b.io)).toBe(2);
  });

  it('has --help naming the exit codes', async () => {
    const { io, out } = captureIo({ cwd: work });
    expect(await main(['decode-image', '--help'], io)).toBe(0);
    expect(out()).toMatch(/Exit codes:/);
    expect(out()).toMatch(/NOT_FOUND/);
  });
});
