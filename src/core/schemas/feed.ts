import { z } from 'zod';
import { isoInstant, sha256Hex } from './common';

/**
 * A path inside the feed root (spec/feed.md): relative, no `..`, no leading
 * `/`, no `\`, no scheme — so a manifest can never point outside the feed.
 */
export const feedPath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.includes('..'), 'must not contain ".."')
  .refine((p) => !p.startsWith('/'), 'must be relative (no leading "/")')
  .refine((p) => !p.includes('\\'), 'must not contain "\\"')
  .refine((p) => !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(p), 'must not have a scheme or drive letter')
  // eslint-disable-next-line no-control-regex -- refusing control characters in paths
  .refine((p) => !/[\x00-\x1f\x7f%?#]/.test(p), 'must not contain control characters, "%", "?" or "#"')
  .refine((p) => !p.split('/').some((s) => s === '' || s === '.'), 'must not have empty or "." segments');

const fileRef = z.object({ path: feedPath, sha256: sha256Hex });
const segmentRef = fileRef.extend({ count: z.int().min(0) });
export type SegmentRef = z.infer<typeof segmentRef>;

export const manifestSchema = z
  .object({
    v: z.literal(1),
    feed: z.string().min(1).max(128),
    seq: z.int().min(1),
    published: isoInstant,
    expires: isoInstant,
    trust: fileRef,
    snapshot: z.object({ seq: z.int().min(0), segments: z.array(segmentRef) }),
    log: z.array(segmentRef.extend({ seq: z.int().min(1) })),
  })
  .superRefine((m, ctx) => {
    if (m.snapshot.seq > m.seq) {
      ctx.addIssue({ code: 'custom', path: ['snapshot', 'seq'], message: `is after the manifest seq ${m.seq}` });
    }
    m.log.forEach((entry, i) => {
      const expected = m.seq - (m.log.length - 1) + i;
      if (entry.seq !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['log', i, 'seq'],
          message: `log seqs must be contiguous and end at ${m.seq} (expected ${expected})`,
        });
      }
    });
    const first = m.log[0]?.seq ?? m.seq + 1;
    if (m.snapshot.seq < m.seq && first > m.snapshot.seq + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['log'],
        message: `must reach back to snapshot.seq + 1 (${m.snapshot.seq + 1})`,
      });
    }
  });
export type Manifest = z.infer<typeof manifestSchema>;
