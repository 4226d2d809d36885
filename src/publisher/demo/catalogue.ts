import { TrustIndex, verifyRecordJws } from '../../core/jws';
import type { BadgeKey } from '../../core/scan';
import { verdictForPayload, type PassportStore, type StoredPassport } from '../../core/scan-verdict';
import type { SitePolicy } from '../../core/schemas/policy';
import type { Passport } from '../../core/schemas/passport';
import type { TrustList } from '../../core/schemas/trust-list';
import type { Verdict } from '../../core/verdict';
import { readFeedState } from '../feed-state';

/**
 * What a kiosk will say about demo badges: the feed is "synced" into an
 * in-memory store exactly as feed.md step 4 says (each record verified
 * against the final trust list; failures skipped and counted; highest rev
 * wins; erased keeps only a tombstone), then each payload goes through the
 * core verdict engine (`verdictForPayload`) at the reference time. So the
 * catalogue is the engine's answer, not a hand-written expectation.
 */

/** One catalogue line: a payload and what the kiosk says about it. */
export interface CatalogueEntry {
  /** The payload to scan: a barcode value, an NFC UID, or a QR token's text. */
  badge: string;
  kind: 'barcode' | 'nfc' | 'token';
  /** Which demo scenario the person belongs to (scenarios.ts), or the situation shown. */
  scenario: string;
  outcome: Verdict['outcome'];
  codes: string[];
  /** Whose badge or token it is (the name the record carries, even where the kiosk shows none). */
  name: string | null;
  id: string | null;
  iss: string | null;
  /** The instant the verdict is for, when not the reference time. */
  at?: string;
  /** True for the verdict before any sync (NO_DATA). */
  beforeSync?: true;
  note?: string;
}

/** The in-memory cache the catalogue is computed over. */
export class MemoryStore implements PassportStore {
  private readonly byId = new Map<string, StoredPassport & { badges: BadgeKey[] }>();
  /** `type:value` → ids; each id is stored once (records are merged before they reach the store). */
  private readonly byBadge = new Map<string, string[]>();
  readonly skipped: Record<string, number> = {};
  private meta: { trust: TrustIndex; published: string; expires: string } | null = null;

  /** Sync from a feed folder, as a kiosk would on its first sync. */
  static async fromFeed(feedDir: string): Promise<MemoryStore> {
    const store = new MemoryStore();
    const state = await readFeedState(feedDir);
    const trust = new TrustIndex(state.trustList as TrustList);
    for (const { jws } of state.records.values()) {
      const v = await verifyRecordJws(jws, trust);
      if (!v.ok) {
        store.skipped[v.code] = (store.skipped[v.code] ?? 0) + 1;
        continue;
      }
      store.put(v.record, jws);
    }
    store.meta = { trust, published: state.manifest!.published, expires: state.manifest!.expires };
    return store;
  }

  private put(record: Passport, jws: string): void {
    const erased = record.status === 'erased';
    const badges = erased ? [] : record.badges.map((b) => ({ type: b.type, value: b.value }));
    this.byId.set(record.id, { id: record.id, iss: record.iss, rev: record.rev, erased, jws: erased ? null : jws, badges });
    for (const b of badges) {
      const key = `${b.type}:${b.value}`;
      this.byBadge.set(key, [...(this.byBadge.get(key) ?? []), record.id]);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  snapshot() {
    return this.meta;
  }

  findByBadges(keys: readonly BadgeKey[]): StoredPassport[] {
    const ids = new Set(keys.flatMap((k) => this.byBadge.get(`${k.type}:${k.value}`) ?? []));
    return [...ids].map((id) => this.byId.get(id)!).filter((p) => !p.erased);
  }

  findById(id: string): StoredPassport | null {
    return this.byId.get(id) ?? null;
  }

  /** A store that has never synced (every verdict NO_DATA). */
  static empty(): MemoryStore {
    return new MemoryStore();
  }
}

/** The verdict for `payload` at `at`, as a catalogue entry. */
export async function catalogueEntry(
  store: PassportStore,
  policy: SitePolicy,
  at: string,
  payload: string,
  info: Pick<CatalogueEntry, 'kind' | 'scenario' | 'name' | 'id' | 'iss'> & { note?: string },
): Promise<CatalogueEntry> {
  const { verdict } = await verdictForPayload(payload, store, policy, Date.parse(at));
  return { badge: payload, ...info, outcome: verdict.outcome, codes: verdict.reasons.map((r) => r.code) };
}
