import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

/**
 * A video file for Chromium's fake camera
 * (`--use-file-for-fake-video-capture`): a QR code PNG, scaled up by whole
 * pixels and centred on white, as Y4M (planar 4:2:0). Chromium loops the
 * file, so a few identical frames are a steady picture.
 */
export function writeQrY4m(pngFile: string, outFile: string, opts: { width?: number; height?: number; frames?: number } = {}): void {
  const W = opts.width ?? 640;
  const H = opts.height ?? 480;
  const png = PNG.sync.read(readFileSync(pngFile));
  const scale = Math.max(1, Math.floor((Math.min(W, H) * 0.9) / Math.max(png.width, png.height)));
  const ox = Math.floor((W - png.width * scale) / 2);
  const oy = Math.floor((H - png.height * scale) / 2);
  const y = Buffer.alloc(W * H, 235); // video-range white
  for (let row = 0; row < png.height * scale; row++) {
    for (let col = 0; col < png.width * scale; col++) {
      const i = (Math.floor(row / scale) * png.width + Math.floor(col / scale)) * 4;
      const a = png.data[i + 3]! / 255;
      const luma = 0.299 * png.data[i]! + 0.587 * png.data[i + 1]! + 0.114 * png.data[i + 2]!;
      const onWhite = luma * a + 255 * (1 - a);
      y[(oy + row) * W + ox + col] = Math.round(16 + (onWhite * 219) / 255);
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128); // grey: no colour
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F5:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(outFile, Buffer.concat([header, ...Array.from({ length: opts.frames ?? 5 }, () => frame)]));
}
