import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
  type Binarizer,
  type LuminanceSource,
} from '@zxing/library';

/**
 * The one barcode decoder of the kiosk: pixels in, text out. The camera
 * (renderer, from video frames) and `passport-kiosk decode-image` (Node,
 * from PNG/JPEG files) both call {@link decodeRgba}, so a code that will
 * not read at the desk can be checked from the command line with exactly
 * the same code.
 *
 * This module is deliberately pure: no Node built-in, no DOM, no
 * Electron — only @zxing/library and plain typed arrays.
 */

/** The symbologies the kiosk reads (spec/cli.md `decode-image`). */
export const BARCODE_FORMATS = ['QR_CODE', 'CODE_128', 'CODE_39', 'PDF_417', 'DATA_MATRIX'] as const;

/** One of {@link BARCODE_FORMATS}, named as zxing names it. */
export type BarcodeFormatName = (typeof BARCODE_FORMATS)[number];

/**
 * How a frame is tried, in order of cost:
 * - `hybrid`: HybridBinarizer (local thresholds; best for most photos),
 * - `global-histogram`: GlobalHistogramBinarizer (one threshold; reads some
 *   blurry or low-contrast photos the hybrid one misses),
 * - `rotated-180`: HybridBinarizer on the image turned upside down,
 * - `pure`: zxing's PURE_BARCODE mode, for an image that is nothing but a
 *   clean code (a file made by `passport-feed token --png`, a screenshot of
 *   a phone's code): zxing-js's finder-pattern search misses about 1 in 75
 *   cleanly generated QR codes of token length, which this mode reads.
 */
export type DecodeStrategy = 'hybrid' | 'global-histogram' | 'rotated-180' | 'pure';

/** Every strategy, in the order {@link decodeRgba} tries them by default. */
export const ALL_STRATEGIES: readonly DecodeStrategy[] = ['hybrid', 'global-histogram', 'rotated-180', 'pure'];

/** RGBA pixels, 4 bytes per pixel, row by row (ImageData, pngjs and jpeg-js all give this). */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** A barcode that was read. */
export interface DecodedBarcode {
  /** The decoded text, exactly as zxing gives it (never trimmed). */
  text: string;
  format: BarcodeFormatName;
  /** Which strategy read it. */
  strategy: DecodeStrategy;
}

/** Options for {@link decodeRgba} and {@link decodeLuminance}. */
export interface DecodeOptions {
  /** Strategies to try, in order; default {@link ALL_STRATEGIES}. The camera may pass fewer to save CPU. */
  strategies?: readonly DecodeStrategy[];
  /** Symbologies to look for; default all of {@link BARCODE_FORMATS}. */
  formats?: readonly BarcodeFormatName[];
  /** zxing's TRY_HARDER (slower, finds more); default true. */
  tryHarder?: boolean;
}

const FORMAT_ENUM: Record<BarcodeFormatName, BarcodeFormat> = {
  QR_CODE: BarcodeFormat.QR_CODE,
  CODE_128: BarcodeFormat.CODE_128,
  CODE_39: BarcodeFormat.CODE_39,
  PDF_417: BarcodeFormat.PDF_417,
  DATA_MATRIX: BarcodeFormat.DATA_MATRIX,
};

/**
 * The luminance (0–255) of each pixel, from RGBA with the alpha channel
 * composited on white, using zxing's green-favouring (r + 2g + b) / 4.
 * Throws RangeError when the buffer is smaller than width × height × 4.
 */
export function luminanceFromRgba(image: RgbaImage): Uint8ClampedArray {
  const { data, width, height } = image;
  assertSize(width, height);
  const size = width * height;
  if (data.length < size * 4) {
    throw new RangeError(`RGBA buffer holds ${data.length} bytes; ${width}×${height} needs ${size * 4}`);
  }
  const out = new Uint8ClampedArray(size);
  for (let i = 0, p = 0; i < size; i++, p += 4) {
    const r = data[p]!;
    const g = data[p + 1]!;
    const b = data[p + 2]!;
    const a = data[p + 3]!;
    const luma = (r + 2 * g + b) >> 2;
    // Composite on white: a transparent pixel is paper, not ink.
    out[i] = a === 255 ? luma : (luma * a + 255 * (255 - a) + 127) / 255;
  }
  return out;
}

/** The same luminance plane turned 180° (a new array). */
export function rotate180(luminance: Uint8ClampedArray): Uint8ClampedArray {
  const out = new Uint8ClampedArray(luminance.length);
  for (let i = 0, j = luminance.length - 1; j >= 0; i++, j--) out[i] = luminance[j]!;
  return out;
}

/**
 * Decode the first barcode found in an RGBA image, trying each strategy
 * in turn; `null` when none reads. Never throws for "nothing found";
 * throws RangeError for a malformed image.
 */
export function decodeRgba(image: RgbaImage, options: DecodeOptions = {}): DecodedBarcode | null {
  return decodeLuminance(luminanceFromRgba(image), image.width, image.height, options);
}

/**
 * Decode from a luminance plane (one byte per pixel, width × height).
 * See {@link decodeRgba}.
 */
export function decodeLuminance(
  luminance: Uint8ClampedArray,
  width: number,
  height: number,
  options: DecodeOptions = {},
): DecodedBarcode | null {
  assertSize(width, height);
  if (luminance.length < width * height) {
    throw new RangeError(`luminance plane holds ${luminance.length} bytes; ${width}×${height} needs ${width * height}`);
  }
  const strategies = options.strategies ?? ALL_STRATEGIES;
  const hints = makeHints(options);
  let rotated: Uint8ClampedArray | undefined;
  for (const strategy of strategies) {
    let plane = luminance;
    if (strategy === 'rotated-180') plane = rotated ??= rotate180(luminance);
    const source = new RGBLuminanceSource(plane, width, height);
    const binarizer: Binarizer =
      strategy === 'global-histogram' ? new GlobalHistogramBinarizer(source) : new HybridBinarizer(source as LuminanceSource);
    const found = tryDecode(new BinaryBitmap(binarizer), strategy === 'pure' ? pureHints(hints) : hints);
    if (found) return { ...found, strategy };
  }
  return null;
}

function makeHints(options: DecodeOptions): Map<DecodeHintType, unknown> {
  const formats = options.formats ?? BARCODE_FORMATS;
  const hints = new Map<DecodeHintType, unknown>();
  hints.set(
    DecodeHintType.POSSIBLE_FORMATS,
    formats.map((f) => FORMAT_ENUM[f]),
  );
  if (options.tryHarder ?? true) hints.set(DecodeHintType.TRY_HARDER, true);
  return hints;
}

/**
 * The same hints, plus PURE_BARCODE (the image is the code alone, with its
 * quiet zone), for the 2D formats only: the 1D readers have already scanned
 * the image row by row, and doing it again would only cost time.
 */
function pureHints(hints: Map<DecodeHintType, unknown>): Map<DecodeHintType, unknown> {
  const pure = new Map(hints);
  const formats = (hints.get(DecodeHintType.POSSIBLE_FORMATS) as BarcodeFormat[]).filter((f) => PURE_FORMATS.has(f));
  pure.set(DecodeHintType.POSSIBLE_FORMATS, formats);
  pure.set(DecodeHintType.PURE_BARCODE, true);
  return pure;
}

const PURE_FORMATS = new Set([BarcodeFormat.QR_CODE, BarcodeFormat.DATA_MATRIX, BarcodeFormat.PDF_417]);

function tryDecode(bitmap: BinaryBitmap, hints: Map<DecodeHintType, unknown>): Omit<DecodedBarcode, 'strategy'> | null {
  // A fresh reader per attempt: zxing-js readers keep state between calls,
  // a known cause of "the decoder stops after a few scans" in long camera runs.
  const reader = new MultiFormatReader();
  // @zxing/library 0.23.0 console.warn()s every ordinary miss (its
  // NotFound/Checksum/Format exceptions fail its own `instanceof
  // ReaderException` test), flooding stderr and the camera's console.
  // decode() is synchronous, so silencing warn just around it is safe.
  const warn = console.warn;
  console.warn = quietZxingWarn(warn);
  try {
    const result = reader.decode(bitmap, hints);
    const format = formatName(result.getBarcodeFormat());
    return format ? { text: result.getText(), format } : null;
  } catch {
    // NotFound / Checksum / Format exceptions all mean "not read in this try".
    return null;
  } finally {
    console.warn = warn;
    reader.reset();
  }
}

/** A console.warn that drops zxing's per-miss "non-ReaderException" noise and passes anything else on. */
function quietZxingWarn(warn: typeof console.warn): typeof console.warn {
  return (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('MultiFormatReader: non-ReaderException')) return;
    warn(...args);
  };
}

function formatName(format: BarcodeFormat): BarcodeFormatName | null {
  for (const name of BARCODE_FORMATS) if (FORMAT_ENUM[name] === format) return name;
  return null;
}

function assertSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
}
