import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StaffGroup } from '../../core/codes';
import type { Badge, LivePassport, Passport } from '../../core/schemas/passport';
import { publish } from '../publish';
import { signRecord } from '../sign';
import { buildKeyring, trustListFor, type DemoKeyring } from './keyring';
import { STAFF_GROUP_WEIGHTS } from './people';
import { Rng } from './rng';
import { SCENARIOS, type Scenario } from './scenarios';
import { clearedRecord, dateBetween } from './staff';
import type { Trust } from './trusts';

/**
 * The demo feed: synthetic staff of real NHS trusts, shaped so that every
 * outcome and reason code appears at the reference date 2026-11-24.
 * Two publications, so a kiosk's first sync exercises snapshot and log:
 * seq 1 (2026-11-23 06:00Z) is a snapshot of everyone at rev 1; seq 2
 * (2026-11-24 06:00Z) is a log entry of rev-2 records (revocations,
 * suspensions, erasures, routine updates) and a trust list in which one key
 * is now compromised. Seq 2 `expires` 2099-12-31, so the shipped demo never
 * shows as stale on screen (a documented choice: the demo is not a live feed).
 */

export const DEMO_FEED_ID = 'demo';
export const DEMO_SEQ1_TIME = '2026-11-23T06:00:00Z';
export const DEMO_SEQ2_TIME = '2026-11-24T06:00:00Z';
export const DEMO_EXPIRES = '2099-12-31T06:00:00Z';

/** One synthetic person as generated (before signing). */
export interface DemoPerson {
  scenario: string;
  trust: Trust;
  record: LivePassport;
  /** The final revision when the second publication changes it. */
  later?: Passport;
  signedBy: 'active' | 'compromised' | 'retired';
}

export interface DemoData {
  seed: string;
  trusts: Trust[];
  keyring: DemoKeyring;
  people: DemoPerson[];
}

function uniqueOf(make: () => string, used: Set<string>): string {
  for (;;) {
    const v = make();
    if (!used.has(v)) {
      used.add(v);
      return v;
    }
  }
}

function time(rng: Rng, from: string, to: string): string {
  return `${dateBetween(rng, from, to)}T${String(rng.int(7, 18)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`;
}

/** Build every person (deterministic for `seed`). `trusts` are those the demo uses. */
export function generatePeople(seed: string, trusts: Trust[], count: number): DemoData {
  const rng = new Rng(seed);
  const keyring = buildKeyring(seed, trusts);
  const used = new Set<string>();
  const scale = count / 2400;
  const plan: Scenario[] = [];
  for (const s of SCENARIOS) for (let i = 0; i < Math.max(s.sharedBadge ? 2 : 1, Math.round(s.count * scale)); i++) plan.push(s);
  const cleared: Scenario = { key: 'cleared', count: 0 };
  while (plan.length < count) plan.push(cleared);

  const people: DemoPerson[] = [];
  let previousShared: DemoPerson | undefined;
  for (const s of plan) {
    const trust = s.signing === 'compromised' ? trusts[0]! : s.signing?.startsWith('retired') ? trusts[1]! : rng.pick(trusts);
    const group: StaffGroup = s.group ?? rng.weighted(STAFF_GROUP_WEIGHTS);
    const kinds = rng.weighted([['both', 55], ['barcode', 30], ['nfc', 15]] as const);
    const badges: Badge[] = [];
    if (kinds !== 'nfc') badges.push({ type: 'barcode', value: uniqueOf(() => `${trust.ods}${rng.digits(7)}`, used) });
    if (kinds !== 'barcode') badges.push({ type: 'nfc', value: uniqueOf(() => `04${rng.hex(12)}`, used) });
    const issuedAt =
      s.signing === 'retired' ? time(rng, '2025-03-01', '2025-12-20') : s.signing === 'retired-late' ? time(rng, '2026-02-01', '2026-10-30') : time(rng, '2026-01-05', '2026-11-20');
    const id = uniqueOf(() => `${trust.ods}-${rng.hex(8).toLowerCase()}`, used);
    const record = clearedRecord(rng, { id, iss: trust.ods, issuedAt, staffGroup: group, badges });
    s.edit?.(record, rng);
    const person: DemoPerson = { scenario: s.key, trust, record, signedBy: s.signing === 'compromised' ? 'compromised' : s.signing ? 'retired' : 'active' };
    if (s.sharedBadge) {
      // Pairs: the second of each pair is given the first one's barcode (a badge printed twice).
      if (previousShared) {
        const theirs = previousShared.record.badges.find((b) => b.type === 'barcode') ?? { type: 'barcode' as const, value: `${previousShared.trust.ods}${rng.digits(7)}` };
        if (!previousShared.record.badges.includes(theirs)) previousShared.record.badges.unshift(theirs);
        record.badges = [theirs, ...record.badges.filter((b) => b.type === 'nfc')];
        previousShared = undefined;
      } else previousShared = person;
    }
    const laterAt = time(rng, '2026-11-23', '2026-11-23');
    if (s.later === 'erased') {
      person.later = { v: 1, id, rev: 2, iss: trust.ods, issuedAt: laterAt, status: 'erased' };
    } else if (s.later) {
      person.later = { ...record, rev: 2, issuedAt: laterAt, status: s.later };
    } else if (s === cleared && rng.chance(0.03)) {
      // Routine change: a refresher course recorded the day before.
      const training = (record.checks.training ?? []).map((t) => (t.subject === 'fire-safety' ? { ...t, completed: '2026-11-22' } : t));
      person.later = { ...record, rev: 2, issuedAt: laterAt, checks: { ...record.checks, training } };
    }
    people.push(person);
  }
  return { seed, trusts, keyring, people };
}

function keyFor(data: DemoData, p: DemoPerson) {
  if (p.signedBy === 'compromised') return data.keyring.compromised.private;
  if (p.signedBy === 'retired') return data.keyring.retired.private;
  return data.keyring.active.get(p.trust.ods)!.private;
}

/** Sign and publish the demo into `feedDir` (emptied first), as two publications. */
export async function publishDemoFeed(data: DemoData, feedDir: string): Promise<void> {
  await rm(feedDir, { recursive: true, force: true });
  const first = await Promise.all(data.people.map((p) => signRecord(p.record, keyFor(data, p))));
  const base = { feedDir, feedId: DEMO_FEED_ID, hubKey: data.keyring.hub.private, gzip: true };
  await publish({
    ...base,
    trustList: trustListFor(data.trusts, data.keyring, true),
    records: first,
    snapshot: true,
    now: new Date(DEMO_SEQ1_TIME),
    validityHours: 24,
  });
  // Rev 2s are signed with the issuer's current key (a compromised key signs nothing new).
  const second = await Promise.all(
    data.people.filter((p) => p.later).map((p) => signRecord(p.later, data.keyring.active.get(p.trust.ods)!.private)),
  );
  const hours = Math.round((Date.parse(DEMO_EXPIRES) - Date.parse(DEMO_SEQ2_TIME)) / 3_600_000);
  await publish({
    ...base,
    trustList: trustListFor(data.trusts, data.keyring),
    records: second,
    now: new Date(DEMO_SEQ2_TIME),
    validityHours: hours,
  });
}

/** Write `value` as pretty JSON, creating the folder. */
export async function writeJson(file: string, value: unknown, mode?: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, mode === undefined ? undefined : { mode });
}
