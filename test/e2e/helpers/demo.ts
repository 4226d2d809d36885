import path from 'node:path';
import { loadPolicyFile } from '../../../src/main/config/machine-config';
import { readHubKeyFile } from '../../../src/main/sync/hub-keys';
import { startKioskFromFeed, type KioskFromFeedOptions, type KioskUnderTest } from './kiosk-under-test';
import { ROOT } from './renderer-build';

/**
 * The shipped demo (resources/demo): its feed, pinned hub key and the
 * catalogue of badges with the outcome and reason codes each gives at the
 * catalogue's reference time. The e2e tests pick their badges from the
 * catalogue by scenario, so they follow the demo if it is regenerated.
 */
export const DEMO_DIR = path.join(ROOT, 'resources/demo');

export interface CatalogueEntry {
  badge: string;
  kind: 'barcode' | 'nfc' | 'token';
  scenario: string;
  name?: string;
  id?: string;
  iss?: string;
  outcome: 'cleared' | 'refer' | 'not-cleared' | 'unknown';
  codes: string[];
}

interface Catalogue {
  referenceTime: string;
  policy: string;
  trusts: { ods: string; name: string }[];
  entries: CatalogueEntry[];
}

export const CATALOGUE: Catalogue = require(path.join(DEMO_DIR, 'catalogue.json'));
/** The instant the catalogue's outcomes hold at. */
export const DEMO_AT = Date.parse(CATALOGUE.referenceTime);

/** The catalogue entry for a scenario (the first, when several share one). */
export function scenario(name: string): CatalogueEntry {
  const e = CATALOGUE.entries.find((x) => x.scenario === name);
  if (!e) throw new Error(`the demo catalogue has no scenario "${name}"`);
  return e;
}

/** The trust's name, as the verdict shows it under "Issued by". */
export const trustName = (ods: string) => CATALOGUE.trusts.find((t) => t.ods === ods)?.name;

/** Browser mode on the demo feed with real services, clock pinned (default: the reference time). */
export function startDemoKiosk(
  opts: Partial<Pick<KioskFromFeedOptions, 'at' | 'idleSeconds' | 'sounds' | 'readers' | 'pins' | 'lockMinutes' | 'onExit'>> = {},
): Promise<KioskUnderTest> {
  return startKioskFromFeed({
    feedDir: path.join(DEMO_DIR, 'feed'),
    hubKeys: readHubKeyFile(path.join(DEMO_DIR, 'hub-key.json')),
    policy: loadPolicyFile(path.join(ROOT, CATALOGUE.policy)).policy,
    ...opts,
    at: opts.at ?? DEMO_AT,
  });
}
