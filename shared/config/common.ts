import { z } from 'zod';
import type { Mode } from '../credentials.ts';
import {
  type EndpointSet,
  INTRANET_ENDPOINTS,
  isRegionId,
  localEndpoints,
} from '../endpoints.ts';
import { KeyguardError } from '../errors.ts';
import { installLocalDns } from '../local-dns.ts';
import { type ConfigProblem, schemaProblems } from './schema-problems.ts';

/**
 * The settings both functions and the CLI share, read from the environment
 * once at cold start. A bad value fails the start naming the variable and
 * the rule, never echoing the value.
 */
export const COMMON_ENV = [
  'KEYGUARD_MODE',
  'KEYGUARD_SLS_ENDPOINT',
  'KEYGUARD_KMS_ENDPOINT',
  'KEYGUARD_PROTOCOL',
  'KEYGUARD_LOCAL_PORT',
  'KEYGUARD_REGION',
  'KEYGUARD_CALL_TIMEOUT_MS',
  // Read by shared/logging.ts; checked here so a typo fails the start.
  'KEYGUARD_LOG_LEVEL',
] as const;

/** Set by Function Compute itself, never in s.yaml. */
export const PLATFORM_ENV = [
  'FC_REGION',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
] as const;

export interface CommonConfig {
  readonly mode: Mode;
  /** Templates with `{region}`, and the protocol to speak. */
  readonly endpoints: EndpointSet;
  /** The function's own region. */
  readonly region: string;
  /** Per vendor call, connect and read alike. */
  readonly callTimeoutMs: number;
  readonly logLevel: string;
}

/** The SDKs' own default, which suits management calls well. */
export const DEFAULT_CALL_TIMEOUT_MS = 3_000;
/** The local cloud's demo region (emulator/demo.ts). */
const LOCAL_DEFAULT_REGION = 'cn-hangzhou';

// s.yaml often sets a variable to '' to mean "not set".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    schema.optional(),
  );

const template = z
  .string()
  .refine((value) => value.includes('{region}'), {
    error: 'must be a host template containing {region}',
  })
  .refine((value) => !/^[a-z]+:\/\//i.test(value), {
    error: 'must be a host without a scheme (set KEYGUARD_PROTOCOL instead)',
  });

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

const region = z.string().refine(isRegionId, {
  error: 'must be a region id such as cn-hangzhou',
});

const schema = z.object({
  KEYGUARD_MODE: optional(
    z.enum(['cloud', 'local'], { error: 'must be cloud or local' }),
  ),
  KEYGUARD_SLS_ENDPOINT: optional(template),
  KEYGUARD_KMS_ENDPOINT: optional(template),
  KEYGUARD_PROTOCOL: optional(
    z.enum(['http', 'https'], { error: 'must be http or https' }),
  ),
  KEYGUARD_LOCAL_PORT: optional(integer(1, 65_535)),
  KEYGUARD_REGION: optional(region),
  FC_REGION: optional(region),
  KEYGUARD_CALL_TIMEOUT_MS: optional(integer(100, 120_000)),
  KEYGUARD_LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be fatal, error, warn, info, debug, trace or silent',
    }),
  ),
});

/**
 * The one error code of a configuration refused at start-up, whichever
 * module read it (the alert channels' too): operators and alerts match
 * on it.
 */
export const INVALID_CONFIG = 'invalid_config';

export class ConfigError extends KeyguardError {
  override readonly name: string = 'ConfigError';

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration: ${problems
        .map(({ variable, rule }) => `${variable} ${rule}`)
        .join('; ')}`,
      {
        code: INVALID_CONFIG,
        status: 500,
        context: { variables: problems.map(({ variable }) => variable) },
      },
    );
  }
}

/** Pure: the environment in, the configuration out, or a ConfigError. */
export const parseCommonConfig = (
  env: Readonly<Record<string, string | undefined>>,
): CommonConfig => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(schemaProblems(parsed.error));
  }

  const values = parsed.data;
  const mode = values.KEYGUARD_MODE ?? 'cloud';
  const ownRegion =
    values.KEYGUARD_REGION ??
    values.FC_REGION ??
    (mode === 'local' ? LOCAL_DEFAULT_REGION : undefined);
  const needsPort =
    mode === 'local' &&
    (values.KEYGUARD_SLS_ENDPOINT === undefined ||
      values.KEYGUARD_KMS_ENDPOINT === undefined);

  const problems: ConfigProblem[] = [];
  if (ownRegion === undefined) {
    problems.push({
      variable: 'KEYGUARD_REGION',
      rule: 'or FC_REGION must name the region in cloud mode',
    });
  }
  if (needsPort && values.KEYGUARD_LOCAL_PORT === undefined) {
    problems.push({
      variable: 'KEYGUARD_LOCAL_PORT',
      rule: 'must be set in local mode unless both endpoints are given',
    });
  }
  if (ownRegion === undefined || problems.length > 0) {
    throw new ConfigError(problems);
  }

  const defaults =
    mode === 'local' && values.KEYGUARD_LOCAL_PORT !== undefined
      ? localEndpoints(values.KEYGUARD_LOCAL_PORT)
      : INTRANET_ENDPOINTS;

  return {
    mode,
    endpoints: {
      sls: values.KEYGUARD_SLS_ENDPOINT ?? defaults.sls,
      kms: values.KEYGUARD_KMS_ENDPOINT ?? defaults.kms,
      protocol:
        values.KEYGUARD_PROTOCOL ?? (mode === 'local' ? 'http' : 'https'),
    },
    region: ownRegion,
    callTimeoutMs: values.KEYGUARD_CALL_TIMEOUT_MS ?? DEFAULT_CALL_TIMEOUT_MS,
    logLevel: values.KEYGUARD_LOG_LEVEL ?? 'info',
  };
};

/**
 * Parses and applies what the process needs: in local mode, answers for
 * `*.localhost`, which the local cloud's endpoints use.
 */
export const loadCommonConfig = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): CommonConfig => {
  const config = parseCommonConfig(env);
  if (config.mode === 'local') installLocalDns();

  return config;
};

let cached: CommonConfig | undefined;

/** The process's configuration, loaded on first use (cold start). */
export const commonConfig = (): CommonConfig => {
  cached ??= loadCommonConfig(process.env);

  return cached;
};
