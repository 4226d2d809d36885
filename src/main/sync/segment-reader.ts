import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { MAX_LINE_BYTES } from './record-verifier';

/**
 * Streams one segment file line by line (feed.md "A segment line…"): blank
 * lines are ignored, a line over 64 KiB is reported as `null` without ever
 * being held whole, `.gz` segments are decompressed on the fly. The raw
 * bytes are hashed again as they are read, so a folder file changed after
 * its hash was checked is caught. Memory stays at one chunk plus one line.
 */

const NL = 0x0a;

export interface SegmentScan {
  /** Non-blank lines, oversized ones included: compared with the manifest's `count`. */
  lines: number;
  /** SHA-256 of the stored (compressed, for .gz) bytes as read. */
  sha256: string;
}

/**
 * Call `onLine` for each non-blank line (null for an oversized one), in
 * order; awaits `onLine`'s promise when it returns one (back-pressure).
 */
export async function readSegment(
  file: string,
  gzip: boolean,
  onLine: (line: string | null) => void | Promise<void>,
): Promise<SegmentScan> {
  const hash = createHash('sha256');
  const raw = createReadStream(file, { highWaterMark: 1 << 18 });
  let source: AsyncIterable<Buffer> = raw;
  if (gzip) {
    // Hash the compressed bytes on their way into gunzip (the hash names the stored bytes).
    raw.on('data', (c) => hash.update(c as Buffer));
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    raw.on('error', (e) => gunzip.destroy(e));
    source = raw.pipe(gunzip);
  }

  let carry: Buffer | null = null;
  let oversized = false;
  let lines = 0;

  const emit = async (buf: Buffer): Promise<void> => {
    let line = buf.toString('latin1');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') return;
    lines++;
    const p = onLine(line.length > MAX_LINE_BYTES ? null : line);
    if (p) await p;
  };

  for await (const chunk of source) {
    if (!gzip) hash.update(chunk);
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      const end = nl === -1 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (!oversized) {
        const len = (carry?.length ?? 0) + piece.length;
        if (len > MAX_LINE_BYTES + 1) {
          // +1 tolerates the '\r' of a CRLF line of exactly 64 KiB.
          oversized = true;
          carry = null;
        } else if (nl === -1) {
          carry = carry ? Buffer.concat([carry, piece]) : Buffer.from(piece);
        } else {
          const whole = carry ? Buffer.concat([carry, piece]) : piece;
          carry = null;
          await emit(whole);
        }
      }
      if (nl === -1) break;
      if (oversized) {
        oversized = false;
        lines++;
        const p = onLine(null);
        if (p) await p;
      }
      start = nl + 1;
    }
  }
  if (oversized) {
    lines++;
    const p = onLine(null);
    if (p) await p;
  } else if (carry && carry.length > 0) {
    await emit(carry);
  }
  return { lines, sha256: hash.digest('hex') };
}
