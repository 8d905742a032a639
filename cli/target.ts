import { type Clock, systemClock } from '../shared/clock.ts';
import {
  type CommonConfig,
  loadCommonConfig,
} from '../shared/config/common.ts';
import { type Credentials, resolveCredentials } from '../shared/credentials.ts';
import { PUBLIC_ENDPOINTS } from '../shared/endpoints.ts';
import { KeyguardError } from '../shared/errors.ts';
import { readLocalClock } from './local-clock.ts';

/**
 * Which endpoint set the CLI talks to. `--local [port]` means the local
 * cloud and its demo key; otherwise the real cloud with the standard
 * ALIBABA_CLOUD_* credentials and region. Either way the result is the
 * environment the functions' own config modules read, so the CLI runs the
 * same core code with the same parsing as a deployed function.
 */
export interface TargetOptions {
  /** `true` for a bare `--local`, the port text when one was given. */
  readonly local?: string | boolean;
  readonly region?: string;
}

export interface Target {
  readonly config: CommonConfig;
  readonly credentials: Credentials;
  /** The environment to hand the functions' config modules. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** For messages: where the CLI is pointed, without secrets. */
  readonly description: string;
  /** `--local` only: the local cloud's port. */
  readonly localPort?: number;
}

/** `npm run emulator` listens here unless told otherwise. */
export const DEFAULT_LOCAL_PORT = 4510;

/** The Alibaba Cloud CLI's and SDKs' variable for the default region. */
export const REGION_ENV = 'ALIBABA_CLOUD_REGION_ID';

const usage = (message: string): KeyguardError =>
  new KeyguardError(message, { code: 'usage', status: 400 });

const localPort = (
  option: string | boolean,
  env: Readonly<Record<string, string | undefined>>,
): number => {
  const text =
    typeof option === 'string'
      ? option
      : (env.KEYGUARD_EMULATOR_PORT ?? String(DEFAULT_LOCAL_PORT));
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw usage(`--local takes a port from 1 to 65535, not "${text}"`);
  }

  return port;
};

export const resolveTarget = (
  options: TargetOptions,
  env: Readonly<Record<string, string | undefined>>,
): Target => {
  if (options.local !== undefined && options.local !== false) {
    const port = localPort(options.local, env);
    const targetEnv = {
      ...env,
      KEYGUARD_MODE: 'local',
      KEYGUARD_LOCAL_PORT: String(port),
      KEYGUARD_REGION: options.region ?? env.KEYGUARD_REGION ?? 'cn-hangzhou',
      // The local cloud's own endpoints, whatever the shell says.
      KEYGUARD_SLS_ENDPOINT: undefined,
      KEYGUARD_KMS_ENDPOINT: undefined,
      KEYGUARD_PROTOCOL: undefined,
    };
    const config = loadCommonConfig(targetEnv);
    // Real keys in the shell must not be sent to the local cloud: the
    // demo key is what opens it.
    const credentials = resolveCredentials({ mode: 'local', env: {} });

    return {
      config,
      credentials,
      env: targetEnv,
      description: `the local cloud on port ${port}`,
      localPort: port,
    };
  }

  const region = options.region ?? env[REGION_ENV] ?? env.KEYGUARD_REGION;
  if (region === undefined || region === '') {
    throw usage(`name the region with --region or ${REGION_ENV}`);
  }
  // The CLI runs outside the region's VPC, so the public endpoints are
  // the default here (the functions default to the intranet ones).
  const targetEnv = {
    ...env,
    KEYGUARD_MODE: 'cloud',
    KEYGUARD_REGION: region,
    KEYGUARD_SLS_ENDPOINT: env.KEYGUARD_SLS_ENDPOINT ?? PUBLIC_ENDPOINTS.sls,
    KEYGUARD_KMS_ENDPOINT: env.KEYGUARD_KMS_ENDPOINT ?? PUBLIC_ENDPOINTS.kms,
  };
  const config = loadCommonConfig(targetEnv);
  const credentials = resolveCredentials({ mode: 'cloud', env });

  return {
    config,
    credentials,
    env: targetEnv,
    description: `Alibaba Cloud in ${config.region}`,
  };
};

/**
 * The clock the core runs on: real time against Alibaba Cloud, the local
 * cloud's own clock against the local cloud (the README's promise), so a
 * finding's "in 3 days" is the same from the CLI and from key-health.
 */
export const targetClock = (target: Target): Promise<Clock> =>
  target.localPort === undefined
    ? Promise.resolve(systemClock)
    : readLocalClock(target.localPort);
