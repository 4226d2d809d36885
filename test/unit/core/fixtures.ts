/**
 * Shared fixtures for the core tests: a policy, a record builder, real
 * Ed25519 keys and compact JWS made with jose, and an in-memory PassportStore.
 */
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { TrustIndex } from '../../../src/core/jws';
import { parsePolicy, type SitePolicy } from '../../../src/core/schemas/policy';
import type { LivePassport, Passport } from '../../../src/core/schemas/passport';
import { trustListSchema, type TrustList } from '../../../src/core/schemas/trust-list';
import type { Ed25519PublicJwk } from '../../../src/core/schemas/common';
import type { PassportStore, StoredPassport } from '../../../src/core/scan-verdict';
import type { BadgeKey } from '../../../src/core/scan';
import type { VerdictContext } from '../../../src/core/verdict';
import { SPEC_EXAMPLE_POLICY } from '../../../src/publisher/demo/policy';

/** 2026-11-24 09:00 GMT: local date 2026-11-24. */
export const NOW = Date.parse('2026-11-24T09:00:00Z');
export const TODAY = '2026-11-24';

/** The spec's example policy (verdict.md), plus a nursing entry that requires NMC registration. */
export const POLICY_JSON = {
  ...SPEC_EXAMPLE_POLICY,
  groups: {
    ...SPEC_EXAMPLE_POLICY.groups,
    'nursing-midwifery-registered': {
      require: ['identity', 'rightToWork', 'dbs', 'registration', 'occupationalHealth'],
      dbs: { minLevel: 'enhanced', barredLists: ['adults'] },
      registration: ['NMC'],
      training: ['fire-safety', 'resuscitation'],
    },
  },
};

export function makePolicy(patch: (p: typeof POLICY_JSON) => void = () => {}): SitePolicy {
  const copy = structuredClone(POLICY_JSON);
  patch(copy);
  const parsed = parsePolicy(copy);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

export const POLICY = makePolicy();

/** A nurse whose every check is in place on 2026-11-24 (nothing expiring within 30 days). */
export function nurse(): LivePassport {
  return {
    v: 1,
    id: 'RXL-7f3a9c21',
    rev: 4,
    iss: 'RXL',
    issuedAt: '2026-11-20T14:03:00Z',
    status: 'active',
    person: { name: 'Amira Patel', staffGroup: 'nursing-midwifery-registered', role: 'Staff Nurse' },
    badges: [
      { type: 'barcode', value: 'RXL0012345' },
      { type: 'nfc', value: '04A23B9C5D6E80' },
    ],
    checks: {
      identity: { outcome: 'verified', on: '2024-03-01' },
      rightToWork: { outcome: 'verified', on: '2024-03-01', until: null },
      dbs: { outcome: 'satisfactory', level: 'enhanced', barredLists: ['adults', 'children'], on: '2024-02-20', updateService: true },
      registration: { body: 'NMC', number: '12A3456E', status: 'registered', until: '2027-03-31' },
      occupationalHealth: { outcome: 'cleared', on: '2024-02-25', review: null },
      training: [
        { subject: 'fire-safety', completed: '2026-01-10' },
        { subject: 'resuscitation', completed: '2025-12-01', until: '2027-12-01' },
      ],
      induction: { completed: '2024-03-04', by: 'RXL' },
    },
  };
}

/** A doctor with every check in place for the medical-dental entry. */
export function doctor(): LivePassport {
  const r = nurse();
  r.id = 'RXL-doc1';
  r.person = { name: 'Sam Okafor', staffGroup: 'medical-dental', role: 'Registrar' };
  r.badges = [{ type: 'barcode', value: 'RXL0099999' }];
  r.checks.registration = { body: 'GMC', number: '7012345', status: 'registered', until: null };
  r.checks.training = [
    { subject: 'fire-safety', completed: '2026-01-10' },
    { subject: 'information-governance', completed: '2026-06-01' },
    { subject: 'resuscitation', completed: '2026-06-01' },
    { subject: 'safeguarding-adults', completed: '2025-06-01' },
    { subject: 'safeguarding-children', completed: '2025-06-01' },
  ];
  return r;
}

export function context(over: Partial<VerdictContext> = {}): VerdictContext {
  return {
    policy: POLICY,
    now: NOW,
    dataPublished: '2026-11-24T06:00:00Z',
    dataExpires: '2026-11-26T06:00:00Z',
    issuerName: (iss) => (iss === 'RXL' ? 'Blackpool Teaching Hospitals NHS Foundation Trust' : undefined),
    ...over,
  };
}

export interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: Ed25519PublicJwk;
}

export async function makeKey(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const j = await exportJWK(publicKey);
  return { kid, privateKey, publicKey, jwk: { kty: 'OKP', crv: 'Ed25519', x: j.x! } };
}

const enc = new TextEncoder();

/** A compact JWS over `payload` (object → JSON bytes) with the given protected header. */
export async function sign(payload: unknown, key: KeyPair, header: Record<string, unknown> = {}): Promise<string> {
  const bytes = typeof payload === 'string' ? enc.encode(payload) : enc.encode(JSON.stringify(payload));
  return new CompactSign(bytes)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'passport+jws', ...header })
    .sign(key.privateKey);
}

/**
 * A compact JWS made by hand: any protected header at all (jose refuses to
 * sign with an `alg` that does not match the key), signed with Ed25519.
 */
export async function signRaw(header: Record<string, unknown>, payload: unknown, key: KeyPair): Promise<string> {
  const h = b64u(enc.encode(JSON.stringify(header)));
  const p = b64u(enc.encode(typeof payload === 'string' ? payload : JSON.stringify(payload)));
  const sig = await crypto.subtle.sign('Ed25519', key.privateKey, enc.encode(`${h}.${p}`));
  return `${h}.${p}.${b64u(new Uint8Array(sig))}`;
}

export const signRecord = (record: Passport, key: KeyPair, header: Record<string, unknown> = {}) =>
  sign(record, key, header);

export const signToken = (payload: Record<string, unknown>, key: KeyPair, header: Record<string, unknown> = {}) =>
  sign(payload, key, { typ: 'passport-token+jws', ...header });

export interface KeySpec {
  key: KeyPair;
  iss: string;
  from?: string;
  to?: string | null;
  status?: 'active' | 'retired' | 'compromised';
}

export function trustList(specs: KeySpec[]): TrustList {
  const byIss = new Map<string, TrustList['issuers'][number]>();
  for (const s of specs) {
    let issuer = byIss.get(s.iss);
    if (!issuer) {
      issuer = { iss: s.iss, name: s.iss === 'RXL' ? 'Blackpool Teaching Hospitals NHS Foundation Trust' : `Trust ${s.iss}`, keys: [] };
      byIss.set(s.iss, issuer);
    }
    issuer.keys.push({
      kid: s.key.kid,
      jwk: s.key.jwk,
      from: s.from ?? '2026-01-01T00:00:00Z',
      to: s.to ?? null,
      status: s.status ?? 'active',
    });
  }
  return trustListSchema.parse({ v: 1, issuers: [...byIss.values()] });
}

export const trustIndex = (specs: KeySpec[]) => new TrustIndex(trustList(specs));

/** An in-memory cache: badge index, id index, and the last sync's snapshot. */
export class MemoryStore implements PassportStore {
  private readonly byId = new Map<string, StoredPassport>();
  private readonly badges = new Map<string, Set<string>>();
  constructor(
    private readonly snap: { trust: TrustIndex; published: string; expires: string } | null,
  ) {}

  /** Store a signed record as the cache would after sync (erased records keep only their header). */
  put(record: Passport, jws: string): this {
    const erased = record.status === 'erased';
    this.byId.set(record.id, { id: record.id, iss: record.iss, rev: record.rev, erased, jws });
    if (!erased) {
      for (const b of record.badges) {
        const k = `${b.type}:${b.value}`;
        const set = this.badges.get(k) ?? new Set<string>();
        set.add(record.id);
        this.badges.set(k, set);
      }
    }
    return this;
  }

  /** Replace what is stored for an id (to simulate a tampered cache). */
  putRaw(stored: StoredPassport): this {
    this.byId.set(stored.id, stored);
    return this;
  }

  snapshot() {
    return this.snap;
  }

  findByBadges(keys: readonly BadgeKey[]): StoredPassport[] {
    const ids = new Set<string>();
    for (const k of keys) for (const id of this.badges.get(`${k.type}:${k.value}`) ?? []) ids.add(id);
    return [...ids].map((id) => this.byId.get(id)!).filter((p) => !p.erased);
  }

  findById(id: string): StoredPassport | null {
    return this.byId.get(id) ?? null;
  }
}

export const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
export const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
export const fromB64u = (s: string) => Uint8Array.from(Buffer.from(s, 'base64url'));
