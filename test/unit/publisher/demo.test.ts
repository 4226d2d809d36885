import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REASON_CODES, OUTCOMES } from '../../../src/core/codes';
import { TrustIndex, verifyManifestJws, verifyTokenJws } from '../../../src/core/jws';
import { readFeedState } from '../../../src/publisher';
import { buildDemo, chooseTrusts, DEFAULT_DEMO_SEED } from '../../../src/publisher/demo/build';
import { specExamplePolicy } from '../../../src/publisher/demo/policy';
import { parseOpenTrusts, readOpenTrusts, titleCaseTrustName } from '../../../src/publisher/demo/trusts';
import type { CatalogueEntry } from '../../../src/publisher/demo/catalogue';
import { machineConfigSchema } from '../../../src/main/config/machine-config';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'resources', 'demo');
const ETR = path.join(DEMO, 'source', 'etr.csv');

async function json<T = unknown>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

describe('the shipped demo (resources/demo)', () => {
  it('is a feed signed by its hub key, with at least 2,000 staff across at least 20 real open trusts', async () => {
    const hub = await json<{ kid: string; x: string; kty: 'OKP'; crv: 'Ed25519' }>(path.join(DEMO, 'hub-key.json'));
    const m = await verifyManifestJws(await readFile(path.join(DEMO, 'feed', 'manifest.jws'), 'utf8'), [hub]);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.manifest).toMatchObject({ feed: 'demo', seq: 2, expires: '2099-12-31T06:00:00Z', snapshot: { seq: 1 } });
    const state = await readFeedState(path.join(DEMO, 'feed'));
    expect(state.records.size).toBeGreaterThanOrEqual(2000);
    const open = new Map(readOpenTrusts(ETR).map((t) => [t.ods, t.name]));
    const issuers = state.trustList!.issuers;
    expect(issuers.length).toBeGreaterThanOrEqual(20);
    for (const i of issuers) expect(open.get(i.iss)).toBe(i.name);
    expect(issuers.flatMap((i) => i.keys.map((k) => k.status)).sort()).toEqual(expect.arrayContaining(['active', 'compromised', 'retired']));
  });

  it('ships a machine config that pins its hub key and names its feed and policy', async () => {
    const config = machineConfigSchema.parse(await json(path.join(DEMO, 'config.json')));
    expect(config.feed?.hubKeys).toEqual([await json(path.join(DEMO, 'hub-key.json'))]);
    expect(config.feed?.source).toBe('feed');
    expect(config.policy).toBe('policy.json');
  });

  it('has every outcome and every reason code of verdict.md in catalogue.json', async () => {
    const cat = await json<{ referenceTime: string; entries: CatalogueEntry[] }>(path.join(DEMO, 'catalogue.json'));
    expect(cat.referenceTime).toBe('2026-11-24T10:00:00Z');
    const codes = new Set(cat.entries.flatMap((e) => e.codes));
    expect(REASON_CODES.filter((c) => !codes.has(c))).toEqual([]);
    expect(new Set(cat.entries.map((e) => e.outcome))).toEqual(new Set(OUTCOMES));
    const kinds = new Set(cat.entries.map((e) => e.kind));
    expect(kinds).toEqual(new Set(['barcode', 'nfc', 'token']));
    for (const e of cat.entries.filter((x) => x.kind === 'nfc')) expect(e.badge).toMatch(/^04[0-9A-F]{12}$/);
  });

  it('ships QR tokens that verify against the demo trust list at the reference time', async () => {
    const state = await readFeedState(path.join(DEMO, 'feed'));
    const trust = new TrustIndex(state.trustList!);
    const token = (await readFile(path.join(DEMO, 'tokens', 'cleared.jws'), 'utf8')).trim();
    expect((await verifyTokenJws(token, trust, Date.parse('2026-11-24T10:00:00Z'))).ok).toBe(true);
    const expired = (await readFile(path.join(DEMO, 'tokens', 'expired.jws'), 'utf8')).trim();
    expect(await verifyTokenJws(expired, trust, Date.parse('2026-11-24T10:00:00Z'))).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
    expect((await readdir(path.join(DEMO, 'tokens'))).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(2);
  });

  it('is what the generator makes from the default seed (the feed is up to date)', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'demo-'));
    const summary = await buildDemo(out, { etrFile: ETR, policy: specExamplePolicy(), policySource: 'test' });
    expect(summary.staff).toBe(2400);
    expect(await readFile(path.join(out, 'feed', 'manifest.jws'), 'utf8')).toBe(await readFile(path.join(DEMO, 'feed', 'manifest.jws'), 'utf8'));
    expect(DEFAULT_DEMO_SEED).toBe((await json<{ seed: string }>(path.join(DEMO, 'catalogue.json'))).seed);
  });
});

describe('the demo generator', () => {
  it('is deterministic for a seed and differs for another seed', async () => {
    const opts = { etrFile: ETR, policy: specExamplePolicy(), policySource: 'test', count: 150 };
    const [a, b, c] = [await mkdtemp(path.join(tmpdir(), 'demo-a-')), await mkdtemp(path.join(tmpdir(), 'demo-b-')), await mkdtemp(path.join(tmpdir(), 'demo-c-'))];
    await buildDemo(a, { ...opts, seed: 's1' });
    await buildDemo(b, { ...opts, seed: 's1' });
    await buildDemo(c, { ...opts, seed: 's2' });
    const read = (d: string, f: string) => readFile(path.join(d, f), 'utf8');
    expect(await read(a, 'feed/manifest.jws')).toBe(await read(b, 'feed/manifest.jws'));
    expect(await read(a, 'catalogue.json')).toBe(await read(b, 'catalogue.json'));
    expect(await read(a, 'feed/manifest.jws')).not.toBe(await read(c, 'feed/manifest.jws'));
  });

  it('still represents every reason code in a small demo', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'demo-small-'));
    const s = await buildDemo(out, { etrFile: ETR, policy: specExamplePolicy(), policySource: 'test', count: 200, trusts: 20, seed: 'small' });
    expect(s).toMatchObject({ staff: 200, trusts: 20, missingCodes: [] });
    expect(s.skipped).toEqual({ KEY_UNTRUSTED: expect.any(Number) });
  });

  it('reads open trusts from the ODS file and title-cases their names sensibly', () => {
    expect(titleCaseTrustName("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST")).toBe("Guy's and St Thomas' NHS Foundation Trust");
    expect(titleCaseTrustName("THE QUEEN ELIZABETH HOSPITAL, KING'S LYNN, NHS FOUNDATION TRUST")).toBe("The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust");
    expect(titleCaseTrustName('BARKING, HAVERING AND REDBRIDGE UNIVERSITY HOSPITALS NHS TRUST')).toBe('Barking, Havering and Redbridge University Hospitals NHS Trust');
    const csv = '"RA7","BRISTOL NHS FOUNDATION TRUST","Y58","","","","","","","","20000401","",""\r\n"RXX","CLOSED NHS TRUST","","","","","","","","","19990401","20100331",""\r\n';
    expect(parseOpenTrusts(csv)).toEqual([{ ods: 'RA7', name: 'Bristol NHS Foundation Trust' }]);
    const all = readOpenTrusts(ETR);
    expect(all.length).toBe(202);
    expect(chooseTrusts(all, 'x', 24)).toHaveLength(24);
  });
});
