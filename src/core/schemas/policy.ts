import { z } from 'zod';
import { BARRED_LISTS, CHECK_NAMES, CSTF_SUBJECTS, DBS_LEVELS, REGISTRATION_BODIES, STAFF_GROUPS } from '../codes';
import { parseJsonWith, parseWith, type Parsed } from './common';

/** Site policy (spec/verdict.md). Invalid policies are refused with the field named, never defaulted. */

const groupPolicy = z.object({
  require: z.array(z.enum(CHECK_NAMES)),
  dbs: z.object({ minLevel: z.enum(DBS_LEVELS), barredLists: z.array(z.enum(BARRED_LISTS)) }),
  registration: z.array(z.enum(REGISTRATION_BODIES)).nullable(),
  training: z.array(z.enum(CSTF_SUBJECTS)),
});
export type GroupPolicy = z.infer<typeof groupPolicy>;

const groupKey = z.union([z.literal('*'), z.enum(STAFF_GROUPS)], {
  error: `must be "*" or a staff group (${STAFF_GROUPS.join(', ')})`,
});

export const sitePolicySchema = z
  .object({
    v: z.literal(1),
    warnDays: z.int().min(0).max(3650),
    dbsMaxAgeYears: z.int().min(1).max(100).nullable(),
    /**
     * How recent an induction elsewhere must be for a corporate induction
     * session to recognise it (sessions.md "Prior induction"); absent: never.
     * It does not change verdicts.
     */
    induction: z.object({ recognisedYears: z.int().min(0).max(10) }).optional(),
    trainingYears: z.partialRecord(z.enum(CSTF_SUBJECTS), z.int().min(1).max(100)),
    // partialRecord: a policy names only the groups that differ from "*" (z.record with an
    // enum key would demand an entry for every staff group).
    groups: z.partialRecord(groupKey, groupPolicy),
  })
  .superRefine((policy, ctx) => {
    if (!policy.groups['*']) {
      ctx.addIssue({ code: 'custom', path: ['groups', '*'], message: 'is required: it applies to every staff group without an entry' });
    }
    for (const [name, group] of Object.entries(policy.groups)) {
      group?.training.forEach((subject, i) => {
        if (policy.trainingYears[subject] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['groups', name, 'training', i],
            message: `${subject} is required but trainingYears gives no refresher period for it`,
          });
        }
      });
    }
  });
export type SitePolicy = z.infer<typeof sitePolicySchema>;

export function parsePolicy(input: unknown): Parsed<SitePolicy> {
  return parseWith(sitePolicySchema, 'policy', input);
}

export function parsePolicyJson(text: string): Parsed<SitePolicy> {
  return parseJsonWith(sitePolicySchema, 'policy', text);
}

/** The group entry that applies to a staff group: its own, else `"*"`. */
export function groupPolicyFor(policy: SitePolicy, staffGroup: string): GroupPolicy {
  const own = (policy.groups as Record<string, GroupPolicy | undefined>)[staffGroup];
  return own ?? (policy.groups['*'] as GroupPolicy);
}
