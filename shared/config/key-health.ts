import { z } from 'zod';
import { CHANNELS_ENV, parseChannels } from '../channels/config.ts';
import type { ChannelConfig } from '../channels/types.ts';
import { isRegionId } from '../endpoints.ts';
import {
  ENCRYPTION_POLICIES,
  type EncryptionPolicy,
} from '../health/binding-rules.ts';
import { isTimeZone } from '../health/dates.ts';
import { FINDING_KINDS } from '../health/finding.ts';
import type { Silence } from '../health/silences.ts';
import { registerSecret } from '../secrets.ts';
import { type CommonConfig, ConfigError, parseCommonConfig } from './common.ts';
import { type ConfigProblem, schemaProblems } from './schema-problems.ts';

/**
 * The key-health function's own settings. Parsed once at cold start; a
 * bad value fails the start naming the variable and the rule, never
 * echoing the value.
 */
export const KEY_HEALTH_ENV = [
  'KEYGUARD_REGIONS',
  'KEYGUARD_PROJECT_PATTERNS',
  'KEYGUARD_STATE_DIR',
  'KEYGUARD_EXPIRY_WARNING_DAYS',
  'KEYGUARD_EXPIRY_CRITICAL_DAYS',
  'KEYGUARD_REPEAT_CRITICAL_HOURS',
  'KEYGUARD_REPEAT_WARNING_HOURS',
  'KEYGUARD_ENCRYPTION_POLICY',
  'KEYGUARD_REQUIRE_DELETION_PROTECTION',
  'KEYGUARD_DISPLAY_TIME_ZONE',
  'KEYGUARD_SILENCES',
  'KEYGUARD_HEARTBEAT_URL',
  'KEYGUARD_CONCURRENCY',
  'KEYGUARD_PROJECT_CONCURRENCY',
  'KEYGUARD_KMS_QPS',
  'KEYGUARD_FULL_REFRESH_HOURS',
  CHANNELS_ENV,
] as const;

export interface KeyHealthSettings {
  /** Regions whose projects are scanned. */
  readonly regions: readonly string[];
  /** Glob patterns of project names; empty means every project. */
  readonly projectPatterns: readonly string[];
  readonly stateDir: string;
  readonly expiryWarningDays: number;
  readonly expiryCriticalDays: number;
  readonly repeatCriticalMs: number;
  readonly repeatWarningMs: number;
  readonly encryptionPolicy: EncryptionPolicy;
  readonly requireDeletionProtection: boolean;
  readonly timeZone: string;
  readonly silences: readonly Silence[];
  readonly heartbeatUrl?: string;
  /** Vendor calls in flight at once, overall. */
  readonly concurrency: number;
  /** Vendor calls in flight at once against one project's host. */
  readonly projectConcurrency: number;
  /** DescribeKey calls per second per region. */
  readonly kmsQps: number;
  readonly fullRefreshMs: number;
}

export interface KeyHealthConfig extends KeyHealthSettings {
  readonly common: CommonConfig;
  readonly channels: readonly ChannelConfig[];
}

export const KEY_HEALTH_DEFAULTS = {
  stateDirLocal: '.keyguard',
  expiryWarningDays: 14,
  expiryCriticalDays: 3,
  repeatCriticalHours: 4,
  repeatWarningHours: 24,
  encryptionPolicy: 'encrypted',
  requireDeletionProtection: false,
  timeZone: 'Asia/Shanghai',
  // A scan is bound by round trips, not CPU: 32 calls in flight keep a
  // 10,000-Logstore inventory to minutes, while 4 per project host stay
  // well inside SLS's per-project management-API rate.
  concurrency: 32,
  projectConcurrency: 4,
  // KMS reads share 50 per second per account and region (platform-facts
  // §3); leaving a fifth to everyone else keeps keyguard from starving
  // the applications that decrypt.
  kmsQps: 40,
  fullRefreshHours: 24,
} as const;

const HOUR_MS = 3_600_000;

const blankIsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const list = z
  .string()
  .transform((v) => v.split(/[\s,]+/).filter((item) => item !== ''));

const number = (min: number, max: number, whole = false) => {
  const rule = `must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}`;
  const base = z.coerce.number({ error: rule }).min(min, { error: rule });
  return (whole ? base.int({ error: rule }) : base).max(max, { error: rule });
};

const silence = z
  .strictObject({
    keyId: z.string().min(1).optional(),
    finding: z.enum(FINDING_KINDS).optional(),
    reason: z.string().min(1, { error: 'must say why' }),
    expiresAt: z.iso.datetime({
      offset: true,
      error: 'must be an ISO 8601 time such as 2025-03-01T00:00:00Z',
    }),
  })
  .refine((s) => s.keyId !== undefined || s.finding !== undefined, {
    error: 'must name a keyId, a finding or both',
  });

const silences = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
    return z.NEVER;
  }
});

const schema = z.object({
  KEYGUARD_REGIONS: blankIsUnset(
    list.pipe(
      z.array(
        z.string().refine(isRegionId, {
          error: 'must list region ids such as cn-hangzhou',
        }),
      ),
    ),
  ),
  KEYGUARD_PROJECT_PATTERNS: blankIsUnset(list),
  KEYGUARD_STATE_DIR: blankIsUnset(z.string()),
  KEYGUARD_EXPIRY_WARNING_DAYS: blankIsUnset(number(1, 366, true)),
  KEYGUARD_EXPIRY_CRITICAL_DAYS: blankIsUnset(number(0, 366, true)),
  KEYGUARD_REPEAT_CRITICAL_HOURS: blankIsUnset(number(0.1, 720)),
  KEYGUARD_REPEAT_WARNING_HOURS: blankIsUnset(number(0.1, 720)),
  KEYGUARD_ENCRYPTION_POLICY: blankIsUnset(
    z.enum(ENCRYPTION_POLICIES, { error: 'must be any, encrypted or byok' }),
  ),
  KEYGUARD_REQUIRE_DELETION_PROTECTION: blankIsUnset(
    z.enum(['true', 'false'], { error: 'must be true or false' }),
  ),
  KEYGUARD_DISPLAY_TIME_ZONE: blankIsUnset(
    z.string().refine(isTimeZone, {
      error: 'must be an IANA time zone such as Asia/Shanghai',
    }),
  ),
  KEYGUARD_SILENCES: blankIsUnset(silences.pipe(z.array(silence))),
  KEYGUARD_HEARTBEAT_URL: blankIsUnset(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  ),
  KEYGUARD_CONCURRENCY: blankIsUnset(number(1, 64, true)),
  KEYGUARD_PROJECT_CONCURRENCY: blankIsUnset(number(1, 16, true)),
  KEYGUARD_KMS_QPS: blankIsUnset(number(1, 1000)),
  KEYGUARD_FULL_REFRESH_HOURS: blankIsUnset(number(0, 8760)),
});

type Env = Readonly<Record<string, string | undefined>>;

const settingsOf = (
  values: z.infer<typeof schema>,
  common: CommonConfig,
): KeyHealthSettings => {
  const d = KEY_HEALTH_DEFAULTS;
  const problems: ConfigProblem[] = [];
  const stateDir =
    values.KEYGUARD_STATE_DIR ??
    (common.mode === 'local' ? d.stateDirLocal : undefined);
  if (stateDir === undefined) {
    problems.push({
      variable: 'KEYGUARD_STATE_DIR',
      rule: 'must name the mounted state directory in cloud mode',
    });
  }
  const warning = values.KEYGUARD_EXPIRY_WARNING_DAYS ?? d.expiryWarningDays;
  const critical = values.KEYGUARD_EXPIRY_CRITICAL_DAYS ?? d.expiryCriticalDays;
  if (critical > warning) {
    problems.push({
      variable: 'KEYGUARD_EXPIRY_CRITICAL_DAYS',
      rule: 'must not exceed KEYGUARD_EXPIRY_WARNING_DAYS',
    });
  }
  if (stateDir === undefined || problems.length > 0) {
    throw new ConfigError(problems);
  }
  registerSecret(values.KEYGUARD_HEARTBEAT_URL);
  return {
    regions: values.KEYGUARD_REGIONS ?? [common.region],
    projectPatterns: values.KEYGUARD_PROJECT_PATTERNS ?? [],
    stateDir,
    expiryWarningDays: warning,
    expiryCriticalDays: critical,
    repeatCriticalMs:
      (values.KEYGUARD_REPEAT_CRITICAL_HOURS ?? d.repeatCriticalHours) *
      HOUR_MS,
    repeatWarningMs:
      (values.KEYGUARD_REPEAT_WARNING_HOURS ?? d.repeatWarningHours) * HOUR_MS,
    encryptionPolicy: values.KEYGUARD_ENCRYPTION_POLICY ?? d.encryptionPolicy,
    requireDeletionProtection:
      (values.KEYGUARD_REQUIRE_DELETION_PROTECTION ?? 'false') === 'true',
    timeZone: values.KEYGUARD_DISPLAY_TIME_ZONE ?? d.timeZone,
    silences: (values.KEYGUARD_SILENCES ?? []).map((s) => ({
      reason: s.reason,
      expiresAt: Date.parse(s.expiresAt),
      ...(s.keyId === undefined ? {} : { keyId: s.keyId }),
      ...(s.finding === undefined ? {} : { finding: s.finding }),
    })),
    ...(values.KEYGUARD_HEARTBEAT_URL === undefined
      ? {}
      : { heartbeatUrl: values.KEYGUARD_HEARTBEAT_URL }),
    concurrency: values.KEYGUARD_CONCURRENCY ?? d.concurrency,
    projectConcurrency:
      values.KEYGUARD_PROJECT_CONCURRENCY ?? d.projectConcurrency,
    kmsQps: values.KEYGUARD_KMS_QPS ?? d.kmsQps,
    fullRefreshMs:
      (values.KEYGUARD_FULL_REFRESH_HOURS ?? d.fullRefreshHours) * HOUR_MS,
  };
};

/** Pure: the environment in, the configuration out, or a ConfigError. */
export const parseKeyHealthConfig = (env: Env): KeyHealthConfig => {
  const common = parseCommonConfig(env);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(schemaProblems(parsed.error));
  }
  return {
    ...settingsOf(parsed.data, common),
    common,
    channels: parseChannels(env),
  };
};
