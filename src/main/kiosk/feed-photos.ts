import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PhotoSource } from './kiosk-service';

/**
 * Photos published beside a folder feed (`photos/<sha256>`, feed.md). The
 * bytes are checked against their content address before they are shown,
 * so a swapped file on a share cannot put the wrong face on a verdict.
 * Only JPEG and PNG are shown (passport.md).
 */
export function folderPhotoSource(feedDir: string): PhotoSource {
  return (address) => {
    const m = /^sha256:([0-9a-f]{64})$/.exec(address);
    if (!m) return null;
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(feedDir, 'photos', m[1]!));
    } catch {
      return null;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== m[1]) return null;
    const type = imageType(bytes);
    return type ? { bytes, type } : null;
  };
}

function imageType(b: Buffer): string | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}
