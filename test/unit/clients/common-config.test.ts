import dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../../shared/channels/config.ts';
import {
  COMMON_ENV,
  ConfigError,
  loadCommonConfig,
  parseCommonConfig,
} from '../../../shared/config/common.ts';
import { INTRANET_ENDPOINTS } from '../../../shared/endpoints.ts';

const failure = (env: Record<string, string>): ConfigError => {
  try {
    parseCommonConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('common configuration', () => {
  it('defaults to cloud mode with intranet endpoints in the FC region', () => {
    const config = parseCommonConfig({ FC_REGION: 'cn-shanghai' });

    expect(config).toEqual({
      mode: 'cloud',
      endpoints: INTRANET_ENDPOINTS,
      region: 'cn-shanghai',
      callTimeoutMs: 3_000,
      logLevel: 'info',
    });
  });

  it('lets KEYGUARD_REGION override FC_REGION', () => {
    const config = parseCommonConfig({
      FC_REGION: 'cn-shanghai',
      KEYGUARD_REGION: 'cn-beijing',
    });

    expect(config.region).toBe('cn-beijing');
  });

  it('points local mode at the local cloud port over http', () => {
    const config = parseCommonConfig({
      KEYGUARD_MODE: 'local',
      KEYGUARD_LOCAL_PORT: '9123',
    });

    expect(config.endpoints).toEqual({
      sls: '{region}.log.localhost:9123',
      kms: 'kms.{region}.localhost:9123',
      protocol: 'http',
    });
    expect(config.region).toBe('cn-hangzhou');
  });

  it('takes explicit endpoint templates, protocol and timeout', () => {
    const config = parseCommonConfig({
      FC_REGION: 'cn-hangzhou',
      KEYGUARD_SLS_ENDPOINT: '{region}.log.aliyuncs.com',
      KEYGUARD_KMS_ENDPOINT: 'kms.{region}.aliyuncs.com',
      KEYGUARD_PROTOCOL: 'http',
      KEYGUARD_CALL_TIMEOUT_MS: '1500',
    });

    expect(config.endpoints).toEqual({
      sls: '{region}.log.aliyuncs.com',
      kms: 'kms.{region}.aliyuncs.com',
      protocol: 'http',
    });
    expect(config.callTimeoutMs).toBe(1_500);
  });

  it('treats an empty variable as unset', () => {
    const config = parseCommonConfig({
      FC_REGION: 'cn-hangzhou',
      KEYGUARD_MODE: '',
      KEYGUARD_CALL_TIMEOUT_MS: '',
    });

    expect(config.mode).toBe('cloud');
    expect(config.callTimeoutMs).toBe(3_000);
  });

  it.each([
    [{ KEYGUARD_MODE: 'prod' }, 'KEYGUARD_MODE', 'must be cloud or local'],
    [
      { KEYGUARD_SLS_ENDPOINT: 'cn-hangzhou.log.aliyuncs.com' },
      'KEYGUARD_SLS_ENDPOINT',
      'containing {region}',
    ],
    [
      { KEYGUARD_KMS_ENDPOINT: 'https://kms.{region}.aliyuncs.com' },
      'KEYGUARD_KMS_ENDPOINT',
      'without a scheme',
    ],
    [{ KEYGUARD_PROTOCOL: 'ftp' }, 'KEYGUARD_PROTOCOL', 'http or https'],
    [{ KEYGUARD_REGION: 'Hangzhou' }, 'KEYGUARD_REGION', 'region id'],
    [
      { KEYGUARD_CALL_TIMEOUT_MS: '2.5' },
      'KEYGUARD_CALL_TIMEOUT_MS',
      'from 100 to 120000',
    ],
    [
      { KEYGUARD_CALL_TIMEOUT_MS: 'soon' },
      'KEYGUARD_CALL_TIMEOUT_MS',
      'whole number',
    ],
    [{ KEYGUARD_LOG_LEVEL: 'loud' }, 'KEYGUARD_LOG_LEVEL', 'must be fatal'],
  ])('refuses %o naming %s', (bad, variable, rule) => {
    const error = failure({ FC_REGION: 'cn-hangzhou', ...bad });

    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(variable);
    expect(error.message).toContain(rule);
    expect(error.context.variables).toEqual([variable]);
  });

  it('refuses with the same code as the alert channel configuration', () => {
    // Act: one bad setting for each module that reads configuration.
    const common = failure({ KEYGUARD_PROTOCOL: 'ftp' });
    let channels: unknown;
    try {
      parseChannels({ KEYGUARD_CHANNELS: 'not json' });
    } catch (error) {
      channels = error;
    }

    // Assert: one code for one thing, whichever module read it.
    expect((channels as { code?: unknown }).code).toBe(common.code);
  });

  it('never echoes the refused value', () => {
    const error = failure({
      FC_REGION: 'cn-hangzhou',
      KEYGUARD_PROTOCOL: 'gopher-secret-value',
    });

    expect(error.message).not.toContain('gopher-secret-value');
  });

  it('names every broken variable at once', () => {
    const error = failure({ KEYGUARD_MODE: 'x', KEYGUARD_PROTOCOL: 'y' });

    expect(error.context.variables).toEqual([
      'KEYGUARD_MODE',
      'KEYGUARD_PROTOCOL',
    ]);
  });

  it('requires a region in cloud mode', () => {
    const error = failure({});

    expect(error.message).toContain('KEYGUARD_REGION');
    expect(error.message).toContain('FC_REGION');
  });

  it('requires the local port when local endpoints are not given', () => {
    const error = failure({ KEYGUARD_MODE: 'local' });

    expect(error.context.variables).toEqual(['KEYGUARD_LOCAL_PORT']);
  });

  it('lists every variable it reads except the platform ones', () => {
    expect([...COMMON_ENV].sort()).toEqual([
      'KEYGUARD_CALL_TIMEOUT_MS',
      'KEYGUARD_KMS_ENDPOINT',
      'KEYGUARD_LOCAL_PORT',
      'KEYGUARD_LOG_LEVEL',
      'KEYGUARD_MODE',
      'KEYGUARD_PROTOCOL',
      'KEYGUARD_REGION',
      'KEYGUARD_SLS_ENDPOINT',
    ]);
  });

  it('makes *.localhost resolve to loopback in local mode', async () => {
    loadCommonConfig({ KEYGUARD_MODE: 'local', KEYGUARD_LOCAL_PORT: '9123' });

    // Sockets resolve through the callback dns.lookup, not dns/promises.
    const address = await new Promise((resolve, reject) =>
      dns.lookup('demo-proj.cn-hangzhou.log.localhost', (error, found) =>
        error ? reject(error) : resolve(found),
      ),
    );

    expect(address).toBe('127.0.0.1');
  });
});
