import { z } from 'zod';
import { ed25519PublicJwk, isoInstant, odsCode } from './common';

/** The trust list (spec/passport.md): which keys speak for which issuer, and when. */
export const trustListSchema = z
  .object({
    v: z.literal(1),
    issuers: z.array(
      z.object({
        iss: odsCode,
        name: z.string().min(1),
        keys: z.array(
          z.object({
            kid: z.string().min(1),
            jwk: ed25519PublicJwk,
            from: isoInstant,
            to: isoInstant.nullable(),
            status: z.enum(['active', 'retired', 'compromised']),
          }),
        ),
      }),
    ),
  })
  .superRefine((list, ctx) => {
    const kids = new Set<string>();
    const issuers = new Set<string>();
    list.issuers.forEach((issuer, i) => {
      if (issuers.has(issuer.iss)) {
        ctx.addIssue({ code: 'custom', path: ['issuers', i, 'iss'], message: `issuer ${issuer.iss} is listed twice` });
      }
      issuers.add(issuer.iss);
      issuer.keys.forEach((key, k) => {
        if (kids.has(key.kid)) {
          ctx.addIssue({
            code: 'custom',
            path: ['issuers', i, 'keys', k, 'kid'],
            message: `kid ${key.kid} is not unique across the trust list`,
          });
        }
        kids.add(key.kid);
      });
    });
  });
export type TrustList = z.infer<typeof trustListSchema>;
export type TrustListKey = TrustList['issuers'][number]['keys'][number];
