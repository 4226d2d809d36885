import { decodeRgba, type DecodedBarcode, type DecodeOptions } from '../../shared/barcode/decode';
import { readImageFile } from './image-file';

/**
 * Barcode decoding for the main process and the CLI: image files through
 * the same pure decoder the camera uses (src/shared/barcode/decode.ts).
 */

export {
  ALL_STRATEGIES,
  BARCODE_FORMATS,
  decodeLuminance,
  decodeRgba,
  luminanceFromRgba,
  type BarcodeFormatName,
  type DecodedBarcode,
  type DecodeOptions,
  type DecodeStrategy,
  type RgbaImage,
} from '../../shared/barcode/decode';
export { ImageReadError, decodeImageBytes, readImageFile, sniffImageKind, type ImageKind } from './image-file';

/**
 * Read a PNG or JPEG file and decode the first barcode in it; null when
 * none reads. Throws for a file that is missing (Node's ENOENT) or not a
 * readable image ({@link ImageReadError}).
 */
export async function decodeImageFile(file: string, options?: DecodeOptions): Promise<DecodedBarcode | null> {
  return decodeRgba(await readImageFile(file), options);
}
