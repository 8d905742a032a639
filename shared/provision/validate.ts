import type { z } from 'zod';
import { ENCRYPT_TYPES } from '../encrypt-types.ts';
import { KEY_ID_RULE } from '../kms/key-id.ts';
import { type FieldError, pathOf } from './field-error.ts';
import { LIMITS, type ProvisionRequest } from './request.ts';
import { requestSchema } from './schema.ts';

/**
 * Checks a decoded request before any cloud call. Every failing field is
 * reported with its path, the rule it breaks and the allowed range, all at
 * once, so a caller fixes a request in one round trip.
 */
export type Validation =
  | { readonly ok: true; readonly request: ProvisionRequest }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const IA_MIN = LIMITS.infrequentAccessTtl.min;

const NAME_RANGE = (chars: string) =>
  `${LIMITS.nameLength.min}–${LIMITS.nameLength.max} characters of ` +
  `${chars}, starting and ending with a letter or digit`;

/** What each field allows, in words; quoted in every error on it. */
export const ALLOWED: Readonly<Record<string, string>> = {
  '': 'a JSON object',
  project: NAME_RANGE('a-z, 0-9 and -'),
  region: 'a region id such as cn-hangzhou',
  logstoreName: NAME_RANGE('a-z, 0-9, _ and -'),
  ttl:
    `an integer from ${LIMITS.ttl.min} to ${LIMITS.ttl.max} days ` +
    `(${LIMITS.ttl.max} means permanent)`,
  shardCount:
    `an integer from ${LIMITS.shardCount.min} ` + `to ${LIMITS.shardCount.max}`,
  autoSplit: 'true or false',
  maxSplitShard:
    `an integer from ${LIMITS.maxSplitShard.min} ` +
    `to ${LIMITS.maxSplitShard.max}`,
  hot_ttl:
    `${LIMITS.hotTtl.off}, or an integer ` + `from ${LIMITS.hotTtl.min} to ttl`,
  mode: '"standard" or "query"',
  telemetryType: '"None" or "Metrics"',
  appendMeta: 'true or false',
  enable_tracking: 'true or false',
  infrequentAccessTTL: `an integer of at least ${IA_MIN} days`,
  dryRun: 'true or false',
  encrypt_conf: 'an object { enable, encrypt_type, user_cmk_info? }',
  'encrypt_conf.enable': 'true (encryption is mandatory)',
  'encrypt_conf.encrypt_type': `one of ${ENCRYPT_TYPES.join(', ')}`,
  'encrypt_conf.user_cmk_info':
    'an object { cmk_key_id, arn, region_id }, or left out for the service key',
  'encrypt_conf.user_cmk_info.cmk_key_id':
    `${KEY_ID_RULE}, at most ` + `${LIMITS.keyIdLength.max} characters`,
  'encrypt_conf.user_cmk_info.arn':
    'the ARN of the RAM role SLS assumes: acs:ram::<account id>:role/<name>',
  'encrypt_conf.user_cmk_info.region_id':
    "the key's region id such as cn-hangzhou",
};

const allowedFor = (path: string): string => ALLOWED[path] ?? 'see the docs';

const typeName = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'number';
  return typeof value;
};

const fromIssue = (issue: z.core.$ZodIssue): FieldError[] => {
  const path = pathOf(issue.path);
  const allowed = allowedFor(path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: pathOf([...issue.path, key]),
        rule: 'unknown_key',
        message: `is not a known field${path ? ` of ${path}` : ''}`,
      }));
    case 'invalid_type':
      if (input === undefined) {
        return [{ path, rule: 'required', message: `is required: ${allowed}` }];
      }
      if (issue.expected === 'int') {
        return [{ path, rule: 'integer', message: `must be ${allowed}` }];
      }
      return [
        {
          path,
          rule: 'type',
          message: `must be ${allowed}; got ${typeName(input)}`,
        },
      ];
    case 'too_small':
      if (issue.origin === 'string' && input === '') {
        return [
          { path, rule: 'required', message: `must not be empty: ${allowed}` },
        ];
      }
      return [{ path, rule: 'range', message: `must be ${allowed}` }];
    case 'too_big':
      return [{ path, rule: 'range', message: `must be ${allowed}` }];
    case 'invalid_value':
      return [{ path, rule: 'one_of', message: `must be ${allowed}` }];
    case 'invalid_format':
      return [{ path, rule: 'format', message: `must be ${allowed}` }];
    case 'custom': {
      const rule = String(issue.params?.rule ?? 'invalid');
      const own = rule === 'length' || rule === 'characters';
      const message =
        own || rule === 'first_last_character'
          ? `${issue.message} (${allowed})`
          : `must be ${allowed}`;
      return [{ path, rule, message }];
    }
    default:
      return [{ path, rule: 'invalid', message: `must be ${allowed}` }];
  }
};

/** Rules across fields, checked on the raw input so they join the rest. */
const crossFieldErrors = (input: Record<string, unknown>): FieldError[] => {
  const errors: FieldError[] = [];
  const splitRange = allowedFor('maxSplitShard');
  if (input.autoSplit === true && input.maxSplitShard === undefined) {
    errors.push({
      path: 'maxSplitShard',
      rule: 'required',
      message: `is required when autoSplit is true: ${splitRange}`,
    });
  }
  const { ttl, hot_ttl: hotTtl } = input;
  if (
    Number.isInteger(ttl) &&
    typeof ttl === 'number' &&
    typeof hotTtl === 'number' &&
    hotTtl !== LIMITS.hotTtl.off &&
    hotTtl >= LIMITS.hotTtl.min &&
    hotTtl > ttl
  ) {
    errors.push({
      path: 'hot_ttl',
      rule: 'range',
      message: `must not exceed ttl (${ttl}): ${allowedFor('hot_ttl')}`,
    });
  }
  return errors;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const validateRequest = (input: unknown): Validation => {
  const parsed = requestSchema.safeParse(input, { reportInput: true });
  const cross = isRecord(input) ? crossFieldErrors(input) : [];
  if (parsed.success && cross.length === 0) {
    return { ok: true, request: parsed.data as ProvisionRequest };
  }
  const errors = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(fromIssue)),
    ...cross,
  ];
  // An empty required field fails its format too; the first says it all.
  const required = new Set(
    errors.filter((e) => e.rule === 'required').map((e) => e.path),
  );
  return {
    ok: false,
    errors: errors.filter(
      (e) => e.rule === 'required' || !required.has(e.path),
    ),
  };
};
