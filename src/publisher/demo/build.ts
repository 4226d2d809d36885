import { mkdir, rm, stat, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REASON_CODES } from '../../core/codes';
import type { SitePolicy } from '../../core/schemas/policy';
import { catalogueEntry, MemoryStore, type CatalogueEntry } from './catalogue';
import { DEMO_FEED_ID, DEMO_SEQ2_TIME, generatePeople, publishDemoFeed, writeJson, type DemoPerson } from './generate';
import { Rng } from './rng';
import { REFERENCE_DATE, REFERENCE_TIME } from './staff';
import { makeDemoTokens, writeQrPng } from './tokens';
import { readOpenTrusts, type Trust } from './trusts';

/**
 * `passport-feed demo`: writes the whole demo folder —
 *   feed/            the signed feed (serve it, or point a kiosk at the folder)
 *   hub-key.json     the public hub key to pin (JWK with kid)
 *   config.json      a machine config using the above
 *   policy.json      the policy the catalogue was computed with
 *   catalogue.json   demo payloads with the verdict each gives at 2026-11-24T10:00:00Z
 *   tokens/          QR tokens (.jws text, some as .png)
 *   keys/            the demo's PRIVATE keys — demo only, published on purpose
 */

export interface DemoOptions {
  /** Staff count; default 2,400. */
  count?: number;
  /** Default "nhs-demo-2026". */
  seed?: string;
  /** How many trusts; default 24. */
  trusts?: number;
  /** The ODS etr.csv to draw trusts from. */
  etrFile: string;
  policy: SitePolicy;
  /** Where the policy came from, for the catalogue. */
  policySource: string;
}

export interface DemoSummary {
  staff: number;
  trusts: number;
  records: number;
  stored: number;
  skipped: Record<string, number>;
  outcomes: Record<string, number>;
  catalogueEntries: number;
  missingCodes: string[];
  bytes: number;
}

export const DEFAULT_DEMO_SEED = 'nhs-demo-2026';

/** Trusts the demo uses: `n` open acute/community trusts (3-character R codes), chosen by the seed. */
export function chooseTrusts(all: Trust[], seed: string, n: number): Trust[] {
  const candidates = all.filter((t) => /^R[A-Z0-9]{2}$/.test(t.ods));
  return new Rng(`${seed}:trusts`).shuffle(candidates).slice(0, n).sort((a, b) => a.ods.localeCompare(b.ods));
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(p) : (await stat(p)).size;
  }
  return total;
}

function badgeEntries(p: DemoPerson) {
  return p.record.badges.map((b) => ({ payload: b.value, kind: b.type }));
}

export async function buildDemo(outDir: string, opts: DemoOptions): Promise<DemoSummary> {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const count = opts.count ?? 2400;
  const trusts = chooseTrusts(readOpenTrusts(opts.etrFile), seed, opts.trusts ?? 24);
  if (trusts.length < 2) throw new Error(`${opts.etrFile}: fewer than 2 open trusts with 3-character R codes`);
  const data = generatePeople(seed, trusts, count);
  for (const sub of ['feed', 'tokens', 'keys']) await rm(path.join(outDir, sub), { recursive: true, force: true });
  await publishDemoFeed(data, path.join(outDir, 'feed'));

  const ring = data.keyring;
  await writeJson(path.join(outDir, 'hub-key.json'), ring.hub.public);
  await writeJson(path.join(outDir, 'policy.json'), opts.policy);
  await writeJson(path.join(outDir, 'config.json'), {
    v: 1,
    site: 'Demo reception',
    feed: { source: 'feed', hubKeys: [ring.hub.public], syncMinutes: 15 },
    policy: 'policy.json',
  });
  await writeJson(path.join(outDir, 'keys', 'hub.private.json'), ring.hub.private, 0o600);
  for (const k of ring.all) await writeJson(path.join(outDir, 'keys', 'issuers', `${k.private.kid}.private.json`), k.private, 0o600);
  await writeFile(
    path.join(outDir, 'keys', 'README.md'),
    '# DEMO-ONLY PRIVATE KEYS\n\nThese keys sign the demo feed and demo QR tokens. They are public on purpose\n(tests mint tokens with them) and must never be trusted by a real kiosk or\nput in a real trust list. Regenerate with `passport-feed demo`.\n',
  );

  const store = await MemoryStore.fromFeed(path.join(outDir, 'feed'));
  const entries: CatalogueEntry[] = [];
  const who = (p: DemoPerson) => ({ name: p.record.person.name, id: p.record.id, iss: p.record.iss });
  const seen = new Map<string, number>();
  for (const p of data.people) {
    const n = seen.get(p.scenario) ?? 0;
    if (n >= (p.scenario === 'cleared' ? 6 : 2)) continue;
    seen.set(p.scenario, n + 1);
    for (const b of badgeEntries(p)) {
      const note = p.later?.status === 'erased' ? 'passport erased in the second publication' : p.signedBy === 'compromised' ? 'signed with a compromised key: the kiosk skips it at sync (KEY_UNTRUSTED in the sync summary)' : undefined;
      entries.push(await catalogueEntry(store, opts.policy, REFERENCE_TIME, b.payload, { kind: b.kind, scenario: p.scenario, ...who(p), ...(note && { note }) }));
    }
  }
  await mkdir(path.join(outDir, 'tokens'), { recursive: true });
  for (const t of await makeDemoTokens(data)) {
    await writeFile(path.join(outDir, 'tokens', `${t.name}.jws`), `${t.token}\n`);
    if (t.png) await writeQrPng(path.join(outDir, 'tokens', `${t.name}.png`), t.token);
    entries.push(await catalogueEntry(store, opts.policy, REFERENCE_TIME, t.token, { kind: 'token', scenario: t.scenario, ...who(t.person), note: `${t.note} (tokens/${t.name}.jws)` }));
  }
  const first = data.people.find((p) => p.scenario === 'cleared')!;
  const firstBadge = badgeEntries(first)[0]!;
  entries.push({
    ...(await catalogueEntry(MemoryStore.empty(), opts.policy, REFERENCE_TIME, firstBadge.payload, { kind: firstBadge.kind, scenario: 'before-first-sync', ...who(first) })),
    beforeSync: true,
    note: 'Any payload before the kiosk has completed a sync',
  });
  const stale = '2100-01-04T10:00:00Z';
  entries.push({
    ...(await catalogueEntry(store, opts.policy, stale, firstBadge.payload, { kind: firstBadge.kind, scenario: 'feed-stale', ...who(first) })),
    at: stale,
    note: 'After the manifest expires (2099-12-31): DATA_STALE, and by then every dated check has lapsed',
  });
  const behind = '2025-11-24T10:00:00Z';
  entries.push({
    ...(await catalogueEntry(store, opts.policy, behind, firstBadge.payload, { kind: firstBadge.kind, scenario: 'clock-behind', ...who(first) })),
    at: behind,
    note: 'A kiosk whose clock is set a year back, before the data was published: CLOCK_BEHIND, so nobody shows as cleared on dates that cannot be trusted',
  });
  entries.push(await catalogueEntry(store, opts.policy, REFERENCE_TIME, `${trusts[0]!.ods}0000000`, { kind: 'barcode', scenario: 'never-issued', name: null, id: null, iss: null, note: 'A badge number no passport carries' }));

  const outcomes: Record<string, number> = {};
  for (const p of data.people) {
    const b = badgeEntries(p).find((x) => x.kind === 'nfc') ?? badgeEntries(p)[0]!;
    const e = await catalogueEntry(store, opts.policy, REFERENCE_TIME, b.payload, { kind: b.kind, scenario: p.scenario, ...who(p) });
    outcomes[e.outcome] = (outcomes[e.outcome] ?? 0) + 1;
  }
  const present = new Set(entries.flatMap((e) => e.codes));
  const summary = {
    staff: data.people.length,
    trusts: trusts.length,
    records: store.size + Object.values(store.skipped).reduce((a, b) => a + b, 0),
    stored: store.size,
    skipped: store.skipped,
    outcomes,
    catalogueEntries: entries.length,
    missingCodes: REASON_CODES.filter((c) => !present.has(c)),
  };
  await writeJson(path.join(outDir, 'catalogue.json'), {
    v: 1,
    about: 'Demo payloads and the verdict each gives at referenceTime with policy.json, computed by the core verdict engine. Reproduce: passport-kiosk verify --at 2026-11-24T10:00:00Z',
    referenceDate: REFERENCE_DATE,
    referenceTime: REFERENCE_TIME,
    seed,
    feed: DEMO_FEED_ID,
    published: DEMO_SEQ2_TIME,
    policy: opts.policySource,
    trusts: trusts.map((t) => ({ ods: t.ods, name: t.name })),
    summary,
    entries,
  });
  return { ...summary, bytes: await folderBytes(outDir) };
}
