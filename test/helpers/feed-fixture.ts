/**
 * Build a small, real feed in a temp folder in one call — for tests on both
 * sides (publisher unit tests, kiosk sync integration tests).
 *
 *   const fx = await buildFeedFixture({ records: 5 });
 *   // fx.dir has manifest.jws, trust/, segments/ (seq 1, snapshot);
 *   // pin fx.hubPublic; fx.records[i] are the passports, fx.lines[i] their JWS.
 *   await fx.publish([fx.record(0, { rev: 2, status: 'revoked' })]);   // seq 2, a log entry
 *
 * Issuers default to RXL and RJ1 with one active key each (`<iss>-1`,
 * valid from 2020). Record i is issued by issuers[i % n], id `<ISS>-000i`,
 * badges barcode `<ISS>000000i` and NFC `04` + 12 hex digits of i, every check
 * in place and nothing expiring at 2026-11-24 (`FIXTURE_NOW`) — so a verdict
 * under the spec's example policy is `cleared` unless a test changes it.
 * Everything is really signed (jose, Ed25519); nothing is faked.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  generateKeyPair,
  publish,
  signRecord,
  type Manifest,
  type PrivateKeyJwk,
  type PublicKeyJwk,
  type PublishOptions,
  type TrustList,
} from '../../src/publisher';
import type { LivePassport, Passport } from '../../src/core/schemas/passport';

/** The instant fixture records are built around: 2026-11-24 09:00Z. */
export const FIXTURE_NOW = new Date('2026-11-24T09:00:00Z');

export interface FixtureIssuer {
  iss: string;
  name: string;
  key: PrivateKeyJwk;
  publicJwk: PublicKeyJwk;
}

export interface FeedFixtureOptions {
  /** Folder for the feed; default a new fs.mkdtemp folder. */
  dir?: string;
  /** Feed id; default `test-feed`. */
  feedId?: string;
  /** Issuer ODS codes; default ['RXL', 'RJ1']. */
  issuers?: string[];
  /** How many records (default 3), or the records themselves (signed by the key of their `iss`). */
  records?: number | Passport[];
  /** Change each generated record before signing (e.g. set a status or badges). */
  edit?: (record: LivePassport, i: number) => Passport;
  /** `published` of seq 1; default FIXTURE_NOW. */
  now?: Date;
  validityHours?: number;
}

export interface FeedFixture {
  dir: string;
  feedId: string;
  hubKey: PrivateKeyJwk;
  /** Pin this on the kiosk side (public JWK with kid `hub-1`). */
  hubPublic: PublicKeyJwk;
  issuers: FixtureIssuer[];
  trustList: TrustList;
  /** The records of seq 1, and their JWS lines in the same order. */
  records: Passport[];
  lines: string[];
  manifest: Manifest;
  /** A fresh valid record like those of seq 1 (record i), with overrides. */
  record(i: number, patch?: Partial<LivePassport>): LivePassport;
  /** Sign with the key of the record's `iss` (or the issuer named). */
  sign(record: unknown, iss?: string): Promise<string>;
  /** Publish the next seq: records are signed first, strings are published as they are. */
  publish(records: Array<Passport | string>, opts?: Partial<PublishOptions>): Promise<{ seq: number; manifest: Manifest }>;
}

const NAMES: Record<string, string> = {
  RXL: 'Blackpool Teaching Hospitals NHS Foundation Trust',
  RJ1: "Guy's and St Thomas' NHS Foundation Trust",
  RR8: 'Leeds Teaching Hospitals NHS Trust',
};

/** A record whose every check is in place at FIXTURE_NOW. */
export function fixtureRecord(i: number, iss = 'RXL', patch: Partial<LivePassport> = {}): LivePassport {
  const n = String(i).padStart(7, '0');
  return {
    v: 1,
    id: `${iss}-${String(i).padStart(4, '0')}`,
    rev: 1,
    iss,
    issuedAt: '2026-11-01T09:00:00Z',
    status: 'active',
    person: { name: `Test Person ${i}`, staffGroup: 'admin-clerical', role: 'Administrator' },
    badges: [
      { type: 'barcode', value: `${iss}${n}` },
      { type: 'nfc', value: `04${i.toString(16).toUpperCase().padStart(12, '0')}` },
    ],
    checks: {
      identity: { outcome: 'verified', on: '2024-03-01' },
      rightToWork: { outcome: 'verified', on: '2024-03-01', until: null },
      dbs: { outcome: 'satisfactory', level: 'enhanced', barredLists: ['adults', 'children'], on: '2024-02-20', updateService: true },
      occupationalHealth: { outcome: 'cleared', on: '2024-02-25', review: null },
      training: [
        { subject: 'fire-safety', completed: '2026-01-10' },
        { subject: 'information-governance', completed: '2026-06-01' },
        { subject: 'health-safety-welfare', completed: '2025-05-01' },
      ],
      induction: { completed: '2024-03-04', by: iss },
    },
    ...patch,
  };
}

/** Build and publish (seq 1, with a snapshot) a small feed; see the file comment. */
export async function buildFeedFixture(options: FeedFixtureOptions = {}): Promise<FeedFixture> {
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'feed-fixture-')));
  const feedId = options.feedId ?? 'test-feed';
  const codes = options.issuers ?? ['RXL', 'RJ1'];
  const hub = await generateKeyPair('hub-1');
  const issuers: FixtureIssuer[] = [];
  for (const iss of codes) {
    const { privateJwk, publicJwk } = await generateKeyPair(`${iss.toLowerCase()}-1`);
    issuers.push({ iss, name: NAMES[iss] ?? `${iss} Test NHS Trust`, key: privateJwk, publicJwk });
  }
  const trustList: TrustList = {
    v: 1,
    issuers: issuers.map((i) => ({
      iss: i.iss,
      name: i.name,
      keys: [{ kid: i.key.kid, jwk: { kty: 'OKP', crv: 'Ed25519', x: i.publicJwk.x }, from: '2020-01-01T00:00:00Z', to: null, status: 'active' }],
    })),
  };
  const record = (i: number, patch?: Partial<LivePassport>) => fixtureRecord(i, issuers[i % issuers.length]!.iss, patch);
  const sign = (rec: unknown, iss?: string) => {
    const code = iss ?? (rec as { iss?: string }).iss;
    const issuer = issuers.find((x) => x.iss === code) ?? issuers[0]!;
    return signRecord(rec, issuer.key);
  };
  const records: Passport[] = Array.isArray(options.records)
    ? options.records
    : Array.from({ length: options.records ?? 3 }, (_, i) => (options.edit ? options.edit(record(i), i) : record(i)));
  const lines = await Promise.all(records.map((r) => sign(r)));
  let clock = (options.now ?? FIXTURE_NOW).getTime();
  const base = { feedDir: dir, feedId, hubKey: hub.privateJwk, trustList, validityHours: options.validityHours };
  const first = await publish({ ...base, records: lines, now: new Date(clock) });
  const fixture: FeedFixture = {
    dir,
    feedId,
    hubKey: hub.privateJwk,
    hubPublic: hub.publicJwk,
    issuers,
    trustList,
    records,
    lines,
    manifest: first.manifest,
    record,
    sign,
    async publish(more, opts = {}) {
      const signed = await Promise.all(more.map((r) => (typeof r === 'string' ? r : sign(r))));
      clock += 60_000; // each publication a minute after the last, unless the test says otherwise
      return publish({ ...base, trustList: fixture.trustList, now: new Date(clock), ...opts, records: signed });
    },
  };
  return fixture;
}
