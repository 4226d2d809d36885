/**
 * `BENCH=core npm run bench`: the two figures issue 2 names —
 * median verdict evaluation for one parsed, signature-checked passport
 * (target ≤ 20 µs) and median Ed25519 JWS verification of a realistic record
 * (target ≤ 100 µs) — plus a breakdown of the verification path so a slow
 * figure can be explained (WebCrypto verify, jose's JWS handling, JSON + zod).
 */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { CompactSign, compactVerify, exportJWK, generateKeyPair } from 'jose';
import { TrustIndex, importEd25519, verifyRecordJws } from '../src/core/jws';
import { sodiumEd25519 } from '../src/main/crypto/ed25519';
import { reachVerdict, type VerdictContext } from '../src/core/verdict';
import { parsePassport, type LivePassport } from '../src/core/schemas/passport';
import { parsePolicy } from '../src/core/schemas/policy';
import { trustListSchema } from '../src/core/schemas/trust-list';
import { CSTF_SUBJECTS } from '../src/core/codes';
import { fmt, percentile, sample } from './stats';
import type { BenchSection } from './sections';
import { SPEC_EXAMPLE_POLICY } from '../src/publisher/demo/policy';

/** The spec's example policy, plus a nursing entry that requires every CSTF subject. */
const POLICY = {
  ...SPEC_EXAMPLE_POLICY,
  groups: {
    ...SPEC_EXAMPLE_POLICY.groups,
    'nursing-midwifery-registered': {
      require: ['identity', 'rightToWork', 'dbs', 'registration', 'occupationalHealth'],
      dbs: { minLevel: 'enhanced', barredLists: ['adults', 'children'] },
      registration: ['NMC'],
      training: [...CSTF_SUBJECTS],
    },
  },
};

/** A full nurse's passport: every check, all 11 CSTF subjects (some twice), three badges. */
function record(): LivePassport {
  return {
    v: 1,
    id: 'RXL-7f3a9c21',
    rev: 4,
    iss: 'RXL',
    issuedAt: '2026-11-20T14:03:00Z',
    status: 'active',
    person: {
      name: 'Amira Patel',
      staffGroup: 'nursing-midwifery-registered',
      role: 'Staff Nurse, Acute Medical Unit',
      photo: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    },
    badges: [
      { type: 'barcode', value: 'RXL0012345' },
      { type: 'nfc', value: '04A23B9C5D6E80' },
      { type: 'barcode', value: 'RXL-STAFF-0012345-B' },
    ],
    checks: {
      identity: { outcome: 'verified', on: '2024-03-01' },
      rightToWork: { outcome: 'verified', on: '2024-03-01', until: null },
      dbs: { outcome: 'satisfactory', level: 'enhanced', barredLists: ['adults', 'children'], on: '2024-02-20', updateService: true },
      registration: { body: 'NMC', number: '12A3456E', status: 'registered', until: '2027-03-31' },
      occupationalHealth: { outcome: 'cleared', on: '2024-02-25', review: null },
      training: [
        ...CSTF_SUBJECTS.map((subject) => ({ subject, completed: '2026-01-10' })),
        { subject: 'resuscitation', completed: '2025-12-01', until: '2026-12-01' },
        { subject: 'fire-safety', completed: '2024-01-15' },
        { subject: 'information-governance', completed: '2025-04-02' },
      ],
      induction: { completed: '2024-03-04', by: 'RXL' },
    },
  };
}

function syncSample(n: number, warmup: number, fn: () => unknown): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return out.sort((a, b) => a - b);
}

function line(label: string, us: number[], target?: number): void {
  const med = percentile(us, 50);
  const verdict = target === undefined ? '' : med <= target ? `  (target ≤ ${target} µs: met)` : `  (target ≤ ${target} µs: MISSED)`;
  console.log(`${label.padEnd(46)} median ${fmt(med, 2).padStart(7)} µs   p99 ${fmt(percentile(us, 99), 2).padStart(7)} µs   n=${us.length}${verdict}`);
}

async function run(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const x = (await exportJWK(publicKey)).x!;
  const trust = new TrustIndex(
    trustListSchema.parse({
      v: 1,
      issuers: [{ iss: 'RXL', name: 'Blackpool Teaching Hospitals NHS Foundation Trust', keys: [{ kid: 'rxl-2026-1', jwk: { kty: 'OKP', crv: 'Ed25519', x }, from: '2026-01-01T00:00:00Z', to: null, status: 'active' }] }],
    }),
  );
  const policy = parsePolicy(POLICY);
  if (!policy.ok) throw new Error(policy.error);
  const json = JSON.stringify(record());
  const jws = await new CompactSign(new TextEncoder().encode(json))
    .setProtectedHeader({ alg: 'EdDSA', kid: 'rxl-2026-1', typ: 'passport+jws' })
    .sign(privateKey);
  console.log(`record: ${json.length} bytes of JSON, ${jws.length} characters as a compact JWS`);

  const checked = await verifyRecordJws(jws, trust);
  if (!checked.ok || checked.record.status === 'erased') throw new Error('bench record did not verify');
  const live = checked.record as LivePassport;
  const ctx: VerdictContext = {
    policy: policy.value,
    now: Date.parse('2026-11-24T09:00:00Z'),
    dataPublished: '2026-11-24T06:00:00Z',
    dataExpires: '2026-11-26T06:00:00Z',
    issuerName: (iss) => trust.issuerName(iss),
  };
  const v = reachVerdict({ kind: 'passport', record: live }, ctx);
  console.log(`verdict: ${v.outcome} (${v.reasons.map((r) => r.code).join(', ')})`);

  line('verdict evaluation (reachVerdict)', syncSample(50_000, 5_000, () => reachVerdict({ kind: 'passport', record: live }, ctx)), 20);
  // A scan at a different instant each time (defeats londonDate's one-entry cache).
  let t = ctx.now;
  line('  … with a new scan instant each time', syncSample(20_000, 2_000, () => reachVerdict({ kind: 'passport', record: live }, { ...ctx, now: (t += 1000) })));

  line('Ed25519 JWS verification (verifyRecordJws)', await sample(5_000, 500, () => verifyRecordJws(jws, trust)), 100);
  const mainTrust = new TrustIndex(trust.list, sodiumEd25519);
  line('  … with libsodium, as the main process runs it', await sample(5_000, 500, () => verifyRecordJws(jws, mainTrust)), 100);

  // Where the verification time goes.
  const key = (await importEd25519({ kty: 'OKP', crv: 'Ed25519', x })) as CryptoKey;
  const [h, p, s] = jws.split('.') as [string, string, string];
  const signingInput = new TextEncoder().encode(`${h}.${p}`);
  const sig = Uint8Array.from(Buffer.from(s, 'base64url'));
  line('  WebCrypto Ed25519 verify only', await sample(5_000, 500, () => crypto.subtle.verify('Ed25519', key, sig, signingInput)));
  line('  jose compactVerify (imported key)', await sample(5_000, 500, () => compactVerify(jws, key, { algorithms: ['EdDSA'] })));
  // OpenSSL's Ed25519 verify called synchronously, with no JWS around it, against libsodium's (what the main process uses).
  const nodeKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  line('  node:crypto (OpenSSL) verify, sync (not used)', syncSample(5_000, 500, () => nodeVerify(null, signingInput, nodeKey, sig)));
  line('  libsodium verify only (sodiumEd25519)', syncSample(5_000, 500, () => sodiumEd25519({ kty: 'OKP', crv: 'Ed25519', x }, signingInput, sig)));
  line('  JSON.parse + zod record schema', syncSample(20_000, 2_000, () => parsePassport(JSON.parse(json))));
}

export const core: BenchSection = {
  name: 'core',
  title: 'core: verdict evaluation and Ed25519 JWS verification',
  run,
};
