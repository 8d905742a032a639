import { createHash } from 'node:crypto';
import { DEMO_ACCESS_KEY } from '../emulator/demo.ts';
import { KeyguardError } from './errors.ts';
import type { FcCredentials } from './fc/context.ts';
import { registerSecret } from './secrets.ts';

/**
 * One fixed credential triple per invocation. The SDKs ask a credentials
 * provider for id, secret and token separately (platform-facts §3), so a
 * provider that refreshed between the three questions could sign with a
 * mixed triple; handing them plain values rules that out. FC's STS token
 * changes between invocations, so a warm instance must not keep a client
 * built with an earlier one: build clients per invocation, or through
 * `perCredentials`, which rebuilds whenever the triple changes.
 */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export type Mode = 'cloud' | 'local';

export const CREDENTIAL_ENV = {
  accessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  accessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  securityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
} as const;

export interface CredentialSources {
  readonly mode: Mode;
  /** The invocation's context; absent outside FC (CLI, scripts). */
  readonly context?: { readonly credentials?: FcCredentials } | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const present = (value: string | undefined): value is string =>
  value !== undefined && value !== '';

const triple = (
  accessKeyId: string,
  accessKeySecret: string,
  securityToken: string | undefined,
): Credentials => {
  registerSecret(accessKeySecret);
  registerSecret(securityToken);

  return Object.freeze(
    present(securityToken)
      ? { accessKeyId, accessKeySecret, securityToken }
      : { accessKeyId, accessKeySecret },
  );
};

const missing = (detail: string): KeyguardError =>
  new KeyguardError(`no credentials: ${detail}`, {
    code: 'credentials_missing',
    status: 500,
  });

const fromEnv = (
  env: Readonly<Record<string, string | undefined>>,
): Credentials | undefined => {
  const id = env[CREDENTIAL_ENV.accessKeyId];
  const secret = env[CREDENTIAL_ENV.accessKeySecret];
  if (!present(id) && !present(secret)) return undefined;
  if (!present(id)) throw missing(`${CREDENTIAL_ENV.accessKeyId} is empty`);
  if (!present(secret)) {
    throw missing(`${CREDENTIAL_ENV.accessKeySecret} is empty`);
  }

  return triple(id, secret, env[CREDENTIAL_ENV.securityToken]);
};

/**
 * In order: the invocation's temporary credentials, the ALIBABA_CLOUD_*
 * variables, and, in local mode only, the local cloud's demo key (which
 * opens nothing in the real cloud).
 */
export const resolveCredentials = (sources: CredentialSources): Credentials => {
  const fc = sources.context?.credentials;
  if (fc !== undefined && present(fc.accessKeyId)) {
    if (!present(fc.accessKeySecret)) {
      throw missing('the invocation context has no accessKeySecret');
    }
    return triple(fc.accessKeyId, fc.accessKeySecret, fc.securityToken);
  }

  const env = fromEnv(sources.env ?? process.env);
  if (env !== undefined) return env;

  if (sources.mode === 'local') {
    return triple(
      DEMO_ACCESS_KEY.accessKeyId,
      DEMO_ACCESS_KEY.accessKeySecret,
      undefined,
    );
  }

  throw missing(
    `set ${CREDENTIAL_ENV.accessKeyId} and ${CREDENTIAL_ENV.accessKeySecret}` +
      ' or run inside Function Compute',
  );
};

/** A digest of the triple, so caches never hold secrets as keys. */
export const credentialsKey = (credentials: Credentials): string =>
  createHash('sha256')
    .update(credentials.accessKeyId)
    .update('\0')
    .update(credentials.accessKeySecret)
    .update('\0')
    .update(credentials.securityToken ?? '')
    .digest('hex');

/**
 * Reuses what `build` made for the same triple (a warm instance serving
 * the same token keeps its connections) and builds afresh for a new one.
 * Only the latest is kept: FC runs one request per instance.
 */
export const perCredentials = <T>(
  build: (credentials: Credentials) => T,
): ((credentials: Credentials) => T) => {
  let last: { readonly key: string; readonly value: T } | undefined;

  return (credentials) => {
    const key = credentialsKey(credentials);
    if (last?.key !== key) last = { key, value: build(credentials) };

    return last.value;
  };
};
