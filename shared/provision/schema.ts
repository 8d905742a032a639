import { z } from 'zod';
import { ENCRYPT_TYPES } from '../encrypt-types.ts';
import { isRegionId } from '../endpoints.ts';
import { isKeyId } from '../kms/key-id.ts';
import { LIMITS, MODES, TELEMETRY_TYPES } from './request.ts';

/**
 * The request schema. Strict objects (unknown keys are refused by name),
 * no coercion ("true" is not a boolean, "30" is not a number). Rules that
 * zod has no issue code for carry their own name in `params.rule`.
 */
type NameKind = 'project' | 'logstore';

const NAME_CHARACTERS: Record<NameKind, RegExp> = {
  project: /^[a-z0-9-]$/,
  logstore: /^[a-z0-9_-]$/,
};
const EDGE_CHARACTER = /^[a-z0-9]$/;

const nameSchema = (kind: NameKind) =>
  z.string().superRefine((value, ctx) => {
    const { min, max } = LIMITS.nameLength;
    const length = [...value].length;
    if (length < min || length > max) {
      ctx.addIssue({
        code: 'custom',
        message: `must be ${min}–${max} characters long; got ${length}`,
        params: { rule: 'length' },
      });
    }
    const bad = [...new Set([...value])].filter(
      (char) => !NAME_CHARACTERS[kind].test(char),
    );
    if (bad.length > 0) {
      const allowed =
        kind === 'project' ? 'a-z, 0-9 and -' : 'a-z, 0-9, _ and -';
      ctx.addIssue({
        code: 'custom',
        message: `may hold only ${allowed}; found ${bad
          .slice(0, 5)
          .map((char) => JSON.stringify(char))
          .join(', ')}`,
        params: { rule: 'characters' },
      });
    }
    const chars = [...value];
    const first = chars[0] ?? '';
    const last = chars[chars.length - 1] ?? '';
    if (
      length > 0 &&
      !(EDGE_CHARACTER.test(first) && EDGE_CHARACTER.test(last))
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'must start and end with a lowercase letter or a digit',
        params: { rule: 'first_last_character' },
      });
    }
  });

const int = (min: number, max?: number) => {
  const base = z.number().int().min(min);
  return max === undefined ? base : base.max(max);
};

const regionSchema = z.string().refine(isRegionId, {
  message: 'must be a region id such as cn-hangzhou',
  params: { rule: 'format' },
});

const hotTtlSchema = z
  .number()
  .int()
  .refine(
    (value) =>
      value === LIMITS.hotTtl.off ||
      (value >= LIMITS.hotTtl.min && value <= LIMITS.hotTtl.max),
    { params: { rule: 'range' } },
  );

/** The RAM role SLS assumes: acs:ram::<account>:role/<name>. */
const ROLE_ARN = /^acs:ram::[0-9]+:role\/[A-Za-z0-9._-]{1,64}$/;

const userCmkInfoSchema = z.strictObject({
  cmk_key_id: z
    .string()
    .min(1)
    .max(LIMITS.keyIdLength.max)
    .refine(isKeyId, { params: { rule: 'format' } }),
  arn: z.string().min(1).regex(ROLE_ARN),
  region_id: z.string().min(1).pipe(regionSchema),
});

const encryptConfSchema = z.strictObject({
  enable: z.boolean().refine((value) => value, {
    params: { rule: 'encryption_required' },
  }),
  encrypt_type: z.enum(ENCRYPT_TYPES),
  user_cmk_info: userCmkInfoSchema.optional(),
});

export const requestSchema = z.strictObject({
  project: nameSchema('project'),
  region: regionSchema.optional(),
  logstoreName: nameSchema('logstore'),
  ttl: int(LIMITS.ttl.min, LIMITS.ttl.max),
  shardCount: int(LIMITS.shardCount.min, LIMITS.shardCount.max),
  autoSplit: z.boolean().optional(),
  maxSplitShard: int(
    LIMITS.maxSplitShard.min,
    LIMITS.maxSplitShard.max,
  ).optional(),
  hot_ttl: hotTtlSchema.optional(),
  mode: z.enum(MODES).optional(),
  telemetryType: z.enum(TELEMETRY_TYPES).optional(),
  appendMeta: z.boolean().optional(),
  enable_tracking: z.boolean().optional(),
  infrequentAccessTTL: int(LIMITS.infrequentAccessTtl.min).optional(),
  encrypt_conf: encryptConfSchema.optional(),
  dryRun: z.boolean().optional(),
});
