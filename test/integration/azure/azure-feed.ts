import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publish, readFeedState, readPrivateKeyFile, signRecord, decodePayloadUnverified } from '../../../src/publisher';

/**
 * The shipped demo feed, copied to a temp folder, and further publications
 * on it with the demo's own (demo-only, published) hub and issuer keys —
 * the way a hub adds a seq with the reference publisher.
 */

const DEMO = path.resolve(__dirname, '../../../resources/demo');

/** A copy of resources/demo/feed (seq 2) in a new temp folder. */
export async function copyDemoFeed(): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'azure-feed-')), 'feed');
  await cp(path.join(DEMO, 'feed'), dir, { recursive: true });
  return dir;
}

/**
 * Publish the next seq into `feedDir`: `count` live passports signed with an
 * active issuer key get a new revision, suspended. Returns their ids.
 */
export async function publishSuspensions(feedDir: string, count: number, opts: { snapshot?: boolean; at: string }): Promise<string[]> {
  const state = await readFeedState(feedDir);
  const trust = state.trustList!;
  const active = new Set(trust.issuers.flatMap((i) => i.keys.filter((k) => k.status === 'active').map((k) => k.kid)));
  const chosen: string[] = [];
  const lines: string[] = [];
  for (const rec of [...state.records.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (chosen.length === count) break;
    const header = decodeHeader(rec.jws);
    const payload = decodePayloadUnverified(rec.jws) as { status?: string; erased?: boolean; rev: number };
    if (!active.has(header.kid) || payload.erased || payload.status !== 'active') continue;
    const key = await readPrivateKeyFile(path.join(DEMO, 'keys', 'issuers', `${header.kid}.private.json`));
    lines.push(await signRecord({ ...payload, rev: payload.rev + 1, status: 'suspended' }, key));
    chosen.push(rec.id);
  }
  const hubKey = await readPrivateKeyFile(path.join(DEMO, 'keys', 'hub.private.json'));
  await publish({ feedDir, feedId: 'demo', hubKey, trustList: trust, records: lines, snapshot: opts.snapshot, now: new Date(opts.at), validityHours: 24 * 365 * 50 });
  return chosen;
}

function decodeHeader(jws: string): { kid: string } {
  return JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string };
}
