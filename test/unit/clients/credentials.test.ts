import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY } from '../../../emulator/demo.ts';
import {
  type Credentials,
  perCredentials,
  resolveCredentials,
} from '../../../shared/credentials.ts';
import { clearSecrets, scrub } from '../../../shared/secrets.ts';

const fcCredentials = {
  accessKeyId: 'STS.fromContext0001',
  accessKeySecret: 'context-secret-0001',
  securityToken: 'context-token-0001',
};

const envCredentials = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIfromEnv0001',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-0001',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token-0001',
};

afterEach(() => clearSecrets());

describe('resolveCredentials', () => {
  it('takes the invocation context first', () => {
    const credentials = resolveCredentials({
      mode: 'cloud',
      context: { credentials: fcCredentials },
      env: envCredentials,
    });

    expect(credentials).toEqual(fcCredentials);
  });

  it('falls back to the ALIBABA_CLOUD_* variables', () => {
    const credentials = resolveCredentials({
      mode: 'cloud',
      env: envCredentials,
    });

    expect(credentials).toEqual({
      accessKeyId: 'LTAIfromEnv0001',
      accessKeySecret: 'env-secret-0001',
      securityToken: 'env-token-0001',
    });
  });

  it('leaves out an empty security token', () => {
    const credentials = resolveCredentials({
      mode: 'cloud',
      env: { ...envCredentials, ALIBABA_CLOUD_SECURITY_TOKEN: '' },
    });

    expect(credentials).not.toHaveProperty('securityToken');
  });

  it('uses the demo key only in local mode', () => {
    const local = resolveCredentials({ mode: 'local', env: {} });

    expect(local).toEqual(DEMO_ACCESS_KEY);
    expect(() => resolveCredentials({ mode: 'cloud', env: {} })).toThrow(
      expect.objectContaining({ code: 'credentials_missing' }),
    );
  });

  it('names the variable when only half a key is set', () => {
    expect(() =>
      resolveCredentials({
        mode: 'local',
        env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIfromEnv0001' },
      }),
    ).toThrow(/ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
  });

  it('registers the secret and the token for scrubbing', () => {
    resolveCredentials({
      mode: 'cloud',
      context: { credentials: fcCredentials },
    });

    const line = scrub('sent context-secret-0001 with context-token-0001');

    expect(line).not.toContain('context-secret-0001');
    expect(line).not.toContain('context-token-0001');
  });

  it('hands out a frozen triple', () => {
    const credentials = resolveCredentials({
      mode: 'cloud',
      env: envCredentials,
    });

    expect(Object.isFrozen(credentials)).toBe(true);
  });
});

describe('perCredentials', () => {
  it('rebuilds when a warm instance gets a new token', () => {
    const built: Credentials[] = [];
    const clientFor = perCredentials((credentials) => {
      built.push(credentials);
      return { token: credentials.securityToken };
    });
    const first = { ...fcCredentials };
    const second = { ...fcCredentials, securityToken: 'context-token-0002' };

    const a = clientFor(first);
    const b = clientFor({ ...first });
    const c = clientFor(second);

    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(c.token).toBe('context-token-0002');
    expect(built).toHaveLength(2);
  });
});
