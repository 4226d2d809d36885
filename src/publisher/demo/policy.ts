import { parsePolicy, type SitePolicy } from '../../core/schemas/policy';

/**
 * The example policy of spec/verdict.md, word for word: what `passport-feed
 * demo` computes the catalogue with when no policy file is given, and the
 * base of the core tests' and benchmarks' policies.
 */
export const SPEC_EXAMPLE_POLICY = {
  v: 1,
  warnDays: 30,
  dbsMaxAgeYears: 3,
  trainingYears: {
    'conflict-resolution': 3, 'equality-diversity-human-rights': 3, 'fire-safety': 2, 'health-safety-welfare': 3,
    'infection-prevention-control': 1, 'information-governance': 1, 'moving-handling': 2, 'preventing-radicalisation': 3,
    resuscitation: 1, 'safeguarding-adults': 3, 'safeguarding-children': 3,
  },
  groups: {
    '*': {
      require: ['identity', 'rightToWork', 'dbs', 'occupationalHealth'],
      dbs: { minLevel: 'standard', barredLists: [] },
      registration: null,
      training: ['fire-safety', 'information-governance', 'health-safety-welfare'],
    },
    'medical-dental': {
      require: ['identity', 'rightToWork', 'dbs', 'registration', 'occupationalHealth'],
      dbs: { minLevel: 'enhanced', barredLists: ['adults', 'children'] },
      registration: ['GMC', 'GDC'],
      training: ['fire-safety', 'information-governance', 'resuscitation', 'safeguarding-adults', 'safeguarding-children'],
    },
  },
};

export function specExamplePolicy(): SitePolicy {
  const parsed = parsePolicy(SPEC_EXAMPLE_POLICY);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
