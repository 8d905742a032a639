import { z } from 'zod';
import { CHANNEL_TYPES } from '../shared/channels/types.ts';
import { isRegionId } from '../shared/endpoints.ts';
import { KEY_STATE } from './kms/key.ts';

/**
 * What the control API accepts over HTTP. A wrong value is refused with
 * its path and rule before anything changes, so a bad call never leaves
 * the local cloud half-changed (a clock moved past any valid date, a token
 * that never expires).
 */
const HUNDRED_YEARS_MS = 100 * 365 * 86_400_000;

const account = z.object({
  accountId: z.string().regex(/^\d{1,32}$/, 'must be digits'),
  accessKeys: z
    .array(
      z.object({
        accessKeyId: z.string().min(1),
        accessKeySecret: z.string().min(1),
      }),
    )
    .optional(),
  quotas: z
    .object({
      logstoresPerProject: z.number().int().positive().optional(),
      projectsPerAccount: z.number().int().positive().optional(),
    })
    .strict()
    .optional(),
});

const owned = {
  accountId: z.string().optional(),
  region: z
    .string()
    .refine(isRegionId, 'must be a region id such as cn-hangzhou')
    .optional(),
};

export const seedSchema = z
  .object({
    accounts: z.array(account).optional(),
    projects: z
      .array(
        z
          .object({
            ...owned,
            name: z.string().min(1),
            description: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    logstores: z
      .array(
        z
          .object({
            ...owned,
            project: z.string().min(1),
            logstoreName: z.string().min(1),
          })
          .passthrough(),
      )
      .optional(),
    keys: z
      .array(
        z
          .object({
            ...owned,
            keyId: z.string().min(1).optional(),
            keySpec: z.string().optional(),
            keyUsage: z.string().optional(),
            origin: z.enum(['Aliyun_KMS', 'EXTERNAL']).optional(),
            // KMS's own states; a state keyguard has never seen is
            // modelled with a DescribeKey reply fault instead.
            state: z.enum(Object.values(KEY_STATE)).optional(),
            deletionProtection: z.boolean().optional(),
            description: z.string().optional(),
            materialExpireTime: z.iso.datetime().optional(),
            deleteDate: z.iso.datetime().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const clockSchema = z.union(
  [
    z
      .object({
        advanceMs: z
          .number()
          .int()
          .min(-HUNDRED_YEARS_MS)
          .max(HUNDRED_YEARS_MS),
      })
      .strict(),
    z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
  ],
  {
    error:
      'give either advanceMs (whole milliseconds, within 100 years) ' +
      'or set (an ISO 8601 time)',
  },
);

export const stsSchema = z
  .object({
    accountId: z.string().min(1),
    // STS tokens live between 15 minutes and 12 hours in the cloud; the
    // local cloud allows shorter ones so tests can watch one expire.
    ttlSeconds: z.number().int().min(1).max(43_200).default(3_600),
  })
  .strict();

export const robotSchema = z
  .object({
    channel: z.enum(CHANNEL_TYPES),
    token: z.string().min(1),
    secret: z.string().min(1).optional(),
    keyword: z.string().min(1).optional(),
  })
  .strict();

export const byokFailureSchema = z
  .object({
    status: z.number().int().min(400).max(599),
    code: z.string().min(1),
    message: z.string().optional(),
  })
  .strict();

/** The first problem of a failed parse, as `path: rule`. */
export const problemOf = (error: z.ZodError): string => {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid body';
  const path = issue.path.join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
};
