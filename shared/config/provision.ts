import { z } from 'zod';
import { ENCRYPT_TYPES, type EncryptType } from '../encrypt-types.ts';
import { isRegionId } from '../endpoints.ts';
import { isKeyId, KEY_ID_RULE } from '../kms/key-id.ts';
import type { KeyRules } from '../provision/key-check.ts';
import { matchesAny } from '../provision/patterns.ts';
import type { DefaultEncryption, Policy } from '../provision/policy.ts';
import { registerSecret } from '../secrets.ts';
import {
  type CommonConfig,
  ConfigError,
  loadCommonConfig,
  parseCommonConfig,
} from './common.ts';
import { type ConfigProblem, schemaProblems } from './schema-problems.ts';

/**
 * The provisioning function's own settings: its policy, the key rules and
 * the webhook signing secrets. Parsed once at cold start; a bad value
 * fails the start naming the variable, never echoing the value.
 */
export const PROVISION_ENV = [
  'PROVISION_ALLOWED_PROJECTS',
  'PROVISION_ALLOWED_REGIONS',
  'PROVISION_ALLOWED_ROLE_ARNS',
  'PROVISION_ALLOW_SERVICE_KEY',
  'PROVISION_ALLOWED_ENCRYPT_TYPES',
  'PROVISION_DEFAULT_ENCRYPT_TYPE',
  'PROVISION_DEFAULT_CMK_KEY_ID',
  'PROVISION_DEFAULT_ROLE_ARN',
  'PROVISION_DEFAULT_KEY_REGION',
  'PROVISION_MATERIAL_EXPIRY_DAYS',
  'PROVISION_REQUIRE_DELETION_PROTECTION',
  'PROVISION_WEBHOOK_SECRETS',
] as const;

export interface ProvisionSettings {
  readonly policy: Policy;
  readonly keyRules: KeyRules;
  /** Standard Webhooks secrets; empty means signatures are not checked. */
  readonly webhookSecrets: readonly string[];
}

export interface ProvisionConfig extends ProvisionSettings {
  readonly common: CommonConfig;
}

export const PROVISION_DEFAULTS = {
  allowedProjects: ['*'],
  allowedRegions: ['*'],
  allowedRoleArns: ['acs:ram::{accountId}:role/*'],
  allowServiceKey: false,
  materialExpiryDays: 30,
  requireDeletionProtection: false,
} as const;

const blankIsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Comma- or space-separated. */
const list = z
  .string()
  .transform((v) => v.split(/[\s,]+/).filter((item) => item !== ''));

const flag = z.enum(['true', 'false'], { error: 'must be true or false' });

const encryptType = z.enum(ENCRYPT_TYPES, {
  error: `must be one of ${ENCRYPT_TYPES.join(', ')}`,
});

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/;

const schema = z.object({
  PROVISION_ALLOWED_PROJECTS: blankIsUnset(list),
  PROVISION_ALLOWED_REGIONS: blankIsUnset(list),
  PROVISION_ALLOWED_ROLE_ARNS: blankIsUnset(list),
  PROVISION_ALLOW_SERVICE_KEY: blankIsUnset(flag),
  PROVISION_ALLOWED_ENCRYPT_TYPES: blankIsUnset(
    list.pipe(z.array(encryptType).min(1, { error: 'must name a type' })),
  ),
  PROVISION_DEFAULT_ENCRYPT_TYPE: blankIsUnset(encryptType),
  PROVISION_DEFAULT_CMK_KEY_ID: blankIsUnset(
    z.string().refine(isKeyId, { error: `must be ${KEY_ID_RULE}` }),
  ),
  PROVISION_DEFAULT_ROLE_ARN: blankIsUnset(
    z.string().regex(/^acs:ram::[0-9]+:role\/[A-Za-z0-9._-]{1,64}$/, {
      error: 'must be a RAM role ARN acs:ram::<account>:role/<name>',
    }),
  ),
  PROVISION_DEFAULT_KEY_REGION: blankIsUnset(
    z.string().refine(isRegionId, { error: 'must be a region id' }),
  ),
  PROVISION_MATERIAL_EXPIRY_DAYS: blankIsUnset(
    z
      .string()
      .regex(/^[0-9]{1,4}$/, { error: 'must be a whole number of days' })
      .transform(Number),
  ),
  PROVISION_REQUIRE_DELETION_PROTECTION: blankIsUnset(flag),
  // The value is a secret: the error names the rule, never the value.
  PROVISION_WEBHOOK_SECRETS: blankIsUnset(
    list.pipe(
      z.array(
        z.string().regex(WEBHOOK_SECRET, {
          error: 'must hold whsec_<base64> secrets',
        }),
      ),
    ),
  ),
});

type Values = z.infer<typeof schema>;

const defaultEncryption = (
  v: Values,
  problems: ConfigProblem[],
): DefaultEncryption | undefined => {
  const keyId = v.PROVISION_DEFAULT_CMK_KEY_ID;
  const role = v.PROVISION_DEFAULT_ROLE_ARN;
  if ((keyId === undefined) !== (role === undefined)) {
    problems.push({
      variable:
        keyId === undefined
          ? 'PROVISION_DEFAULT_CMK_KEY_ID'
          : 'PROVISION_DEFAULT_ROLE_ARN',
      rule:
        'must be set together with its partner ' +
        '(a default key needs a role)',
    });
    return undefined;
  }
  const type = v.PROVISION_DEFAULT_ENCRYPT_TYPE;
  if (keyId === undefined || role === undefined) {
    return type === undefined ? undefined : { encryptType: type };
  }
  return {
    encryptType: type ?? 'default',
    cmkKeyId: keyId,
    roleArn: role,
    ...(v.PROVISION_DEFAULT_KEY_REGION === undefined
      ? {}
      : { keyRegion: v.PROVISION_DEFAULT_KEY_REGION }),
  };
};

/** Pure: the environment in, the provisioning settings out. */
export const parseProvisionSettings = (
  env: Readonly<Record<string, string | undefined>>,
): ProvisionSettings => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(schemaProblems(parsed.error));
  }
  const v = parsed.data;
  const problems: ConfigProblem[] = [];
  const defaults = defaultEncryption(v, problems);
  const allowedEncryptTypes: readonly EncryptType[] =
    v.PROVISION_ALLOWED_ENCRYPT_TYPES ?? ENCRYPT_TYPES;
  const allowServiceKey = v.PROVISION_ALLOW_SERVICE_KEY === 'true';
  if (defaults !== undefined) {
    if (!allowedEncryptTypes.includes(defaults.encryptType)) {
      problems.push({
        variable: 'PROVISION_DEFAULT_ENCRYPT_TYPE',
        rule: 'must be one of PROVISION_ALLOWED_ENCRYPT_TYPES',
      });
    }
    if (defaults.cmkKeyId === undefined && !allowServiceKey) {
      problems.push({
        variable: 'PROVISION_DEFAULT_ENCRYPT_TYPE',
        rule:
          'needs PROVISION_DEFAULT_CMK_KEY_ID unless ' +
          'PROVISION_ALLOW_SERVICE_KEY is true',
      });
    }
  }
  const allowedRoleArns =
    v.PROVISION_ALLOWED_ROLE_ARNS ?? PROVISION_DEFAULTS.allowedRoleArns;
  const defaultRole = defaults?.roleArn;
  // The function's account is only known per invocation; the role's own
  // account stands in for it, so a role name outside the patterns fails
  // here rather than as a 403 on every defaulted request.
  const roleAccount = defaultRole?.split(':')[3];
  if (
    defaultRole !== undefined &&
    !matchesAny(defaultRole, allowedRoleArns, roleAccount)
  ) {
    problems.push({
      variable: 'PROVISION_DEFAULT_ROLE_ARN',
      rule: 'must match PROVISION_ALLOWED_ROLE_ARNS',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const secrets = v.PROVISION_WEBHOOK_SECRETS ?? [];
  for (const secret of secrets) {
    registerSecret(secret);
    registerSecret(secret.slice('whsec_'.length));
  }
  return {
    policy: {
      allowedProjects:
        v.PROVISION_ALLOWED_PROJECTS ?? PROVISION_DEFAULTS.allowedProjects,
      allowedRegions:
        v.PROVISION_ALLOWED_REGIONS ?? PROVISION_DEFAULTS.allowedRegions,
      allowedRoleArns,
      allowServiceKey,
      allowedEncryptTypes,
      ...(defaults === undefined ? {} : { defaultEncryption: defaults }),
    },
    keyRules: {
      materialExpiryDays:
        v.PROVISION_MATERIAL_EXPIRY_DAYS ??
        PROVISION_DEFAULTS.materialExpiryDays,
      requireDeletionProtection:
        v.PROVISION_REQUIRE_DELETION_PROTECTION === 'true',
    },
    webhookSecrets: secrets,
  };
};

export const parseProvisionConfig = (
  env: Readonly<Record<string, string | undefined>>,
): ProvisionConfig => ({
  common: parseCommonConfig(env),
  ...parseProvisionSettings(env),
});

/** At cold start: also applies what the common settings need. */
export const loadProvisionConfig = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProvisionConfig => {
  const settings = parseProvisionSettings(env);
  return { common: loadCommonConfig(env), ...settings };
};
