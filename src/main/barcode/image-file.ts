import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../../shared/barcode/decode';

/**
 * Reading PNG and JPEG files into RGBA pixels for the shared decoder
 * (src/shared/barcode/decode.ts). Node only: the camera path hands the
 * decoder video frames instead.
 */

/** The image kinds {@link decodeImageBytes} understands, by their magic bytes. */
export type ImageKind = 'png' | 'jpeg';

/** Why an image could not be turned into pixels. */
export class ImageReadError extends Error {
  constructor(
    message: string,
    /** `UNSUPPORTED` (neither PNG nor JPEG) or `CORRUPT` (the right kind, but unreadable). */
    readonly code: 'UNSUPPORTED' | 'CORRUPT',
  ) {
    super(message);
  }
}

/** Largest image accepted, in pixels (a 64-megapixel photo); guards memory. */
export const MAX_PIXELS = 64 * 1024 * 1024;

/** The kind of image in `bytes`, from its signature, or null. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Decode PNG or JPEG bytes to RGBA; throws {@link ImageReadError}. */
export function decodeImageBytes(bytes: Buffer): RgbaImage {
  const kind = sniffImageKind(bytes);
  if (kind === null) throw new ImageReadError('not a PNG or JPEG image', 'UNSUPPORTED');
  try {
    if (kind === 'png') {
      const png = PNG.sync.read(bytes);
      return { data: png.data, width: png.width, height: png.height };
    }
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_PIXELS / (1024 * 1024),
      maxMemoryUsageInMB: 1024,
    });
    return { data: img.data, width: img.width, height: img.height };
  } catch (e) {
    throw new ImageReadError(`unreadable ${kind.toUpperCase()}: ${(e as Error).message}`, 'CORRUPT');
  }
}

/** Read and decode an image file to RGBA. File-system errors (ENOENT…) are thrown as they come. */
export async function readImageFile(file: string): Promise<RgbaImage> {
  return decodeImageBytes(await readFile(file));
}
