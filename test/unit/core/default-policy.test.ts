/** The shipped default policy (resources/policy) is valid and makes the choices docs/policy.md explains. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CSTF_SUBJECTS, STAFF_GROUPS } from '../../../src/core/codes';
import { groupPolicyFor, parsePolicyJson, type SitePolicy } from '../../../src/core/schemas/policy';

const root = path.resolve(__dirname, '../../..');
const parsed = parsePolicyJson(readFileSync(path.join(root, 'resources/policy/default-policy.json'), 'utf8'));
const docs = readFileSync(path.join(root, 'docs/policy.md'), 'utf8');

describe('resources/policy/default-policy.json', () => {
  let policy: SitePolicy;
  beforeAll(() => {
    if (!parsed.ok) throw new Error(parsed.error);
    policy = parsed.value;
  });

  it('is valid against the policy schema', () => expect(parsed).toMatchObject({ ok: true }));

  it('gives a refresher period for every CSTF subject', () => {
    for (const s of CSTF_SUBJECTS) expect(policy.trainingYears[s]).toBeGreaterThanOrEqual(1);
  });

  it('requires the four employment checks of every staff group', () => {
    for (const g of STAFF_GROUPS) {
      expect(groupPolicyFor(policy, g).require).toEqual(expect.arrayContaining(['identity', 'rightToWork', 'dbs', 'occupationalHealth']));
    }
  });

  it.each([
    ['medical-dental', ['GMC', 'GDC']],
    ['nursing-midwifery-registered', ['NMC']],
    ['allied-health-professionals', ['HCPC', 'GOsC']],
    ['healthcare-scientists', ['HCPC']],
  ] as const)('requires registration of %s with %j', (group, bodies) => {
    const g = groupPolicyFor(policy, group);
    expect(g.require).toContain('registration');
    expect(g.registration).toEqual(bodies);
  });

  it('asks enhanced DBS with both barred lists of the groups doing hands-on care', () => {
    for (const g of ['medical-dental', 'nursing-midwifery-registered', 'allied-health-professionals', 'additional-clinical-services', 'students'] as const) {
      expect(groupPolicyFor(policy, g).dbs).toEqual({ minLevel: 'enhanced', barredLists: ['adults', 'children'] });
    }
  });

  it('explains every group entry in docs/policy.md', () => {
    for (const key of Object.keys(policy.groups)) expect(docs).toContain(`\`${key === '*' ? '"*"' : key}\``);
    for (const s of CSTF_SUBJECTS) expect(docs).toContain(`\`${s}\``);
  });
});
