import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PinnedKey } from '../../core/jws';
import { describeZodError, ed25519PublicJwk } from '../../core/schemas/common';

/** A `--hub-key` file that cannot be used; the message names the file and what was expected. */
export class HubKeyError extends Error {}

const pinnedKey = ed25519PublicJwk.extend({ kid: z.string().min(1) });
const keySet = z.object({ keys: z.array(pinnedKey).min(1) });

/**
 * Read pinned hub keys from a file: one public Ed25519 JWK carrying its
 * `kid`, or a JWK Set `{"keys": […]}` (cli.md). A private key is refused,
 * so a hub's signing key is never copied to kiosks by mistake.
 */
export function readHubKeyFile(file: string): PinnedKey[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HubKeyError(`hub key file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HubKeyError(`hub key file ${file} is not JSON: expected a public Ed25519 JWK with a kid, or {"keys":[…]}`);
  }
  const isSet = typeof data === 'object' && data !== null && 'keys' in data;
  const parsed = isSet ? keySet.safeParse(data) : pinnedKey.safeParse(data);
  if (!parsed.success) {
    throw new HubKeyError(`${describeZodError(`hub key file ${file}`, parsed.error)} (expected a public Ed25519 JWK with a kid, or {"keys":[…]})`);
  }
  const keys = isSet ? (parsed.data as z.infer<typeof keySet>).keys : [parsed.data as z.infer<typeof pinnedKey>];
  return keys.map((k) => ({ kty: 'OKP', crv: 'Ed25519', x: k.x, kid: k.kid }));
}
