import type { TrustList } from '../../core/schemas/trust-list';
import { keyPairFromSeed, type PrivateKeyJwk, type PublicKeyJwk } from '../keys';
import { derivedBytes } from './rng';
import type { Trust } from './trusts';

/**
 * The demo's keys and trust lists. Keys are derived from the seed so the
 * same seed gives the same feed, byte for byte. Every trust has one active
 * key; the first trust also has a key that becomes `compromised` in the
 * second publication, and the second trust has a `retired` key (valid
 * until the end of 2025) beside its current one.
 */

export interface DemoKey {
  iss: string;
  private: PrivateKeyJwk;
  public: PublicKeyJwk;
  from: string;
  to: string | null;
  /** Status in the final trust list. */
  status: 'active' | 'retired' | 'compromised';
}

export interface DemoKeyring {
  hub: { private: PrivateKeyJwk; public: PublicKeyJwk };
  /** ODS → its current (active) key. */
  active: Map<string, DemoKey>;
  compromised: DemoKey;
  retired: DemoKey;
  all: DemoKey[];
}

export function buildKeyring(seed: string, trusts: Trust[]): DemoKeyring {
  const make = (iss: string, kid: string, from: string, to: string | null, status: DemoKey['status']): DemoKey => {
    const pair = keyPairFromSeed(kid, derivedBytes(seed, kid));
    return { iss, private: pair.privateJwk, public: pair.publicJwk, from, to, status };
  };
  const hubPair = keyPairFromSeed('demo-hub-2026', derivedBytes(seed, 'demo-hub-2026'));
  const active = new Map<string, DemoKey>();
  const all: DemoKey[] = [];
  trusts.forEach((t, i) => {
    const key = make(t.ods, `${t.ods.toLowerCase()}-2026`, i === 1 ? '2026-01-01T00:00:00Z' : '2025-01-01T00:00:00Z', null, 'active');
    active.set(t.ods, key);
    all.push(key);
  });
  const compromised = make(trusts[0]!.ods, `${trusts[0]!.ods.toLowerCase()}-2024`, '2024-01-01T00:00:00Z', null, 'compromised');
  const retired = make(trusts[1]!.ods, `${trusts[1]!.ods.toLowerCase()}-2023`, '2023-01-01T00:00:00Z', '2025-12-31T23:59:59Z', 'retired');
  all.push(compromised, retired);
  return { hub: { private: hubPair.privateJwk, public: hubPair.publicJwk }, active, compromised, retired, all };
}

/**
 * The trust list. `beforeCompromise` gives the first publication's list,
 * in which the key later found compromised was still `active`.
 */
export function trustListFor(trusts: Trust[], ring: DemoKeyring, beforeCompromise = false): TrustList {
  return {
    v: 1,
    issuers: trusts.map((t) => ({
      iss: t.ods,
      name: t.name,
      keys: ring.all
        .filter((k) => k.iss === t.ods)
        .map((k) => ({
          kid: k.public.kid,
          jwk: { kty: 'OKP' as const, crv: 'Ed25519' as const, x: k.public.x },
          from: k.from,
          to: k.to,
          status: beforeCompromise && k.status === 'compromised' ? ('active' as const) : k.status,
        })),
    })),
  };
}
