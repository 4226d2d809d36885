import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from './rng';

/**
 * A reproducible mix of scan payloads against the demo feed, for exercising
 * `verify --batch` (its test and bench): badges and NFC UIDs the cache holds,
 * ones it does not, QR tokens of every demo situation (valid, behind the
 * feed, expired, forged, another issuer's, a compromised key's, an erased
 * passport's), and scans no payload class accepts.
 */

export interface PayloadMixSource {
  /** Badge values and NFC UIDs the cache holds (e.g. `SELECT value FROM badges`). */
  known: readonly string[];
  /** Compact-JWS QR tokens. */
  tokens: readonly string[];
}

/** The demo's QR tokens (`resources/demo/tokens/*.jws`), in name order. */
export function demoTokens(demoDir: string): string[] {
  const dir = path.join(demoDir, 'tokens');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jws'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8').trim());
}

/** `count` payloads: 55 % known badges/UIDs, 20 % tokens, 20 % unknown badges and UIDs, 5 % unreadable scans. */
export function payloadMix(source: PayloadMixSource, count: number, seed = 'verify-batch'): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = rng.next();
    if (x < 0.55) out.push(rng.pick(source.known));
    else if (x < 0.75) out.push(rng.pick(source.tokens));
    else if (x < 0.85) out.push(`ZZZ${rng.digits(7)}`);
    else if (x < 0.95) out.push(`04${rng.hex(12)}`);
    else out.push(rng.pick(['', '   ', 'hello, world', rng.pick(source.tokens).slice(0, 60), '\u0001\u0002']));
  }
  return out;
}
