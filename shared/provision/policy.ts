import { cipherFamilyOf, type EncryptType } from '../encrypt-types.ts';
import type { EncryptConf } from '../sls/logstore.ts';
import { type Answer, failure } from './answer.ts';
import type { FieldError } from './field-error.ts';
import { matchesAny } from './patterns.ts';
import type { ProvisionRequest, ResolvedRequest } from './request.ts';

/**
 * What the function's configuration allows. A request outside it is
 * refused with 403, naming the rule it broke.
 */
export interface DefaultEncryption {
  readonly encryptType: EncryptType;
  /** Absent: the default is SLS's service key. */
  readonly cmkKeyId?: string;
  readonly roleArn?: string;
  /** Absent: the project's region. */
  readonly keyRegion?: string;
}

export interface Policy {
  readonly allowedProjects: readonly string[];
  readonly allowedRegions: readonly string[];
  /** Patterns for `user_cmk_info.arn`; `{accountId}` is the function's. */
  readonly allowedRoleArns: readonly string[];
  readonly allowServiceKey: boolean;
  readonly allowedEncryptTypes: readonly EncryptType[];
  /** Applied when a request leaves `encrypt_conf` out. */
  readonly defaultEncryption?: DefaultEncryption;
}

export type Resolution =
  | { readonly ok: true; readonly request: ResolvedRequest }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const defaultConf = (
  defaults: DefaultEncryption,
  region: string,
): EncryptConf => ({
  enable: true,
  encrypt_type: defaults.encryptType,
  ...(defaults.cmkKeyId !== undefined && defaults.roleArn !== undefined
    ? {
        user_cmk_info: {
          cmk_key_id: defaults.cmkKeyId,
          arn: defaults.roleArn,
          region_id: defaults.keyRegion ?? region,
        },
      }
    : {}),
});

const ENCRYPTION_REQUIRED: FieldError = {
  path: 'encrypt_conf',
  rule: 'required',
  message:
    'is required: this function has no default key configured ' +
    '({ enable, encrypt_type, user_cmk_info? })',
};

/**
 * For a request the schema already refuses: also name a missing
 * `encrypt_conf` when no default would fill it, so one answer lists all.
 */
export const missingEncryption = (
  input: unknown,
  policy: Policy,
): FieldError[] =>
  typeof input === 'object' &&
  input !== null &&
  !Array.isArray(input) &&
  !('encrypt_conf' in input) &&
  policy.defaultEncryption === undefined
    ? [ENCRYPTION_REQUIRED]
    : [];

/** Fills in the region and, where policy has one, the default key. */
export const resolveRequest = (
  request: ProvisionRequest,
  policy: Policy,
  functionRegion: string,
): Resolution => {
  const region = request.region ?? functionRegion;
  if (request.encrypt_conf !== undefined) {
    return {
      ok: true,
      request: { ...request, region, encrypt_conf: request.encrypt_conf },
    };
  }
  if (policy.defaultEncryption === undefined) {
    return { ok: false, errors: [ENCRYPTION_REQUIRED] };
  }
  const encrypt_conf = defaultConf(policy.defaultEncryption, region);
  return { ok: true, request: { ...request, region, encrypt_conf } };
};

const listed = (patterns: readonly string[]): string =>
  patterns.length === 0 ? 'none' : patterns.join(', ');

/**
 * Where the function may work at all: reads are held to it too. Like the
 * role ARNs, the patterns stay in the configuration: they can name teams
 * and tenants, and an answer goes to any caller.
 */
export const checkScope = (
  project: string,
  region: string,
  policy: Policy,
): FieldError[] => {
  const errors: FieldError[] = [];
  if (!matchesAny(project, policy.allowedProjects)) {
    errors.push({
      path: 'project',
      rule: 'allowed_projects',
      message:
        'is not allowed by this function (see PROVISION_ALLOWED_PROJECTS)',
    });
  }
  if (!matchesAny(region, policy.allowedRegions)) {
    errors.push({
      path: 'region',
      rule: 'allowed_regions',
      message:
        `${region} is not allowed by this function ` +
        '(see PROVISION_ALLOWED_REGIONS)',
    });
  }
  return errors;
};

export const checkPolicy = (
  request: ResolvedRequest,
  policy: Policy,
  accountId: string,
): FieldError[] => {
  const errors = checkScope(request.project, request.region, policy);
  const refuse = (path: string, rule: string, message: string) =>
    errors.push({ path, rule, message });
  const conf = request.encrypt_conf;
  if (!policy.allowedEncryptTypes.includes(conf.encrypt_type)) {
    refuse(
      'encrypt_conf.encrypt_type',
      'allowed_encrypt_types',
      `${conf.encrypt_type} is not allowed by this function; allowed: ` +
        listed(policy.allowedEncryptTypes),
    );
  }
  const cmk = conf.user_cmk_info;
  if (cmk === undefined && !policy.allowServiceKey) {
    refuse(
      'encrypt_conf.user_cmk_info',
      'byok_required',
      `is required: this function creates only Logstores encrypted with ` +
        `your own KMS key (${cipherFamilyOf(conf.encrypt_type)} needs ` +
        `cmk_key_id, arn and region_id)`,
    );
  }
  if (cmk !== undefined) {
    if (!matchesAny(cmk.arn, policy.allowedRoleArns, accountId)) {
      refuse(
        'encrypt_conf.user_cmk_info.arn',
        'allowed_role_arns',
        // The allowed roles name the account and its roles: they stay in
        // the function's configuration, not in an answer to any caller.
        'names a RAM role this function may not pass to SLS ' +
          '(see PROVISION_ALLOWED_ROLE_ARNS)',
      );
    }
  }
  return errors;
};

const count = (n: number) => `${n} policy rule${n === 1 ? '' : 's'}`;

/** The 403 for what `checkScope` or `checkPolicy` found. */
export const policyRefusal = (denied: readonly FieldError[]): Answer =>
  failure(
    'policy_denied',
    `the request breaks ${count(denied.length)}: ` +
      denied.map((e) => e.rule).join(', '),
    denied,
  );
