import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { describeZodError, ed25519PublicJwk, type Ed25519PublicJwk } from '../core/schemas/common';
import { kioskIdSchema } from '../core/upstream/events';

/**
 * The enrolled kiosks' public keys: a JWK Set whose `kid`s are kiosk ids
 * (what `passport-kiosk device` prints). Re-read whenever the file changes
 * (size, mtime or inode), checked at each request, so IT enrols a kiosk by
 * editing the file, without a restart. A file that becomes unreadable or
 * invalid keeps the keys read last, and says so once on stderr.
 */

const keySetSchema = z.object({ keys: z.array(ed25519PublicJwk.extend({ kid: kioskIdSchema })) });

export class KioskKeysError extends Error {}

function load(file: string): Map<string, Ed25519PublicJwk> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KioskKeysError(`kiosk keys ${file} cannot be read as JSON (${(e as Error).message}): expected a JWK Set {"keys":[…]} as "passport-kiosk device" prints each key`);
  }
  const parsed = keySetSchema.safeParse(data);
  if (!parsed.success) throw new KioskKeysError(describeZodError(`kiosk keys ${file}`, parsed.error));
  return new Map(parsed.data.keys.map((k) => [k.kid, k]));
}

export class KioskKeys {
  private keys: Map<string, Ed25519PublicJwk>;
  private stamp: string;
  private complained = '';

  /** Throws KioskKeysError when the file cannot be used at start. */
  constructor(
    private readonly file: string,
    private readonly warn: (line: string) => void = () => undefined,
  ) {
    this.stamp = this.stampNow();
    this.keys = load(file);
  }

  private stampNow(): string {
    try {
      const s = statSync(this.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }

  /** Re-read the file if it changed since the last read. */
  refresh(): void {
    const stamp = this.stampNow();
    if (stamp === this.stamp) return;
    try {
      this.keys = load(this.file);
      this.stamp = stamp;
      this.complained = '';
    } catch (e) {
      const line = `${(e as Error).message}; still using the keys read before`;
      if (line !== this.complained) this.warn(line);
      this.complained = line;
    }
  }

  get(kid: string): Ed25519PublicJwk | undefined {
    return this.keys.get(kid);
  }

  enrolled(): string[] {
    return [...this.keys.keys()].sort();
  }
}
