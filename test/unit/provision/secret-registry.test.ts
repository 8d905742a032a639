import { afterEach, describe, expect, it } from 'vitest';
import { resolveCredentials } from '../../../shared/credentials.ts';
import type { FcContext } from '../../../shared/fc/context.ts';
import { protectCredentials } from '../../../shared/fc/middlewares.ts';
import {
  clearSecrets,
  REDACTED,
  registeredSecretCount,
  registerSecret,
  scrub,
} from '../../../shared/secrets.ts';

/**
 * A warm instance meets a new STS token with every invocation; the
 * registry keeps the recent credential sets, not every one it saw, so
 * scrubbing a log line costs the same after 10,000 invocations as after
 * ten. Configured secrets are kept for the instance's life.
 */
afterEach(() => clearSecrets());

const credentialsOf = (n: number) => ({
  accessKeyId: `STS.id-${n}`,
  accessKeySecret: `secret-of-invocation-${n}`,
  securityToken: `token-of-invocation-${n}`,
});

/** One invocation as the provision pipeline runs it. */
const invoke = (n: number) => {
  const context = { credentials: credentialsOf(n) } as FcContext;
  const before = protectCredentials().before;
  before?.({ context } as never);
  resolveCredentials({ mode: 'cloud', context });
};

describe('the secret registry on a warm instance', () => {
  it('stays bounded over 10,000 invocations', () => {
    registerSecret('whsec_configured-signing-secret');
    for (let n = 0; n < 100; n += 1) invoke(n);
    const after100 = registeredSecretCount();

    for (let n = 100; n < 10_000; n += 1) invoke(n);

    expect(registeredSecretCount()).toBe(after100);
    expect(registeredSecretCount()).toBeLessThan(200);
  });

  it('still scrubs the recent credentials and the configured secrets', () => {
    registerSecret('whsec_configured-signing-secret');
    for (let n = 0; n < 10_000; n += 1) invoke(n);

    const line = scrub(
      'token-of-invocation-9999 secret-of-invocation-9990 ' +
        'whsec_configured-signing-secret',
    );

    expect(line).toBe(`${REDACTED} ${REDACTED} ${REDACTED}`);
  });

  it('lets go of credential sets far older than the recent ones', () => {
    for (let n = 0; n < 10_000; n += 1) invoke(n);

    expect(scrub('token-of-invocation-0')).toBe('token-of-invocation-0');
  });
});
